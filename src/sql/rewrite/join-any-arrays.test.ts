import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteJoinAnyArrays } from './join-any-arrays.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteJoinAnyArrays, sql);

describe('rewriteJoinAnyArrays', () => {
  it('turns `x = ANY(column)` conjuncts of a join condition into list_contains', () => {
    expect(normalizeSql(rewrite('SELECT a.attname FROM pg_constraint c LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)').sql)).toBe(
      normalizeSql('SELECT a.attname FROM pg_constraint c LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND list_contains(c.conkey, a.attnum)'),
    );
    expect(normalizeSql(rewrite('SELECT 1 FROM t JOIN u ON t.id = ANY (u.ids)').sql)).toBe(normalizeSql('SELECT 1 FROM t JOIN u ON list_contains(u.ids, t.id)'));
  });

  it('leaves ANY where NULL differs from false, or over other operands, alone', () => {
    expect(rewrite('SELECT 1 FROM t LEFT JOIN u ON NOT (t.id = ANY (u.ids))').changed).toBe(false);
    expect(rewrite('SELECT 1 FROM t LEFT JOIN u ON t.id = ANY (u.ids) OR t.x').changed).toBe(false);
    expect(rewrite('SELECT t.id = ANY (t.ids) FROM t').changed).toBe(false);
    expect(rewrite('SELECT 1 FROM t LEFT JOIN u ON t.id = ANY ($1)').changed).toBe(false);
    expect(rewrite('SELECT 1 FROM t LEFT JOIN u ON t.id < ANY (u.ids)').changed).toBe(false);
  });
});
