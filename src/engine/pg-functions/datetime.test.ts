import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPgFunctions } from './index.js';
import { parseWithTemplate } from './parse-template.js';

/** The date/time compatibility functions run on DuckDB; expected values are PostgreSQL 15's output. */
let instance: DuckDBInstance;
let text: (sql: string) => Promise<string[]>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await installPgFunctions(conn);
  text = async (sql) => {
    const r = await conn.runAndReadAll(sql);
    return r.getRowsJS()[0].map((v) => String(v));
  };
});

afterAll(() => instance.closeSync());

const fn = (name: string) => `jammi_pg.main.${name}`;

describe('extract macros', () => {
  it('keep Postgres 15 numeric scales', async () => {
    const r = await text(`SELECT CAST(${fn('extract_epoch')}(TIMESTAMP '2024-01-01 00:00:00.5') AS VARCHAR), CAST(${fn('extract_second')}(TIME '10:00:59.25') AS VARCHAR),
      CAST(${fn('extract_millisecond')}(TIMESTAMP '2024-01-01 00:00:01.5') AS VARCHAR), CAST(${fn('extract_int')}('dow', DATE '2024-03-15') AS VARCHAR),
      CAST(${fn('extract_epoch')}(DATE '2024-03-15') AS VARCHAR), CAST(${fn('extract_epoch')}(INTERVAL '1 year 2 mons 3 days 04:05:06.5') AS VARCHAR)`);
    expect(r).toEqual(['1704067200.500000', '59.250000', '1500.000', '5', '1710460800', '37015506.500000']);
  });
});

describe('interval functions', () => {
  it('justify as Postgres, with its sign rules', async () => {
    const r = await text(`SELECT CAST(${fn('justify_days')}(INTERVAL '35 days') AS VARCHAR), CAST(${fn('justify_hours')}(INTERVAL '27 hours') AS VARCHAR),
      CAST(${fn('justify_interval')}(INTERVAL '1 mon -1 hour') AS VARCHAR)`);
    expect(r).toEqual(['1 month 5 days', '1 day 03:00:00', '29 days 23:00:00']);
  });

  it('make_interval takes named arguments', async () => {
    expect(await text(`SELECT CAST(${fn('make_interval')}(days := 3, hours := 4, secs := 1.5) AS VARCHAR)`)).toEqual(['3 days 04:00:01.5']);
  });

  it('OVERLAPS takes ends or intervals, in either order', async () => {
    const r = await text(`SELECT ${fn('overlaps')}(DATE '2024-01-01', DATE '2024-02-01', DATE '2024-03-01', DATE '2024-01-15'),
      ${fn('overlaps')}(TIMESTAMP '2024-01-01', INTERVAL '1 day', TIMESTAMP '2024-01-02', INTERVAL '1 day')`);
    expect(r).toEqual(['true', 'false']);
  });

  it('date_trunc of a date is a timestamptz', async () => {
    expect(await text(`SELECT typeof(${fn('date_trunc')}('month', DATE '2024-05-20')), typeof(${fn('date_trunc')}('month', TIMESTAMP '2024-05-20'))`)).toEqual([
      'TIMESTAMP WITH TIME ZONE',
      'TIMESTAMP',
    ]);
  });
});

describe('to_timestamp and to_date with a template', () => {
  it('reads fields, names and separators', () => {
    expect(parseWithTemplate('2024-03-15 13:45:30', 'YYYY-MM-DD HH24:MI:SS')).toMatchObject({ year: 2024, month: 3, day: 15, hour: 13, minute: 45, second: 30 });
    expect(parseWithTemplate('15/03/2024', 'DD/MM/YYYY')).toMatchObject({ year: 2024, month: 3, day: 15 });
    expect(parseWithTemplate('March 5, 2024 07:05 PM', 'Month DD, YYYY HH12:MI AM')).toMatchObject({ year: 2024, month: 3, day: 5, hour: 19, minute: 5 });
    expect(parseWithTemplate('20240315', 'YYYYMMDD')).toMatchObject({ year: 2024, month: 3, day: 15 });
  });

  it('runs on DuckDB and refuses an impossible date', async () => {
    expect(await text(`SELECT CAST(${fn('to_date')}('15/03/2024', 'DD/MM/YYYY') AS VARCHAR)`)).toEqual(['2024-03-15']);
    await expect(text(`SELECT ${fn('to_date')}('30/02/2024', 'DD/MM/YYYY')`)).rejects.toThrow(/out of range/);
  });
});
