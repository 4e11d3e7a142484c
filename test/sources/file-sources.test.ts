/**
 * File sources through the wire: jammi.add_source for parquet, CSV, JSON/NDJSON,
 * directories and globs; _jammi_sources; refresh and remove; every documented error,
 * with the catalog unchanged after each; and sources surviving a restart.
 * Test files are written with a separate in-memory DuckDB (not jammi's).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { startJammi } from '../../src/server/index.js';
import { rawText, startTestServer, type TestServer } from '../helpers/jammi.js';
import { pgError } from '../helpers/thrown.js';

let server: TestServer;
let client: pg.Client;
let dir: string;

/** Write a parquet file with an independent DuckDB. */
async function writeParquet(file: string, select: string): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

const pick = (r: { source_id: string; format: string; tables: string }) => ({ source_id: r.source_id, format: r.format, tables: r.tables });
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function catalogSnapshot(): Promise<unknown[]> {
  return (await client.query('select source_id, uri, format, tables, schema::text as schema, updated_at::text as u from _jammi_sources order by source_id')).rows;
}

beforeAll(async () => {
  server = await startTestServer();
  dir = server.filesDir;
  client = new pg.Client({ connectionString: server.url, types: rawText });
  await client.connect();
  await writeParquet(path.join(dir, 'sales.parquet'), "select i::int as id, 'item ' || i as item, (i * 2.5)::double as amount from range(1, 6) t(i)");
  writeFileSync(path.join(dir, 'people.csv'), 'id,name,born\n1,Ada,1815-12-10\n2,Alan,1912-06-23\n3,Grace,1906-12-09\n');
  writeFileSync(path.join(dir, 'events.ndjson'), '{"id": 1, "kind": "click", "ok": true}\n{"id": 2, "kind": "view", "ok": false}\n');
  writeFileSync(path.join(dir, 'doc.json'), '[{"k": "a", "v": 1.5}, {"k": "b", "v": 2.5}]');
  mkdirSync(path.join(dir, 'parts'));
  await writeParquet(path.join(dir, 'parts', 'p1.parquet'), 'select i::bigint as n from range(0, 10) t(i)');
  await writeParquet(path.join(dir, 'parts', 'p2.parquet'), 'select i::bigint as n from range(10, 30) t(i)');
  writeFileSync(path.join(dir, 'semi.txt'), 'a;b\n1;x\n2;y\n');
  writeFileSync(path.join(dir, 'bad.parquet'), 'this is not a parquet file, just text');
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('adding sources', () => {
  it('adds a parquet file and queries it', async () => {
    const r = await client.query(`select * from jammi.add_source('sales', ${lit(path.join(dir, 'sales.parquet'))})`);
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['source_id', 25],
      ['source_type', 25],
      ['uri', 25],
      ['format', 25],
      ['tables', 1009],
      ['columns', 23],
    ]);
    expect(r.rows).toEqual([{ source_id: 'sales', source_type: 'file', uri: path.join(dir, 'sales.parquet'), format: 'parquet', tables: '{sales}', columns: '3' }]);
    const q = await client.query('select id, item, amount from sales.sales order by id');
    expect(q.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 701]);
    expect(q.rows).toEqual([
      { id: '1', item: 'item 1', amount: '2.5' },
      { id: '2', item: 'item 2', amount: '5' },
      { id: '3', item: 'item 3', amount: '7.5' },
      { id: '4', item: 'item 4', amount: '10' },
      { id: '5', item: 'item 5', amount: '12.5' },
    ]);
  });

  it('adds a CSV file with typed columns, shown in _jammi_sources', async () => {
    await client.query(`select * from jammi.add_source('people', ${lit('file://' + path.join(dir, 'people.csv'))})`);
    expect((await client.query('select * from people.people order by id')).rows).toEqual([
      { id: '1', name: 'Ada', born: '1815-12-10' },
      { id: '2', name: 'Alan', born: '1912-06-23' },
      { id: '3', name: 'Grace', born: '1906-12-09' },
    ]);
    const s = await client.query("select source_id, format, tables, schema from _jammi_sources where source_id = 'people'");
    expect(s.rows[0].format).toBe('csv');
    expect(s.rows[0].tables).toBe('{people}');
    expect(JSON.parse(s.rows[0].schema)).toEqual({
      tables: [
        {
          name: 'people',
          columns: [
            { name: 'id', duckdbType: 'BIGINT', pgType: 'bigint', nullable: true },
            { name: 'name', duckdbType: 'VARCHAR', pgType: 'text', nullable: true },
            { name: 'born', duckdbType: 'DATE', pgType: 'date', nullable: true },
          ],
        },
      ],
    });
  });

  it('adds newline-delimited JSON and a JSON array', async () => {
    const r = await client.query(`select * from jammi.add_source('events', ${lit(path.join(dir, 'events.ndjson'))})`);
    expect(r.rows.map(pick)).toEqual([{ source_id: 'events', format: 'json', tables: '{events}' }]);
    expect((await client.query('select id, kind, ok from events.events order by id')).rows).toEqual([
      { id: '1', kind: 'click', ok: 't' },
      { id: '2', kind: 'view', ok: 'f' },
    ]);
    await client.query(`select * from jammi.add_source('doc', ${lit(path.join(dir, 'doc.json'))}, '{"table": "kv"}')`);
    expect((await client.query('select k, v from doc.kv order by k')).rows).toEqual([
      { k: 'a', v: '1.5' },
      { k: 'b', v: '2.5' },
    ]);
  });

  it('adds a directory of parquet files as one table', async () => {
    const r = await client.query(`select * from jammi.add_source('dirsrc', ${lit(path.join(dir, 'parts'))})`);
    expect(r.rows.map(pick)).toEqual([{ source_id: 'dirsrc', format: 'parquet', tables: '{parts}' }]);
    expect((await client.query('select count(*) as c, sum(n) as s, min(n) as lo, max(n) as hi from dirsrc.parts')).rows).toEqual([{ c: '30', s: '435', lo: '0', hi: '29' }]);
  });

  it('adds a glob', async () => {
    const r = await client.query(`select * from jammi.add_source('globsrc', ${lit(path.join(dir, 'parts', 'p*.parquet'))})`);
    expect(r.rows.map(pick)).toEqual([{ source_id: 'globsrc', format: 'parquet', tables: '{parts}' }]);
    expect((await client.query('select count(*) as c from globsrc.parts')).rows).toEqual([{ c: '30' }]);
  });

  it('accepts a CSV with options, as parameters of the extended protocol', async () => {
    const r = await client.query('select * from jammi.add_source($1, $2, $3)', ['semi', path.join(dir, 'semi.txt'), '{"format": "csv", "delimiter": ";", "table": "rows"}']);
    expect(r.rows.map(pick)).toEqual([{ source_id: 'semi', format: 'csv', tables: '{rows}' }]);
    expect((await client.query('select a, b from semi.rows order by a')).rows).toEqual([
      { a: '1', b: 'x' },
      { a: '2', b: 'y' },
    ]);
  });
});

