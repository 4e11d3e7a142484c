/**
 * LISTEN / NOTIFY between sessions with Postgres's semantics, over real connections with
 * node-postgres: delivery with the sender's pid, at COMMIT inside a transaction block, dropped
 * on ROLLBACK, duplicates of one transaction collapsed, held back while the listener is in a
 * transaction block, pg_notify with parameters, UNLISTEN, and bad input.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi();
let listener: pg.Client;
let sender: pg.Client;
const received: pg.Notification[] = [];

beforeAll(async () => {
  listener = await jammi.connect();
  sender = await jammi.connect();
  listener.on('notification', (n) => received.push(n));
});

afterAll(async () => {
  await listener?.end();
  await sender?.end();
});

/** Wait until a notification with this payload has arrived; the ones before it, in order. */
async function until(payload: string): Promise<string[]> {
  for (let i = 0; i < 200 && !received.some((n) => n.payload === payload); i++) await new Promise((r) => setTimeout(r, 10));
  const at = received.findIndex((n) => n.payload === payload);
  expect(at, `notification "${payload}" never arrived`).toBeGreaterThanOrEqual(0);
  return received.splice(0, at + 1).map((n) => n.payload ?? '');
}

const senderPid = async () => Number((await sender.query('SELECT pg_backend_pid() AS p')).rows[0].p);

describe('LISTEN / NOTIFY', () => {
  it('delivers a notification with its channel and the sender pid', async () => {
    expect((await listener.query('LISTEN orders')).command).toBe('LISTEN');
    expect((await sender.query("NOTIFY orders, 'one'")).command).toBe('NOTIFY');
    await until('one');
    await sender.query("NOTIFY orders, 'two'");
    const pid = await senderPid();
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received[0]).toMatchObject({ channel: 'orders', payload: 'two', processId: pid });
    await until('two');
  });

  it('sends at COMMIT, drops on ROLLBACK and collapses duplicates of one transaction', async () => {
    await sender.query('BEGIN');
    await sender.query("NOTIFY orders, 'dup'");
    await sender.query("NOTIFY orders, 'dup'");
    await sender.query("NOTIFY orders, 'later'");
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
    await sender.query('COMMIT');
    expect(await until('later')).toEqual(['dup', 'later']);
    await sender.query('BEGIN');
    await sender.query("NOTIFY orders, 'rolled back'");
    await sender.query('ROLLBACK');
    await sender.query("NOTIFY orders, 'after rollback'");
    expect(await until('after rollback')).toEqual(['after rollback']);
  });

  it('holds notifications while the listener is in a transaction block', async () => {
    await listener.query('BEGIN');
    await sender.query("NOTIFY orders, 'held'");
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
    await listener.query('COMMIT');
    expect(await until('held')).toEqual(['held']);
  });

  it('pg_notify takes parameters and answers one void row', async () => {
    const r = await sender.query('SELECT pg_notify($1, $2)', ['orders', 'by pg_notify']);
    expect(r.rows).toEqual([{ pg_notify: '' }]);
    expect(r.fields[0].dataTypeID).toBe(2278);
    expect(await until('by pg_notify')).toEqual(['by pg_notify']);
  });

  it('UNLISTEN stops delivery; a LISTEN rolled back never starts', async () => {
    await listener.query('BEGIN');
    await listener.query('LISTEN audit');
    await listener.query('ROLLBACK');
    await listener.query('UNLISTEN orders');
    await sender.query("NOTIFY audit, 'not listened'");
    await sender.query("NOTIFY orders, 'unlistened'");
    await listener.query('LISTEN marker');
    await sender.query("NOTIFY marker, 'marker'");
    expect(await until('marker')).toEqual(['marker']);
    await listener.query('UNLISTEN *');
  });

  it('refuses a too long payload and an empty channel with 22023; the session goes on', async () => {
    await expect(sender.query(`NOTIFY orders, '${'x'.repeat(8000)}'`)).rejects.toMatchObject({ code: '22023', message: 'payload string too long' });
    await expect(sender.query("SELECT pg_notify('', 'x')")).rejects.toMatchObject({ code: '22023' });
    expect((await sender.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});
