/**
 * now(), current_timestamp and transaction_timestamp() are the transaction's start time in
 * Postgres: stable across statements inside BEGIN … COMMIT, and new in the next transaction.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawText, startTestServer, type TestServer } from '../helpers/jammi.js';

let server: TestServer;
let client: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  client = new pg.Client({ connectionString: server.url, types: rawText });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const times = async () => (await client.query<{ a: string; b: string; c: string }>('SELECT now() AS a, current_timestamp AS b, transaction_timestamp() AS c')).rows[0];

describe('transaction time', () => {
  it('is the same in every statement of a transaction and moves on after it', async () => {
    await client.query('BEGIN');
    const first = await times();
    await sleep(20);
    const second = await times();
    await client.query('COMMIT');
    expect(first.a).toBe(first.b);
    expect(first.a).toBe(first.c);
    expect(second).toEqual(first);
    await sleep(20);
    const after = await times();
    expect(after.a).not.toBe(first.a);
  });
});
