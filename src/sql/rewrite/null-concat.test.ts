import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteNullConcat } from './null-concat.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteNullConcat, sql);

describe('rewriteNullConcat', () => {
  it("types x || NULL as x's own type when x is an expression", () => {
    expect(normalizeSql(rewrite('select s || null as a, null || ia as b from t').sql)).toBe(
      normalizeSql('select case when false then s end as a, case when false then ia end as b from t'),
    );
  });

  it('types it as the NULL cast, or text between constants', () => {
    expect(normalizeSql(rewrite('select null::text || s').sql)).toBe(normalizeSql('select null::text'));
    expect(normalizeSql(rewrite("select 'a' || null, null || null, 1 || null").sql)).toBe(normalizeSql('select null::text, null::text, null::text'));
    expect(normalizeSql(rewrite('select null::int[] || ia from t').sql)).toBe(normalizeSql('select null::int[] from t'));
  });

  it('leaves concatenations without a NULL constant alone', () => {
    expect(rewrite("select s || 'x', s || vc, a + null from t").changed).toBe(false);
  });
});
