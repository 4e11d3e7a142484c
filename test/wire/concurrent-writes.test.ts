/**
 * Many connections writing the same rows: Postgres-like outcomes on DuckDB's optimistic
 * transactions — statements alone in their transaction never lose an update or fail on a
 * conflict; inside a transaction block a conflict is 40001 and nothing is overwritten silently.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

/** What a query that must fail rejects with. */
const thrown = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected the query to fail');
    },
    (e: unknown) => e,
  );

/** Run `body` on `n` fresh connections at once, each ending its client. */
async function onConnections(n: number, body: (c: pg.Client, i: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = await jammi.connect();
      try {
        await body(c, i);
      } finally {
        await c.end();
      }
    }),
  );
}

describe('concurrent writers', () => {
  it('autocommit increments of one row from 8 connections lose nothing and fail nothing (simple and extended protocol)', async () => {
    await jammi.client.query('CREATE TABLE cw_counter (id int PRIMARY KEY, n int NOT NULL)');
    await jammi.client.query('INSERT INTO cw_counter VALUES (1, 0)');
    await onConnections(8, async (c, i) => {
      for (let k = 0; k < 25; k++) {
        if (i % 2) await c.query('UPDATE cw_counter SET n = n + 1 WHERE id = 1');
        else await c.query('UPDATE cw_counter SET n = n + $1 WHERE id = $2', [1, 1]);
      }
    });
    expect((await jammi.client.query('SELECT n FROM cw_counter')).rows).toEqual([{ n: 200 }]);
  });

  it('concurrent upserts of one key all take effect, each returning its row', async () => {
    await jammi.client.query('CREATE TABLE cw_upsert (k text PRIMARY KEY, hits int NOT NULL)');
    let returned = 0;
    await onConnections(8, async (c) => {
      for (let k = 0; k < 25; k++) {
        const r = await c.query('INSERT INTO cw_upsert VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET hits = cw_upsert.hits + EXCLUDED.hits RETURNING hits', ['page']);
        returned += r.rows.length;
      }
    });
    expect(returned).toBe(200);
    expect((await jammi.client.query('SELECT hits FROM cw_upsert')).rows).toEqual([{ hits: 200 }]);
  });

  it('the same new key inserted by many connections: exactly one row, every other insert 23505', async () => {
    await jammi.client.query('CREATE TABLE cw_keys (id int PRIMARY KEY, who int)');
    const codes: string[] = [];
    await onConnections(8, async (c, i) => {
      for (let k = 0; k < 10; k++) {
        try {
          await c.query('INSERT INTO cw_keys VALUES ($1, $2)', [k, i]);
          codes.push('ok');
        } catch (e) {
          codes.push((e as { code: string }).code);
        }
      }
    });
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['23505']));
    expect((await jammi.client.query('SELECT count(*)::int AS n FROM cw_keys')).rows).toEqual([{ n: 10 }]);
  });

  it('in transaction blocks, the second writer of a row gets 40001, can roll back and retry; the first keeps its value', async () => {
    await jammi.client.query('CREATE TABLE cw_acct (id int PRIMARY KEY, bal int)');
    await jammi.client.query('INSERT INTO cw_acct VALUES (1, 100)');
    const a = await jammi.connect();
    const b = await jammi.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      // Both read 100 (a read-modify-write race that must not lose an update).
      expect((await a.query('SELECT bal FROM cw_acct WHERE id = 1 FOR UPDATE')).rows).toEqual([{ bal: 100 }]);
      expect((await b.query('SELECT bal FROM cw_acct WHERE id = 1 FOR UPDATE')).rows).toEqual([{ bal: 100 }]);
      await a.query('UPDATE cw_acct SET bal = 110 WHERE id = 1');
      const err = await thrown(b.query('UPDATE cw_acct SET bal = 90 WHERE id = 1'));
      expect(err).toMatchObject({ code: '40001' });
      expect(await thrown(b.query('SELECT 1'))).toMatchObject({ code: '25P02' });
      await a.query('COMMIT');
      expect((await b.query('ROLLBACK')).command).toBe('ROLLBACK');
      // The retry sees the committed value.
      await b.query('BEGIN');
      expect((await b.query('SELECT bal FROM cw_acct WHERE id = 1')).rows).toEqual([{ bal: 110 }]);
      await b.query('UPDATE cw_acct SET bal = bal - 10 WHERE id = 1');
      await b.query('COMMIT');
      expect((await jammi.client.query('SELECT bal FROM cw_acct')).rows).toEqual([{ bal: 100 }]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('a key inserted by two open transactions: the second COMMIT fails with 23505 and keeps nothing of its transaction', async () => {
    await jammi.client.query('CREATE TABLE cw_pair (id int PRIMARY KEY, note text)');
    const a = await jammi.connect();
    const b = await jammi.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query("INSERT INTO cw_pair VALUES (1, 'a')");
      await b.query("INSERT INTO cw_pair VALUES (2, 'b')");
      await b.query("INSERT INTO cw_pair VALUES (1, 'b')");
      await a.query('COMMIT');
      expect(await thrown(b.query('COMMIT'))).toMatchObject({ code: '23505' });
      expect((await b.query('SELECT id, note FROM cw_pair ORDER BY id')).rows).toEqual([{ id: 1, note: 'a' }]);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
