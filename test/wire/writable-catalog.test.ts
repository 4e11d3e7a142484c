/**
 * The registry of writable tables over the wire: `_jammi_mutable_tables` and
 * `_jammi_mutable_table_indexes` follow CREATE / ALTER / DROP as they commit (never a
 * rolled-back one), keep the declared Postgres types DuckDB loses, are reconciled with DuckDB
 * at start, and result columns of writable tables report their declared types.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { type RunningJammi, startJammi } from '../../src/server/index.js';

let base: string;
let dataDir: string;
let jammi: RunningJammi;
let client: pg.Client;

async function start(): Promise<void> {
  jammi = await startJammi(loadConfig({ port: '0', dataDir, demo: true, logLevel: 'silent' }, {}), silentLogger);
  client = new pg.Client({ connectionString: jammi.url });
  await client.connect();
}

async function stop(): Promise<void> {
  await client.end();
  await jammi.close();
}

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'jammi-writable-catalog-'));
  dataDir = path.join(base, 'data');
  await start();
});

afterAll(async () => {
  await stop();
  rmSync(base, { recursive: true, force: true });
});

interface Column {
  name: string;
  type: string;
  oid: number;
  typmod: number;
  nullable: boolean;
  default: string | null;
}

/** The registry row of a table (schema_json decoded), or undefined. */
async function registered(table: string, schema = 'public'): Promise<{ id: string; columns: Column[]; primary_key: string[]; constraints: unknown[] } | undefined> {
  const r = await client.query('select id, schema_json, primary_key from _jammi_mutable_tables where schema_name = $1 and table_name = $2', [schema, table]);
  if (r.rows.length === 0) return undefined;
  const row = r.rows[0] as { id: string; schema_json: { columns: Column[]; constraints: unknown[] }; primary_key: string[] };
  return { id: row.id, columns: row.schema_json.columns, constraints: row.schema_json.constraints, primary_key: row.primary_key };
}

const types = async (table: string, schema = 'public') => (await registered(table, schema))?.columns.map((c) => [c.name, c.type, c.oid, c.typmod]);

/** Type OID and typmod of each result column. */
async function fields(sql: string, c: pg.Client = client): Promise<[string, number, number][]> {
  const r = await c.query(sql);
  return r.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier]);
}

