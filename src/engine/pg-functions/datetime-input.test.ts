import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPgFunctions } from './index.js';
import { nativeName } from './native.js';

/**
 * The date/time input macros cast ISO-shaped text directly and send the rest through the
 * Postgres reader (the native). Wherever the direct cast reads a value, it must read what the
 * native path reads: every head and tail here is combined and both paths compared.
 */
let instance: DuckDBInstance;
let value: (sql: string) => Promise<string>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await installPgFunctions(conn);
  await conn.run("SET TimeZone = 'Europe/Paris'");
  value = async (sql) => {
    try {
      return String((await conn.runAndReadAll(sql)).getRowsJS()[0][0]);
    } catch (e) {
      return `error: ${(e as Error).message.split('\n')[0]}`;
    }
  };
});

afterAll(() => instance.closeSync());

const heads = ['2024-01-15 10:20:30', '2024-02-29 23:59:59', '0099-01-01 00:00:00', '2024-13-45 10:00:00', '2023-02-29 10:00:00', '2024-01-01 24:00:00', '2024-01-01 10:60:00'];
const tails = ['', '+00', '-08', '+5', '-1', '-0800', '+0530', '+05:30', '+053', '+1:30', '+05:30:00', '-00:00', '.5', '.000001', '.123456', '.1234567', '.5+02', '.5-02:30', '.999999+14', '+', '-', ':', '.', '..5', '.+02', '+-', '0', '::'];
const q = (s: string) => `'${s}'`;

describe('date/time input macros', () => {
  for (const [pg, duck] of [
    ['timestamptz', 'TIMESTAMPTZ'],
    ['timestamp', 'TIMESTAMP'],
  ]) {
    it(`${pg}_in reads ISO text as the Postgres reader does`, async () => {
      for (const h of heads) {
        for (const t of tails) {
          const x = q(h + t);
          const direct = await value(`SELECT CAST(jammi_pg.main.${pg}_in(${x}) AS VARCHAR)`);
          const native = await value(`SELECT CAST(CAST(${nativeName('datetime_text')}('${pg}', ${x}) AS ${duck}) AS VARCHAR)`);
          expect({ x, direct }).toEqual({ x, direct: native });
        }
      }
    });
  }

  it('date_in and time_in too', async () => {
    for (const x of ['2024-01-15', '2024-02-30', '0001-01-01', '2024-1-5', '20240115']) {
      expect(await value(`SELECT CAST(jammi_pg.main.date_in(${q(x)}) AS VARCHAR)`)).toBe(await value(`SELECT CAST(CAST(${nativeName('datetime_text')}('date', ${q(x)}) AS DATE) AS VARCHAR)`));
    }
    for (const x of ['10:20:30', '10:20:30.5', '24:00:00', '10:61:00', '10:20:30+02', '1:2:3']) {
      expect(await value(`SELECT CAST(jammi_pg.main.time_in(${q(x)}) AS VARCHAR)`)).toBe(await value(`SELECT CAST(CAST(${nativeName('datetime_text')}('time', ${q(x)}) AS TIME) AS VARCHAR)`));
    }
  });

  it('integer input reads digits directly and keeps Postgres errors for the rest', async () => {
    expect(await value(`SELECT CAST(jammi_pg.main.int8_in('-0042') AS VARCHAR)`)).toBe('-42');
    expect(await value(`SELECT CAST(jammi_pg.main.int4_in(' 12 ') AS VARCHAR)`)).toBe('12');
    expect(await value(`SELECT jammi_pg.main.int4_in('1_000')`)).toMatch(/invalid input syntax for type integer: "1_000"/);
    expect(await value(`SELECT jammi_pg.main.int2_in('40000')`)).toMatch(/value "40000" is out of range for type smallint/);
    expect(await value(`SELECT jammi_pg.main.int8_in('-')`)).toMatch(/invalid input syntax for type bigint: "-"/);
    expect(await value(`SELECT jammi_pg.main.int8_in(NULL) IS NULL`)).toBe('true');
  });
});
