import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteVersionFunction } from './version-function.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteVersionFunction, sql);

describe('rewriteVersionFunction', () => {
  it('answers version() and pg_catalog.version() with the Postgres-style string, named version', () => {
    expect(normalizeSql(rewrite('select version()').sql)).toBe(normalizeSql("select 'PostgreSQL 15.20 (jammi test)' as version"));
    expect(normalizeSql(rewrite('select pg_catalog.version() as v').sql)).toBe(normalizeSql("select 'PostgreSQL 15.20 (jammi test)' as v"));
    expect(normalizeSql(rewrite("select split_part(version(), ' ', 2)").sql)).toBe(normalizeSql("select split_part('PostgreSQL 15.20 (jammi test)', ' ', 2)"));
  });

  it('leaves a version function with arguments or another schema alone', () => {
    expect(rewrite("select version('x')").changed).toBe(false);
    expect(rewrite('select myschema.version()').changed).toBe(false);
  });
});
