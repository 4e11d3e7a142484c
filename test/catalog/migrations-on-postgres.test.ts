/**
 * The catalog migrations are written in the common subset of SQLite and PostgreSQL so a
 * Postgres catalog can come later. This runs every migration on the real PostgreSQL 15, in a
 * throwaway schema, and checks the result matches what SQLite gets.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, packageRoot, readMigrations } from '../../src/catalog/index.js';
import { realPostgresUrl } from '../helpers/jammi.js';

const pgUrl = realPostgresUrl();
const migrations = readMigrations(path.join(packageRoot(), 'migrations'));

describe.skipIf(!pgUrl)('catalog migrations on PostgreSQL 15', () => {
  const schema = `jammi_migrations_${process.pid}_${Date.now()}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl! });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
  });

  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  it('every migration applies, in one transaction each', async () => {
    for (const m of migrations) {
      await client.query('BEGIN');
      await client.query(m.sql);
      await client.query('COMMIT');
    }
  });

  it('creates the same tables and columns as on SQLite', async () => {
    const lite = new Database(':memory:');
    migrate(lite, migrations);
    const liteTables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const pgTables = (await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])).rows.map((r) => r.table_name as string);
    expect(pgTables).toEqual(liteTables);
    for (const t of liteTables) {
      const liteCols = (lite.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      const pgCols = (await client.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [schema, t])).rows.map((r) => r.column_name as string);
      expect(pgCols, t).toEqual(liteCols);
    }
    lite.close();
  });

  it('seeds the evidence channels as on SQLite', async () => {
    const channels = await client.query('SELECT channel_name, priority FROM evidence_channels ORDER BY priority');
    expect(channels.rows).toEqual([
      { channel_name: 'vector', priority: 1 },
      { channel_name: 'inference', priority: 2 },
      { channel_name: 'bm25', priority: 3 },
    ]);
    const cols = await client.query('SELECT channel_name, column_name, column_type, ordinal FROM evidence_channel_columns ORDER BY channel_name, ordinal');
    expect(cols.rows.map((r) => `${r.channel_name}.${r.column_name}:${r.column_type}#${r.ordinal}`)).toEqual([
      'bm25.bm25_score:Float32#0',
      'bm25.bm25_rank:Int64#1',
      'inference.inference_model:Utf8#0',
      'inference.inference_task:Utf8#1',
      'inference.inference_confidence:Float32#2',
      'vector.similarity:Float32#0',
    ]);
  });

  it('enforces the same constraints: one global channel per name, defaults filled in', async () => {
    const dup = await client.query("INSERT INTO evidence_channels (tenant_id, channel_name, priority) VALUES (NULL, 'vector', 9)").catch((e: { code: string }) => e);
    expect((dup as { code: string }).code).toBe('23505');
    await client.query("INSERT INTO sources (source_id, name, source_type, uri) VALUES ('s', 's', 'file', '/x')");
    const row = (await client.query("SELECT options, created_at IS NOT NULL AS stamped FROM sources WHERE source_id = 's'")).rows[0];
    expect(row).toEqual({ options: '{}', stamped: true });
  });
});
