// What keeping the writable-tables registry in step with DuckDB costs: the reconcile that runs
// after every committed DDL statement, with 0 and 200 tables in the database, and the latency
// of an autocommit CREATE TABLE + DROP TABLE over the wire, next to the same DDL on the real
// PostgreSQL in the same run:
//   npx tsx bench/wire/ddl-registry.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { startJammi } from '../../src/server/index.js';
import { machineSummary, postgresUrl, table } from './lib.js';

const TABLES = 200;
const ROUNDS = 20;

const ddl = (name: string) => `CREATE TABLE ${name} (id serial PRIMARY KEY, email varchar(40) NOT NULL UNIQUE, code char(3), price numeric(10,2) DEFAULT 0,
  meta jsonb, tags text[], created timestamptz DEFAULT now(), n int2, note text, flag boolean)`;

async function mean(n: number, f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return (performance.now() - t0) / n;
}

/** Mean ms of CREATE TABLE + DROP TABLE, autocommit, on a client. */
const createDrop = (c: pg.Client) => mean(ROUNDS, async () => {
  await c.query(ddl('bench_probe'));
  await c.query('DROP TABLE bench_probe');
});

const base = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-registry-'));
const jammi = await startJammi(loadConfig({ port: '0', dataDir: path.join(base, 'data'), logLevel: 'silent' }, {}), silentLogger);
const client = new pg.Client({ connectionString: jammi.url });
await client.connect();
const pgClient = new pg.Client({ connectionString: postgresUrl });
await pgClient.connect();
const schema = `bench_registry_${process.pid}`;
await pgClient.query(`CREATE SCHEMA ${schema}`);
await pgClient.query(`SET search_path TO ${schema}`);
try {
  const rows: string[][] = [];
  const tables = jammi.services.tables;
  rows.push(['reconcile, 0 tables (ms)', (await mean(ROUNDS, () => tables.reconcile())).toFixed(2), '']);
  rows.push(['CREATE + DROP TABLE, 0 tables (ms)', (await createDrop(client)).toFixed(2), (await createDrop(pgClient)).toFixed(2)]);
  for (let i = 0; i < TABLES; i++) {
    await client.query(ddl(`t${i}`));
    await pgClient.query(ddl(`t${i}`));
  }
  rows.push([`reconcile, ${TABLES} tables (ms)`, (await mean(ROUNDS, () => tables.reconcile())).toFixed(2), '']);
  rows.push([`CREATE + DROP TABLE, ${TABLES} tables (ms)`, (await createDrop(client)).toFixed(2), (await createDrop(pgClient)).toFixed(2)]);
  console.log(machineSummary());
  console.log(table(['measure', 'jammi', 'postgres'], rows));
} finally {
  await pgClient.query(`DROP SCHEMA ${schema} CASCADE`);
  await pgClient.end();
  await client.end();
  await jammi.close();
  rmSync(base, { recursive: true, force: true });
}
