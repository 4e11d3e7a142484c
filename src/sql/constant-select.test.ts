import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from './index.js';
import { matchConstantSelect } from './constant-select.js';

beforeAll(async () => {
  await initParser();
});

const match = (sql: string) => matchConstantSelect(parseStatements(sql)[0].ast);

describe('matchConstantSelect', () => {
  it('answers literal-only selects with Postgres types and names', () => {
    expect(match('select 1')).toEqual({ columns: [{ name: '?column?', oid: 23 }], row: [1] });
    expect(match("SELECT 'ok' AS status, true, null AS n")).toEqual({
      columns: [
        { name: 'status', oid: 25 },
        { name: '?column?', oid: 16 },
        { name: 'n', oid: 25 },
      ],
      row: ['ok', true, null],
    });
    expect(match('select 1.50 as x')).toEqual({ columns: [{ name: 'x', oid: 1700 }], row: ['1.50'] });
  });

  it('types integers beyond int4 as int8, and beyond int8 as numeric, as Postgres does', () => {
    expect(match('select 2147483648 as a')!.columns[0].oid).toBe(20);
    expect(match('select 2147483648 as a')!.row[0]).toBe(2147483648n);
    expect(match('select 99999999999999999999 as a')).toEqual({ columns: [{ name: 'a', oid: 1700 }], row: ['99999999999999999999'] });
  });

  it('leaves everything else to the engine', () => {
    for (const sql of ['select 1 from t', 'select 1 + 1', 'select 1::int8', 'select 1 where true', 'select 1 union select 2', 'select 1e3', 'select $1', 'select 1 limit 1', 'values (1)']) {
      expect(match(sql), sql).toBeNull();
    }
  });
});
