import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteArrayOperators } from './array-operators.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteArrayOperators, sql);

describe('rewriteArrayOperators', () => {
  it('sends || with an array form or a number constant to the concat macro', () => {
    expect(rewrite('select ARRAY[1] || 2 as a, ia || 9 as b, 0 || ia as c from t').sql).toBe(
      normalizeSql('select jammi_pg.main.concat_op(ARRAY[1], 2) AS a, jammi_pg.main.concat_op(ia, 9) AS b, jammi_pg.main.concat_op(0, ia) AS c from t'),
    );
  });

  it('leaves text concatenation alone', () => {
    expect(rewrite("select s || 'x', a || b, s || NULL from t").changed).toBe(false);
  });

  it('gives @> and <@ on an array form Postgres NULL rules', () => {
    expect(rewrite('select ia @> ARRAY[1] as c, ia <@ ARRAY[1, 2] as d from t').sql).toBe(
      normalizeSql('select jammi_pg.main.array_contains(ia, ARRAY[1]) AS c, jammi_pg.main.array_contains(ARRAY[1, 2], ia) AS d from t'),
    );
    expect(rewrite('select j @> k from t').changed).toBe(false);
  });
});
