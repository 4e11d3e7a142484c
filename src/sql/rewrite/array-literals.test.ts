import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { PgError } from '../../errors/index.js';
import { initParser } from '../index.js';
import { rewriteArrayLiterals } from './array-literals.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteArrayLiterals, sql);

describe('rewriteArrayLiterals', () => {
  it('turns a string cast to an array type into ARRAY[...] of its element texts', () => {
    expect(rewrite("select '{1,2}'::int[]").sql).toBe(normalizeSql("select ARRAY['1', '2']::int[]"));
    expect(rewrite(`select cast('{a,"b c",NULL,""}' as text[]) as t`).sql).toBe(normalizeSql("select ARRAY['a', 'b c', NULL, '']::text[] AS t"));
    expect(rewrite("select '{}'::text[]").sql).toBe(normalizeSql('select ARRAY[]::text[]'));
  });

  it('gives a multi-dimensional literal one list level per dimension', () => {
    expect(rewrite("select '{{1,2},{3,4}}'::int[]").sql).toBe(normalizeSql("select ARRAY[['1', '2'], ['3', '4']]::int[][]"));
  });

  it('raises 22P02 for a malformed literal', () => {
    let err: unknown;
    try {
      rewrite("select '{1,2'::int[]");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgError);
    expect((err as PgError).code).toBe('22P02');
    expect((err as PgError).message).toBe('malformed array literal: "{1,2"');
  });

  it('leaves other casts alone', () => {
    expect(rewrite("select '1'::int, x::int[] from t").changed).toBe(false);
  });
});