describe('refresh and remove', () => {
  it('refresh_source picks up a new file with a new column', async () => {
    const rdir = path.join(dir, 'grow');
    mkdirSync(rdir);
    await writeParquet(path.join(rdir, 'a.parquet'), 'select i::bigint as n from range(0, 5) t(i)');
    await client.query(`select * from jammi.add_source('grow', ${lit(rdir)})`);
    expect((await client.query('select count(*) as c from grow.grow')).rows).toEqual([{ c: '5' }]);
    await writeParquet(path.join(rdir, 'b.parquet'), "select i::bigint as n, 'x' as tag from range(5, 12) t(i)");
    const r = await client.query("select * from jammi.refresh_source('grow')");
    expect(r.rows.map((x) => [x.source_id, x.tables, x.columns])).toEqual([['grow', '{grow}', '2']]);
    expect((await client.query('select count(*) as c, count(tag) as tagged from grow.grow')).rows).toEqual([{ c: '12', tagged: '7' }]);
    const s = await client.query("select schema from _jammi_sources where source_id = 'grow'");
    expect(JSON.parse(s.rows[0].schema).tables[0].columns.map((c: { name: string }) => c.name)).toEqual(['n', 'tag']);
  });

  it('remove_source makes the source unknown and leaves the others working', async () => {
    await client.query(`select * from jammi.add_source('temp_src', ${lit(path.join(dir, 'sales.parquet'))})`);
    const r = await client.query("select * from jammi.remove_source('temp_src')");
    expect(r.rows).toEqual([{ source_id: 'temp_src', removed: 't' }]);
    const e = await pgError(client.query('select * from temp_src.sales'));
    expect(e.code).toBe('42P01');
    expect((await client.query("select count(*) as c from _jammi_sources where source_id = 'temp_src'")).rows).toEqual([{ c: '0' }]);
    expect((await client.query('select count(*) as c from sales.sales')).rows).toEqual([{ c: '5' }]);
    expect((await client.query('select count(*) as c from trips.trips')).rows).toEqual([{ c: '2000' }]);
    expect(e.message).toBe('relation "temp_src.sales" does not exist');
  });

  it('removing or refreshing an unknown source is 42704', async () => {
    expect((await pgError(client.query("select * from jammi.remove_source('never_added')"))).code).toBe('42704');
    expect((await pgError(client.query("select * from jammi.refresh_source('never_added')"))).code).toBe('42704');
  });
});

