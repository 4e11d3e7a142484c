import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteRowNullTests } from './row-null-tests.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteRowNullTests, sql);

describe('rewriteRowNullTests', () => {
  it('tests every field of a row constructor: IS NULL when all are NULL, IS NOT NULL when none is', () => {
    expect(normalizeSql(rewrite('select row(a, b) is null as n from t').sql)).toBe(normalizeSql('select (a is null and b is null) as n from t'));
    expect(normalizeSql(rewrite('select 1 from t where (a, b) is not null').sql)).toBe(normalizeSql('select 1 from t where a is not null and b is not null'));
    expect(normalizeSql(rewrite('select row(a) is null').sql)).toBe(normalizeSql('select a is null'));
  });

  it('tests a nested row field as a plain value, as Postgres does', () => {
    expect(normalizeSql(rewrite('select row(row(a, b), c) is null').sql)).toBe(normalizeSql('select row(a, b) is null and c is null'));
  });

  it('leaves null tests of plain values and whole-row references alone', () => {
    expect(rewrite('select a is null, t is not null from t').changed).toBe(false);
  });
});
