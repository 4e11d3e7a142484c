/**
 * What jammi records beside DuckDB's own catalog (constraint names, identity columns, foreign
 * key actions) lives in the database file and survives a restart with the tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
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

/** Run statements on the data directory's DuckDB file while no server holds it; the last one's rows. */
async function onFile(...sql: string[]): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(path.join(dataDir, 'jammi.duckdb'));
  const conn = await db.connect();
  try {
    let rows: unknown[][] = [];
    for (const s of sql) rows = (await conn.runAndReadAll(s)).getRows();
    return rows;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const typeOf = async (c: pg.Client, sql: string) => (await c.query(sql)).fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier]);
const legacyTables = "SELECT count(*)::INT FROM duckdb_tables() WHERE schema_name = '_jammi_meta' AND table_name = 'declared_columns'";

describe('a data directory with the older declared_columns table', () => {
  it('has its declared types moved into the DDL records at start, and the old table dropped', async () => {
    await withServer((c) => c.query('CREATE TABLE rs_legacy (id serial PRIMARY KEY, name varchar(10), doc jsonb)'));
    // As an earlier build left it: the types in their own table, the record without them.
    const [[text]] = await onFile("SELECT meta FROM jammi._jammi_meta.table_ddl WHERE table_name = 'rs_legacy'");
    const { declared, ...older } = JSON.parse(String(text)) as { declared: unknown };
    expect(declared).toHaveLength(3);
    await onFile(
      `UPDATE jammi._jammi_meta.table_ddl SET meta = '${JSON.stringify(older).replace(/'/g, "''")}' WHERE table_name = 'rs_legacy'`,
      'CREATE TABLE jammi._jammi_meta.declared_columns (schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR, type_name VARCHAR, type_oid INTEGER, typmod INTEGER, default_expr VARCHAR)',
      `INSERT INTO jammi._jammi_meta.declared_columns VALUES ('public', 'rs_legacy', 'id', 'integer', 23, -1, 'nextval(''rs_legacy_id_seq''::regclass)'),
        ('public', 'rs_legacy', 'name', 'character varying(10)', 1043, 14, NULL), ('public', 'rs_legacy', 'doc', 'jsonb', 3802, -1, NULL), ('public', 'gone', 'x', 'text', 25, -1, NULL)`,
    );
    expect(await onFile(legacyTables)).toEqual([[1]]);
    await withServer(async (c) => {
      expect(await typeOf(c, 'SELECT * FROM rs_legacy')).toEqual([
        ['id', 23, -1],
        ['name', 1043, 14],
        ['doc', 3802, -1],
      ]);
      const reg = await c.query("SELECT schema_json FROM _jammi_mutable_tables WHERE table_name = 'rs_legacy'");
      const cols = (reg.rows[0] as { schema_json: { columns: { name: string; type: string; default: string | null }[] } }).schema_json.columns;
      expect(cols.map((x) => [x.name, x.type, x.default])).toEqual([
        ['id', 'integer', "nextval('rs_legacy_id_seq'::regclass)"],
        ['name', 'character varying(10)', null],
        ['doc', 'jsonb', null],
      ]);
    });
    expect(await onFile(legacyTables)).toEqual([[0]]);
  });
});