describe('errors leave the catalog unchanged', () => {
  const cases: { name: string; sql: () => string; code: string; message?: RegExp }[] = [
    { name: 'missing file', sql: () => `select * from jammi.add_source('m1', ${lit(path.join(dir, 'missing.parquet'))})`, code: '58P01', message: /^could not open file ".*\/missing\.parquet": No such file or directory$/ },
    { name: 'outside the file roots', sql: () => "select * from jammi.add_source('o1', '/etc/passwd', '{\"format\": \"csv\"}')", code: '42501', message: /"\/etc\/passwd"/ },
    { name: 'relative escape from the roots', sql: () => `select * from jammi.add_source('o2', ${lit(path.join(dir, '..', '..', 'etc', 'hosts'))}, '{"format": "csv"}')`, code: '42501' },
    { name: 'malformed parquet', sql: () => `select * from jammi.add_source('b1', ${lit(path.join(dir, 'bad.parquet'))})`, code: '22P04', message: /bad\.parquet/ },
    { name: 'duplicate name', sql: () => `select * from jammi.add_source('trips', ${lit(path.join(dir, 'sales.parquet'))})`, code: '42710', message: /^source "trips" already exists$/ },
    { name: 'invalid name', sql: () => `select * from jammi.add_source('Bad-Name', ${lit(path.join(dir, 'sales.parquet'))})`, code: '42602' },
    { name: 'reserved name public', sql: () => `select * from jammi.add_source('public', ${lit(path.join(dir, 'sales.parquet'))})`, code: '42939', message: /^source name "public" is reserved$/ },
    { name: 'reserved name jammi_pg (the compatibility catalog)', sql: () => `select * from jammi.add_source('jammi_pg', ${lit(path.join(dir, 'sales.parquet'))})`, code: '42939' },
    { name: 'reserved name pg_x', sql: () => `select * from jammi.add_source('pg_x', ${lit(path.join(dir, 'sales.parquet'))})`, code: '42939' },
    { name: 'unknown format', sql: () => `select * from jammi.add_source('f1', ${lit(path.join(dir, 'people.csv'))}, '{"format": "xml"}')`, code: '22023' },
    { name: 'no extension, no format', sql: () => `select * from jammi.add_source('f2', ${lit(path.join(dir, 'semi.txt'))})`, code: '22023' },
    { name: 'options not an object', sql: () => `select * from jammi.add_source('f3', ${lit(path.join(dir, 'people.csv'))}, '[1]')`, code: '22023' },
    { name: 'options not JSON', sql: () => `select * from jammi.add_source('f4', ${lit(path.join(dir, 'people.csv'))}, '{nope')`, code: '22P02' },
    { name: 'unsupported scheme', sql: () => "select * from jammi.add_source('u1', 'postgres://localhost/db')", code: '0A000' },
  ];

  for (const c of cases) {
    it(`${c.name} is ${c.code}`, async () => {
      const before = await catalogSnapshot();
      const e = await pgError(client.query(c.sql()));
      expect(e.code).toBe(c.code);
      if (c.message) expect(e.message).toMatch(c.message);
      expect(await catalogSnapshot()).toEqual(before);
      // The session is not left in a failed state.
      expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: '1' }]);
    });
  }

  it('an unknown option key is 22023 rather than silently ignored', async () => {
    const before = await catalogSnapshot();
    const e = await pgError(client.query(`select * from jammi.add_source('typo', ${lit(path.join(dir, 'people.csv'))}, '{"delimeter": ";"}')`));
    expect(e.code).toBe('22023');
    expect(await catalogSnapshot()).toEqual(before);
  });

  it('the outside-roots error carries a hint naming the setting', async () => {
    const e = await pgError(client.query("select * from jammi.add_source('o3', '/etc/hosts', '{\"format\": \"csv\"}')"));
    expect(e.hint).toBe('Add its directory to the fileRoots setting (JAMMI_FILE_ROOTS) and restart jammi.');
  });
});

