import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteSessionFunctionScans } from './session-function-scans.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteSessionFunctionScans, sql);

describe('rewriteSessionFunctionScans', () => {
  it('turns a session function in FROM into a one-row subquery named as Postgres names its column', () => {
    expect(normalizeSql(rewrite('SELECT * FROM current_schema()').sql)).toBe(normalizeSql('SELECT * FROM (SELECT current_schema() AS current_schema) AS "current_schema"'));
    expect(normalizeSql(rewrite('SELECT * FROM pg_catalog.version()').sql)).toBe(normalizeSql('SELECT * FROM (SELECT pg_catalog.version() AS version) AS version'));
    expect(normalizeSql(rewrite('SELECT d FROM current_database() d').sql)).toBe(normalizeSql('SELECT d FROM (SELECT current_database() AS d) AS d'));
    expect(normalizeSql(rewrite("SELECT x FROM current_setting('search_path') AS s(x)").sql)).toBe(normalizeSql("SELECT x FROM (SELECT current_setting('search_path') AS x) AS s"));
  });

  it('leaves other functions, WITH ORDINALITY and ROWS FROM alone', () => {
    expect(rewrite('SELECT * FROM generate_series(1, 3)').changed).toBe(false);
    expect(rewrite('SELECT * FROM version() WITH ORDINALITY').changed).toBe(false);
    expect(rewrite('SELECT * FROM myschema.current_schema()').changed).toBe(false);
    expect(rewrite('SELECT * FROM ROWS FROM (version())').changed).toBe(false);
  });
});
