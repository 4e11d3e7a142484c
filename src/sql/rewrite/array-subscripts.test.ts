import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteArraySubscripts } from './array-subscripts.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteArraySubscripts, sql);

describe('rewriteArraySubscripts', () => {
  it('finds nothing at a subscript below 1 and clamps slice bounds', () => {
    expect(rewrite('select a[-1] as x, a[-2:2] as y, a[1:-1] as z from t').sql).toBe(normalizeSql('select a[NULL] AS x, a[1:2] AS y, a[1:0] AS z from t'));
    expect(rewrite('select a[n - 5] as x from t').sql).toBe(normalizeSql('select a[CASE WHEN n - 5 >= 1 THEN n - 5 END] AS x from t'));
  });

  it('leaves positive constants and plain column subscripts alone', () => {
    expect(rewrite("select a[1], a[2:3], a[:2], a[i], m['k'] from t").changed).toBe(false);
  });
});
