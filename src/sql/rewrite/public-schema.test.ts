import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewritePublicSchema } from './public-schema.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewritePublicSchema, sql);

describe('rewritePublicSchema', () => {
  it("names public tables in the engine's database schema, in queries, DML and DDL", () => {
    expect(normalizeSql(rewrite('select public.t.a, t.b from public.t join public.u using (id)').sql)).toBe(normalizeSql('select t.a, t.b from jammi.main.t join jammi.main.u using (id)'));
    expect(normalizeSql(rewrite('create table public.t (a int)').sql)).toBe(normalizeSql('create table jammi.main.t (a int)'));
    expect(normalizeSql(rewrite('insert into public.t values (1)').sql)).toBe(normalizeSql('insert into jammi.main.t values (1)'));
    expect(normalizeSql(rewrite('drop table public.t, x').sql)).toBe(normalizeSql('drop table jammi.main.t, x'));
  });

  it('leaves other schemas, unqualified names and catalog-qualified names alone', () => {
    expect(rewrite('select * from t, trips.trips, db.public.t, pg_catalog.pg_class').changed).toBe(false);
  });
});