async function codeOf(sql: string): Promise<string | undefined> {
  try {
    await client.query(sql);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('registration', () => {
  it('CREATE TABLE registers the table with its declared types, defaults, key and indexes', async () => {
    await client.query(`create table accounts (
      id serial primary key, email varchar(20) not null unique, code char(3), price numeric(10,2) default 0,
      meta jsonb, j json, s int2, ts timestamptz default now(), tags text[], emb float4[])`);
    const reg = await registered('accounts');
    expect(reg?.primary_key).toEqual(['id']);
    expect(reg?.columns.map((c) => [c.name, c.type, c.oid, c.typmod, c.nullable, c.default])).toEqual([
      ['id', 'integer', 23, -1, false, "nextval('accounts_id_seq'::regclass)"],
      ['email', 'character varying(20)', 1043, 24, false, null],
      ['code', 'character(3)', 1042, 7, true, null],
      ['price', 'numeric(10,2)', 1700, 655366, true, '0'],
      ['meta', 'jsonb', 3802, -1, true, null],
      ['j', 'json', 114, -1, true, null],
      ['s', 'smallint', 21, -1, true, null],
      ['ts', 'timestamp with time zone', 1184, -1, true, 'now()'],
      ['tags', 'text[]', 1009, -1, true, null],
      ['emb', 'real[]', 1021, -1, true, null],
    ]);
    const idx = await client.query("select index_name, columns, is_unique, is_primary, definition from _jammi_mutable_table_indexes where table_name = 'accounts' order by index_name");
    expect(idx.rows).toEqual([
      { index_name: 'accounts_email_key', columns: ['email'], is_unique: true, is_primary: false, definition: 'CREATE UNIQUE INDEX accounts_email_key ON public.accounts USING btree (email)' },
      { index_name: 'accounts_pkey', columns: ['id'], is_unique: true, is_primary: true, definition: 'CREATE UNIQUE INDEX accounts_pkey ON public.accounts USING btree (id)' },
    ]);
  });

  it('CREATE INDEX and DROP INDEX update the indexes', async () => {
    await client.query('create index accounts_code on accounts (code)');
    const names = async () => (await client.query("select index_name from _jammi_mutable_table_indexes where table_name = 'accounts' order by 1")).rows.map((r) => r.index_name);
    expect(await names()).toEqual(['accounts_code', 'accounts_email_key', 'accounts_pkey']);
    await client.query('drop index accounts_code');
    expect(await names()).toEqual(['accounts_email_key', 'accounts_pkey']);
  });

  it('ALTER TABLE ADD / ALTER TYPE / SET DEFAULT / RENAME / DROP COLUMN and RENAME TABLE follow, keeping the id', async () => {
    await client.query('create table notes (body text, n int)');
    const id = (await registered('notes'))!.id;
    await client.query("alter table notes add column tag varchar(7) default 'x'");
    await client.query('alter table notes alter column n type numeric(6,1)');
    expect(await types('notes')).toEqual([
      ['body', 'text', 25, -1],
      ['n', 'numeric(6,1)', 1700, (6 << 16) + 1 + 4],
      ['tag', 'character varying(7)', 1043, 11],
    ]);
    expect((await registered('notes'))!.columns[2].default).toBe("'x'::character varying");
    await client.query('alter table notes alter column tag drop default');
    expect((await registered('notes'))!.columns[2].default).toBeNull();
    await client.query('alter table notes rename column tag to label');
    await client.query('alter table notes drop column body');
    await client.query('alter table notes rename to memos');
    expect(await registered('notes')).toBeUndefined();
    const memos = await registered('memos');
    expect(memos?.id).toBe(id);
    expect(memos?.columns.map((c) => [c.name, c.type])).toEqual([
      ['n', 'numeric(6,1)'],
      ['label', 'character varying(7)'],
    ]);
  });

  it('DROP TABLE unregisters; tables in a user schema are registered under it', async () => {
    await client.query('drop table memos');
    expect(await registered('memos')).toBeUndefined();
    await client.query('create schema app');
    await client.query('create table app.events (happened timestamptz, kind varchar(10))');
    expect(await types('events', 'app')).toEqual([
      ['happened', 'timestamp with time zone', 1184, -1],
      ['kind', 'character varying(10)', 1043, 14],
    ]);
    await client.query('drop schema app cascade');
    expect(await registered('events', 'app')).toBeUndefined();
  });

  it('CREATE TABLE AS registers the types DuckDB gives the query; temp tables are not registered', async () => {
    await client.query('create table copied as select 1::int2 as a, 2.5::numeric(4,1) as b');
    expect(await types('copied')).toEqual([
      ['a', 'smallint', 21, -1],
      ['b', 'numeric(4,1)', 1700, (4 << 16) + 1 + 4],
    ]);
    await client.query('create temp table scratch (a varchar(3))');
    expect(await registered('scratch')).toBeUndefined();
    await client.query('drop table copied');
  });

  it('COMMENT ON a table and a column is registered', async () => {
    await client.query('create table commented (a int)');
    await client.query("comment on table commented is 'the table'");
    await client.query("comment on column commented.a is 'the column'");
    const r = await client.query("select schema_json from _jammi_mutable_tables where table_name = 'commented'");
    expect(r.rows[0].schema_json).toMatchObject({ comment: 'the table', columns: [{ name: 'a', comment: 'the column' }] });
    await client.query('drop table commented');
  });

  it('CREATE TABLE IF NOT EXISTS over an existing table keeps the first declaration', async () => {
    await client.query('create table once (a varchar(4))');
    await client.query('create table if not exists once (a varchar(9))');
    expect(await types('once')).toEqual([['a', 'character varying(4)', 1043, 8]]);
    await client.query('drop table once');
  });
});

describe('transactions', () => {
  it('DDL rolled back registers nothing; committed DDL registers at COMMIT', async () => {
    await client.query('begin');
    await client.query('create table rolled (a varchar(3))');
    await client.query('rollback');
    expect(await registered('rolled')).toBeUndefined();
    await client.query('begin');
    await client.query('create table committed_t (a varchar(3))');
    await client.query("alter table committed_t add column b jsonb");
    await client.query('commit');
    expect(await types('committed_t')).toEqual([
      ['a', 'character varying(3)', 1043, 7],
      ['b', 'jsonb', 3802, -1],
    ]);
  });

  it('a failed transaction registers nothing and the connection stays usable', async () => {
    await client.query('begin');
    await client.query('create table doomed (a varchar(3))');
    expect(await codeOf('select * from no_such_table')).toBe('42P01');
    expect(await codeOf('select 1')).toBe('25P02');
    await client.query('commit');
    expect(await registered('doomed')).toBeUndefined();
    expect((await client.query('select 1 as x')).rows).toEqual([{ x: 1 }]);
  });

  it('DDL over the extended protocol registers at Sync', async () => {
    await client.query({ name: 'mk', text: 'create table extended_t (a char(2))' });
    expect(await types('extended_t')).toEqual([['a', 'character(2)', 1042, 6]]);
  });

  it('another session sees the registry once the DDL committed', async () => {
    const other = new pg.Client({ connectionString: jammi.url });
    await other.connect();
    try {
      await client.query('create table shared_t (v varchar(5))');
      expect(await fields('select * from shared_t', other)).toEqual([['v', 1043, 9]]);
    } finally {
      await other.end();
    }
  });
});

describe('result types', () => {
  it('SELECT *, plain references with an alias, joins and RETURNING * report the declared types', async () => {
    expect(await fields('select * from accounts')).toEqual([
      ['id', 23, -1],
      ['email', 1043, 24],
      ['code', 1042, 7],
      ['price', 1700, 655366],
      ['meta', 3802, -1],
      ['j', 114, -1],
      ['s', 21, -1],
      ['ts', 1184, -1],
      ['tags', 1009, -1],
      ['emb', 1021, -1],
    ]);
    expect(await fields('select email, meta from accounts a')).toEqual([
      ['email', 1043, 24],
      ['meta', 3802, -1],
    ]);
    expect(await fields('select a.code, s.v from accounts a join shared_t s on true')).toEqual([
      ['code', 1042, 7],
      ['v', 1043, 9],
    ]);
    const r = await client.query("insert into accounts (email, code, meta) values ('a@x.io', 'ab', '{\"k\": 1}') returning id, email, code, meta");
    expect(r.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier])).toEqual([
      ['id', 23, -1],
      ['email', 1043, 24],
      ['code', 1042, 7],
      ['meta', 3802, -1],
    ]);
    expect(r.rows[0]).toMatchObject({ email: 'a@x.io', meta: { k: 1 } });
  });

  it('a DDL invalidates cached plans: the same query text reports the new declared type', async () => {
    await client.query('create table evolving (v numeric(4,1))');
    expect(await fields('select v from evolving')).toEqual([['v', 1700, (4 << 16) + 1 + 4]]);
    await client.query('alter table evolving alter column v type numeric');
    expect(await fields('select v from evolving')).toEqual([['v', 1700, -1]]);
    await client.query('drop table evolving');
    await client.query('create table evolving (v jsonb)');
    expect(await fields('select v from evolving')).toEqual([['v', 3802, -1]]);
  });
});

