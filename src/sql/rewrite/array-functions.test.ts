import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteArrayFunctions } from './array-functions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteArrayFunctions, sql);

describe('rewriteArrayFunctions', () => {
  it('calls the compatibility macros for Postgres array functions', () => {
    expect(rewrite('select array_length(a, 1) as n, cardinality(a) as c from t').sql).toBe(
      normalizeSql('select jammi_pg.main.array_length(a, 1) AS n, jammi_pg.main.cardinality(a) AS c from t'),
    );
    expect(rewrite("select pg_catalog.array_to_string(a, ',', '*') as s").sql).toBe(normalizeSql("select jammi_pg.main.array_to_string(a, ',', '*') AS s"));
  });

  it('leaves other argument counts, other functions and other schemas alone', () => {
    expect(rewrite('select array_length(a) from t').changed).toBe(false);
    expect(rewrite('select array_agg(a), myschema.cardinality(a) from t').changed).toBe(false);
  });
});