describe('persistence', () => {
  it('sources survive a restart on the same data dir', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-restart-'));
    const files = path.join(dir, 'files');
    const data = path.join(dir, 'data');
    mkdirSync(files);
    try {
      await writeParquet(path.join(files, 'keep.parquet'), 'select i::int as k from range(0, 7) t(i)');
      const config = loadConfig({ port: '0', dataDir: data, fileRoots: files, demo: true, logLevel: 'silent' }, {});
      const first = await startJammi(config, silentLogger);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query(`select * from jammi.add_source('keep', ${lit(path.join(files, 'keep.parquet'))})`);
      await c1.end();
      await first.close();

      const second = await startJammi(config, silentLogger);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      try {
        expect((await c2.query('select source_id, format, tables from _jammi_sources order by source_id')).rows).toEqual([
          { source_id: 'cities', format: 'csv', tables: ['cities'] },
          { source_id: 'keep', format: 'parquet', tables: ['keep'] },
          { source_id: 'trips', format: 'parquet', tables: ['trips'] },
        ]);
        expect((await c2.query('select count(*)::int as c, sum(k)::int as s from keep.keep')).rows).toEqual([{ c: 7, s: 21 }]);
        expect((await c2.query('select count(*)::int as c from trips.trips')).rows).toEqual([{ c: 2000 }]);
      } finally {
        await c2.end();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      dir = server.filesDir;
    }
  });

  it('a source whose file disappeared is reported when queried, and the rest still works', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'jammi-gone-'));
    const files = path.join(base, 'files');
    mkdirSync(files);
    try {
      await writeParquet(path.join(files, 'gone.parquet'), 'select 1 as x');
      const config = loadConfig({ port: '0', dataDir: path.join(base, 'data'), fileRoots: files, demo: false, logLevel: 'silent' }, {});
      const first = await startJammi(config, silentLogger);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query(`select * from jammi.add_source('gone', ${lit(path.join(files, 'gone.parquet'))})`);
      await c1.end();
      await first.close();
      rmSync(path.join(files, 'gone.parquet'));
      const second = await startJammi(config, silentLogger);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      try {
        const e = await pgError(c2.query('select * from gone.gone'));
        expect(e.code).toBe('58P01');
        expect(e.message).toContain('gone.parquet');
        expect((await c2.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
      } finally {
        await c2.end();
        await second.close();
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
