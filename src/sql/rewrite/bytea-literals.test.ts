import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { decodeByteaInput, rewriteByteaLiterals } from './bytea-literals.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteByteaLiterals, sql);

describe('rewriteByteaLiterals', () => {
  it('re-spells hex and escape-format bytea literals for DuckDB', () => {
    expect(rewrite("select '\\x0102ff'::bytea").sql).toBe(normalizeSql("select '\\x01\\x02\\xFF'::bytea"));
    expect(rewrite("select 'ab\\\\c\\001'::bytea").sql).toBe(normalizeSql("select 'ab\\x5Cc\\x01'::bytea"));
    expect(rewrite("select '\\x'::bytea").sql).toBe(normalizeSql("select ''::bytea"));
  });

  it('leaves other casts alone', () => {
    expect(rewrite("select '\\x01'::text").changed).toBe(false);
  });

  it('refuses malformed input like Postgres (22P02)', () => {
    expect(() => decodeByteaInput('\\x0')).toThrow(/hexadecimal/);
    expect(() => decodeByteaInput('a\\9')).toThrow(/bytea/);
  });
});
