import { describe, expect, it, beforeAll } from 'vitest';
import { initParser, parseStatements } from './parse.js';
import { operandProbes } from './param-probes.js';

const probes = (sql: string) => Object.fromEntries([...operandProbes(parseStatements(sql)[0].ast)].map(([i, p]) => [i, p.sql]));

describe('operandProbes', () => {
  beforeAll(() => initParser());
  it('probes the other operand over the statement relations', () => {
    expect(probes('UPDATE t AS x SET n = n + $1 WHERE id = $2')).toEqual({ 0: 'SELECT n FROM t AS x LIMIT 0', 1: 'SELECT id FROM t AS x LIMIT 0' });
    expect(probes('DELETE FROM t USING u WHERE t.a * $2 > u.b')).toEqual({ 1: 'SELECT t.a FROM t, u LIMIT 0' });
    expect(probes('SELECT a - $1 FROM t JOIN u ON t.id = u.id')).toEqual({ 0: 'SELECT a FROM t JOIN u ON t.id = u.id LIMIT 0' });
  });
  it('gives a subquery its own scope and skips operands that hold parameters', () => {
    expect(probes('SELECT 1 FROM t WHERE a IN (SELECT b FROM u WHERE b + $1 > 0)')).toEqual({ 0: 'SELECT b FROM u LIMIT 0' });
    expect(probes('SELECT $1 + $2')).toEqual({});
    expect(operandProbes(parseStatements("SELECT d + $1, s || $2 FROM t")[0].ast)).toEqual(new Map([[0, { sql: 'SELECT d FROM t LIMIT 0', arithmetic: true }]]));
  });
});
