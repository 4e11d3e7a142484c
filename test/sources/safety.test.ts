/**
 * What a client must not be able to do: read or write files outside the file roots,
 * reconfigure or extend the engine, write to sources or system tables, tamper with the
 * shared source views, or read another tenant's sources.
 */
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';

let server: TestServer;
let client: pg.Client;

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  return c;
}

async function codeOf(c: pg.Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
}

beforeAll(async () => {
  server = await startTestServer();
  client = await connect();
  writeFileSync(path.join(server.filesDir, 'ok.csv'), 'a,b\n1,x\n2,y\n');
  symlinkSync('/etc/passwd', path.join(server.filesDir, 'link.csv'));
  symlinkSync('/etc', path.join(server.filesDir, 'etcdir'));
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('files outside the roots', () => {
  const denied = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd')",
    "select * from read_text('/etc/hostname')",
    "select * from read_blob('/etc/hostname')",
    "select * from read_parquet('/etc/x.parquet')",
    "select * from read_json_auto('/etc/x.json')",
    "select * from glob('/etc/*')",
    "create table stolen as select * from read_csv('/etc/passwd')",
  ];
  for (const sql of denied) {
    it(`${sql} is 42501`, async () => {
      expect(await codeOf(client, sql)).toBe('42501');
    });
  }

  it('path traversal and symlinks out of a root are 42501', async () => {
    const f = server.filesDir;
    expect(await codeOf(client, `select * from read_csv('${f}/../../../../etc/passwd')`)).toBe('42501');
    expect(await codeOf(client, `select * from read_csv('${f}/link.csv')`)).toBe('42501');
    expect(await codeOf(client, `select * from read_csv('${f}/etcdir/passwd')`)).toBe('42501');
    expect(await codeOf(client, `select * from jammi.add_source('lnk', '${f}/link.csv')`)).toBe('42501');
  });

  it('a file inside the roots is readable with read_csv', async () => {
    const r = await client.query(`select a::int as a, b from read_csv('${path.join(server.filesDir, 'ok.csv')}') order by a`);
    expect(r.rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    const g = await client.query(`select count(*)::int as n from glob('${server.filesDir}/*.csv')`);
    expect(g.rows).toEqual([{ n: 2 }]);
  });
});

describe('writing files', () => {
  it('COPY ... TO a file is 42501 and writes nothing', async () => {
    const target = path.join(os.tmpdir(), `jammi-copy-${process.pid}-${Date.now()}.csv`);
    expect(await codeOf(client, `COPY (select 1) TO '${target}'`)).toBe('42501');
    expect(existsSync(target)).toBe(false);
    const inside = path.join(server.filesDir, 'copied.csv');
    expect(await codeOf(client, `COPY (select 1) TO '${inside}'`)).toBe('42501');
    expect(existsSync(inside)).toBe(false);
    expect(await codeOf(client, `COPY (select 1) TO PROGRAM 'touch ${target}'`)).toBe('42501');
    expect(existsSync(target)).toBe(false);
  });

  it('COPY FROM a file is 42501', async () => {
    await client.query('create table copy_target(a int, b text)');
    expect(await codeOf(client, `COPY copy_target FROM '${path.join(server.filesDir, 'ok.csv')}'`)).toBe('42501');
    expect((await client.query('select count(*)::int as n from copy_target')).rows).toEqual([{ n: 0 }]);
  });

  it('EXPORT DATABASE is 42501 and writes nothing', async () => {
    const target = path.join(os.tmpdir(), `jammi-export-${process.pid}-${Date.now()}`);
    expect(await codeOf(client, `EXPORT DATABASE '${target}'`)).toBe('42501');
    expect(existsSync(target)).toBe(false);
  });
});

describe('engine configuration and extensions', () => {
  const denied = [
    "ATTACH 'x.db'",
    "ATTACH 'x.db' AS y",
    'DETACH jammi_sources',
    'INSTALL httpfs',
    "LOAD 'x'",
    'PRAGMA threads=1',
    'PRAGMA version',
    "SET memory_limit='1GB'",
    'SET enable_external_access=true',
    'SET threads = 1',
    'RESET enable_external_access',
    'USE memory',
    "IMPORT DATABASE '/tmp'",
    'CALL pragma_version()',
  ];
  for (const sql of denied) {
    it(`${sql} is 42501`, async () => {
      expect(await codeOf(client, sql)).toBe('42501');
    });
  }

  it('the session is still healthy after refusals', async () => {
    expect((await client.query('select count(*)::int as n from trips.trips')).rows).toEqual([{ n: 2000 }]);
  });
});

describe('read-only tables', () => {
  const sourceWrites = [
    'insert into trips.trips (trip_id) values (1)',
    'insert into trips.public.trips (trip_id) values (1)',
    'update trips.trips set fare = 0',
    'delete from trips.trips',
    'truncate trips.trips',
    'delete from cities.cities where name = \'Rome\'',
  ];
  for (const sql of sourceWrites) {
    it(`${sql} is 42809`, async () => {
      expect(await codeOf(client, sql)).toBe('42809');
    });
  }

  const systemWrites = ["insert into _jammi_sources (source_id) values ('x')", "update _jammi_sources set uri = 'x'", 'delete from _jammi_sources', 'delete from jammi._jammi_sources'];
  for (const sql of systemWrites) {
    it(`${sql} is 42501`, async () => {
      expect(await codeOf(client, sql)).toBe('42501');
    });
  }

  it('data is unchanged after the refused writes', async () => {
    expect((await client.query('select count(*)::int as n, sum(fare)::text as f from trips.trips')).rows[0].n).toBe(2000);
    expect((await client.query('select count(*)::int as n from _jammi_sources')).rows).toEqual([{ n: 2 }]);
  });
});

describe('the shared source views', () => {
  it('a client cannot drop a source view out from under every session', async () => {
    const c = await connect();
    try {
      // The internal catalog is invisible to clients: it does not exist for them.
      expect(await codeOf(c, 'drop view jammi_sources.cities.cities')).toBe('42P01');
    } finally {
      await c.end();
    }
    const other = await connect();
    try {
      expect((await other.query('select count(*)::int as n from cities.cities')).rows).toEqual([{ n: 6 }]);
    } finally {
      await other.end();
    }
  });

  it("a tenant cannot read another tenant's source through the internal catalog", async () => {
    const a = await connect();
    const b = await connect();
    try {
      await a.query("set jammi.tenant = '11111111-1111-1111-1111-111111111111'");
      await a.query(`select * from jammi.add_source('tenant_a_secret', '${path.join(server.filesDir, 'ok.csv')}')`);
      expect((await a.query('select count(*)::int as n from tenant_a_secret.ok')).rows).toEqual([{ n: 2 }]);
      await b.query("set jammi.tenant = '22222222-2222-2222-2222-222222222222'");
      expect(await codeOf(b, 'select * from tenant_a_secret.ok')).toBe('42P01');
      expect((await b.query("select count(*)::int as n from _jammi_sources where source_id = 'tenant_a_secret'")).rows).toEqual([{ n: 0 }]);
      const viaCatalog = await codeOf(b, 'select * from jammi_sources.tenant_a_secret.ok');
      expect(['42P01', '42501']).toContain(viaCatalog);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
