import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from '../index.js';
import { resultTypeHints } from './index.js';

beforeAll(async () => {
  await initParser();
});

const hints = (sql: string) => resultTypeHints(parseStatements(sql)[0].ast)?.columns;

describe('jsonbResult', () => {
  it('reports jsonb for jsonb functions and jsonb operators over jsonb', () => {
    const jsonb = { oid: 3802, typmod: -1 };
    expect(hints("select jsonb_build_object('a', 1), to_jsonb(x), x::jsonb -> 'a', x::jsonb || y, jsonb_agg(x) from t")).toEqual([jsonb, jsonb, jsonb, jsonb, jsonb]);
  });

  it('leaves json and text results to the DuckDB type', () => {
    expect(hints("select x::jsonb ->> 'a', j -> 'a', jsonb_typeof(j) from t")).toEqual([{ typmod: -1 }, { typmod: -1 }, { typmod: -1 }]);
  });
});
