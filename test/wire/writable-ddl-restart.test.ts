/**
 * What jammi records beside DuckDB's own catalog (constraint names, identity columns, foreign
 * key actions) lives in the database file and survives a restart with the tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/jammi.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jammi-ddl-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withServer<T>(body: (c: pg.Client) => Promise<T>): Promise<T> {
  const server = await startTestServer({ dataDir });
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    return await body(c);
  } finally {
    await c.end();
    await server.stop();
  }
}

const failure = (c: pg.Client, sql: string) => c.query(sql).then(() => null, (e: pg.DatabaseError) => ({ code: e.code, constraint: e.constraint, message: e.message }));

describe('DDL records across a restart', () => {
  it('keeps constraint names, identity columns and sequences', async () => {
    await withServer(async (c) => {
      await c.query('CREATE TABLE rs_users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email varchar(10), CONSTRAINT email_unique UNIQUE (email))');
      await c.query('CREATE TABLE rs_orders (id serial PRIMARY KEY, user_id int REFERENCES rs_users (id) ON DELETE CASCADE)');
      await c.query("INSERT INTO rs_users (email) VALUES ('a@x')");
      await c.query('INSERT INTO rs_orders (user_id) VALUES (1)');
    });
    await withServer(async (c) => {
      expect(await failure(c, "INSERT INTO rs_users (email) VALUES ('a@x')")).toMatchObject({ code: '23505', constraint: 'email_unique' });
      expect(await failure(c, "INSERT INTO rs_users (id, email) VALUES (5, 'b@x')")).toMatchObject({ code: '428C9' });
      expect(await failure(c, "INSERT INTO rs_users (email) VALUES ('elevenchars')")).toMatchObject({ code: '22001' });
      expect(await failure(c, 'DELETE FROM rs_users')).toMatchObject({ code: '0A000', constraint: 'rs_orders_user_id_fkey' });
      expect((await c.query("INSERT INTO rs_users (email) VALUES ('c@x') RETURNING id")).rows).toEqual([{ id: 4 }]);
      expect((await c.query('INSERT INTO rs_orders (user_id) VALUES (4) RETURNING id')).rows).toEqual([{ id: 2 }]);
    });
  });
});