describe('reconcile at start', () => {
  it('a registry out of step with DuckDB (a crash between the two commits) is reconciled at the next start', async () => {
    const before = await registered('accounts');
    await stop();
    // The registry lost a table and kept one DuckDB no longer has.
    const db = new Database(path.join(dataDir, 'catalog.sqlite'));
    db.prepare("DELETE FROM mutable_tables WHERE table_name = 'accounts'").run();
    db.prepare("INSERT INTO mutable_tables (id, schema_name, table_name, schema_json) VALUES ('ghost', 'public', 'ghost', '{}')").run();
    db.close();
    // A table DuckDB committed whose registration never happened.
    const duck = await DuckDBInstance.create(path.join(dataDir, 'jammi.duckdb'));
    const conn = await duck.connect();
    await conn.run('create table main.direct (x integer, y varchar)');
    conn.closeSync();
    duck.closeSync();
    await start();
    expect(await registered('ghost')).toBeUndefined();
    expect(await types('direct')).toEqual([
      ['x', 'integer', 23, -1],
      ['y', 'text', 25, -1],
    ]);
    // Declared types live in the DuckDB file with the table: they survive the lost registration.
    expect((await registered('accounts'))?.columns).toEqual(before?.columns);
    expect(await fields('select email from accounts')).toEqual([['email', 1043, 24]]);
  });

  it('jammi bookkeeping tables are not registered and not reachable', async () => {
    const names = (await client.query('select schema_name, table_name from _jammi_mutable_tables')).rows.map((r) => `${r.schema_name}.${r.table_name}`);
    expect(names.filter((n) => n.startsWith('_jammi'))).toEqual([]);
    expect(await codeOf('select * from _jammi_meta.table_ddl')).toBe('42P01');
  });
});
