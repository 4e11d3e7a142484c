/**
 * The session's TimeZone end to end: after SET TimeZone the same statement text (whose plan
 * jammi and DuckDB cache) and statements prepared before the SET compute and print
 * timestamptz in the new zone, in results and inside text and json built by functions.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi();
const connect = () => jammi.connect({ raw: true });

const sql =
  "select extract(hour from timestamptz '2024-07-15 10:30:00+00') as h, timestamptz '2024-07-15 10:30:00+00'::text as t, " +
  "concat(timestamptz '2024-07-15 10:30:00+00', '') as c, to_json(timestamptz '2024-07-15 10:30:00+00') as j";

describe('session TimeZone', () => {
  it('a repeated query follows SET TimeZone (no plan bound to the old zone is reused)', async () => {
    const c = await connect();
    try {
      expect((await c.query(sql)).rows).toEqual([{ h: '10', t: '2024-07-15 10:30:00+00', c: '2024-07-15 10:30:00+00', j: '"2024-07-15T10:30:00+00:00"' }]);
      await c.query("set TimeZone = 'Asia/Kolkata'");
      expect((await c.query(sql)).rows).toEqual([{ h: '16', t: '2024-07-15 16:00:00+05:30', c: '2024-07-15 16:00:00+05:30', j: '"2024-07-15T16:00:00+05:30"' }]);
      await c.query('set time zone -7');
      expect((await c.query(sql)).rows).toEqual([{ h: '3', t: '2024-07-15 03:30:00-07', c: '2024-07-15 03:30:00-07', j: '"2024-07-15T03:30:00-07:00"' }]);
    } finally {
      await c.end();
    }
  });

  it('a statement prepared before SET TimeZone runs in the zone current at execution', async () => {
    const c = await connect();
    try {
      const prepared = { name: 'tzq', text: "select extract(hour from $1::timestamptz) as h, concat($1::timestamptz, '') as c", values: ['2024-07-15 10:30:00+00'] };
      expect((await c.query(prepared)).rows).toEqual([{ h: '10', c: '2024-07-15 10:30:00+00' }]);
      await c.query("set TimeZone = 'America/New_York'");
      expect((await c.query(prepared)).rows).toEqual([{ h: '6', c: '2024-07-15 06:30:00-04' }]);
    } finally {
      await c.end();
    }
  });

  it('a SET TimeZone applies to the statements after it in the same Query message', async () => {
    const c = await connect();
    try {
      const results = (await c.query(`set TimeZone = 'Asia/Kolkata'; ${sql}`)) as unknown as pg.QueryResult[];
      expect(results[1].rows).toEqual([{ h: '16', t: '2024-07-15 16:00:00+05:30', c: '2024-07-15 16:00:00+05:30', j: '"2024-07-15T16:00:00+05:30"' }]);
    } finally {
      await c.end();
    }
  });

  it('sessions keep their own zones', async () => {
    const [a, b] = [await connect(), await connect()];
    try {
      await a.query("set TimeZone = 'Asia/Tokyo'");
      const q = "select concat(timestamptz '2024-01-01 00:00:00+00', '') as c";
      expect((await a.query(q)).rows).toEqual([{ c: '2024-01-01 09:00:00+09' }]);
      expect((await b.query(q)).rows).toEqual([{ c: '2024-01-01 00:00:00+00' }]);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
