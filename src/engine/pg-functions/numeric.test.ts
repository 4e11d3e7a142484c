import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPgFunctions } from './index.js';

/** The numeric compatibility macros on DuckDB with jammi's engine settings (integer division on). */
let instance: DuckDBInstance;
let row: (sql: string) => Promise<unknown[]>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run('SET integer_division = true');
  await installPgFunctions(conn);
  row = async (sql) => (await conn.runAndReadAll(sql)).getRowsJS()[0];
});

afterAll(() => instance.closeSync());

describe('sum macro', () => {
  it('sums int8 to a scale-0 numeric, which divides as a numeric, not as an integer', async () => {
    const r = await row('SELECT typeof(jammi_pg.main.sum(x, x)), CAST(jammi_pg.main.sum(x, x) / 2 AS VARCHAR) FROM (VALUES (3::BIGINT), (4::BIGINT)) t(x)');
    expect(r).toEqual(['DECIMAL(38,0)', '3.5']);
  });

  it('sums int4 to int8, which divides as an integer, as in Postgres', async () => {
    const r = await row('SELECT typeof(jammi_pg.main.sum(x, x)), CAST(jammi_pg.main.sum(x, x) / 2 AS VARCHAR) FROM (VALUES (3), (4)) t(x)');
    expect(r).toEqual(['BIGINT', '3']);
  });
});
