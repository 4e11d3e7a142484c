import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteInt4Results } from './int4-results.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteInt4Results, sql);

describe('rewriteInt4Results', () => {
  it('casts ntile() to integer, wherever it appears', () => {
    expect(normalizeSql(rewrite('select ntile(4) over (order by x) as q from t order by ntile(2) over (order by x)').sql)).toBe(
      normalizeSql('select (ntile(4) over (order by x))::int4 as q from t order by (ntile(2) over (order by x))::int4'),
    );
  });

  it('casts grouping() to integer', () => {
    expect(normalizeSql(rewrite('select a, grouping(a) as g from t group by rollup (a)').sql)).toBe(normalizeSql('select a, grouping(a)::int4 as g from t group by rollup (a)'));
  });

  it('leaves other window functions and a plain ntile() call alone', () => {
    expect(rewrite('select row_number() over (), rank() over (order by x), ntile(2) from t').changed).toBe(false);
  });
});
