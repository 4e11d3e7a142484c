/**
 * The jammi CLI as a user runs it (src/cli/main.ts through tsx, in a child process):
 * `sql` in-process on a data dir, `sources add/list/remove` against a server URL,
 * `serve` until SIGTERM, and configuration errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { runCli, spawnServer } from '../helpers/spawn-server.js';

let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('jammi sql on a data dir', () => {
  it('prints a result as a table', async () => {
    const r = await runCli(['sql', "select 1 as n, 'abc' as s union all select 22, null", '--data-dir', path.join(tmp, 'd1'), '--file-roots', tmp]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([' n  |  s', '----+-----', ' 1  | abc', ' 22 |', '(2 rows)', ''].join('\n'));
  });

  it('prints command tags as psql does', async () => {
    const r = await runCli(['sql', 'create table t(x int); insert into t values (1), (2)', '--data-dir', path.join(tmp, 'd2'), '--file-roots', tmp]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('CREATE TABLE\nINSERT 0 2\n');
  });

  it('keeps tables in the data dir between runs and reads files under the roots', async () => {
    const data = path.join(tmp, 'd3');
    writeFileSync(path.join(tmp, 'nums.csv'), 'v\n3\n4\n');
    const a = await runCli(['sql', `create table kept as select * from read_csv('${path.join(tmp, 'nums.csv')}')`, '--data-dir', data, '--file-roots', tmp]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const b = await runCli(['sql', 'select sum(v)::int as total from kept', '--data-dir', data, '--file-roots', tmp]);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe([' total', '-------', ' 7', '(1 row)', ''].join('\n'));
  });

  it('exits 1 with the SQLSTATE on a server error', async () => {
    const r = await runCli(['sql', 'select * from nope', '--data-dir', path.join(tmp, 'd4'), '--file-roots', tmp]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('ERROR:  relation "nope" does not exist (SQLSTATE 42P01)');
  });
});

describe('jammi sources against a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    mkdirSync(path.join(server.filesDir, 'sub'));
    writeFileSync(path.join(server.filesDir, 'sub', 'colors.csv'), 'name,hex\nred,#f00\ngreen,#0f0\n');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('adds, lists and removes a source', async () => {
    const file = path.join(server.filesDir, 'sub', 'colors.csv');
    const add = await runCli(['sources', 'add', 'colors', file, '--url', server.url]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout.split('\n')[0]).toMatch(/^ source_id \| source_type \| +uri +\| format \| +tables +\| columns$/);
    expect(add.stdout).toContain(` colors    | file        | ${file} | csv    | {colors} | 2`);

    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      expect((await c.query('select name, hex from colors.colors order by name')).rows).toEqual([
        { name: 'green', hex: '#0f0' },
        { name: 'red', hex: '#f00' },
      ]);
    } finally {
      await c.end();
    }

    const list = await runCli(['sources', 'list', '--url', server.url]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ source_id \| source_type \| format +\| +uri +\| +tables$/);
    expect(lines.slice(2, -1).map((l) => l.split('|')[0].trim())).toEqual(['cities', 'colors', 'trips']);
    expect(lines[lines.length - 1]).toBe('(3 rows)');

    const rm = await runCli(['sources', 'remove', 'colors', '--url', server.url]);
    expect(rm.code).toBe(0);
    expect(rm.stdout).toBe([' source_id | removed', '-----------+---------', ' colors    | t', '(1 row)', ''].join('\n'));

    const again = await runCli(['sources', 'remove', 'colors', '--url', server.url]);
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe('ERROR:  source "colors" does not exist (SQLSTATE 42704)');
  });

  it('sources add with --format reads a file without a known extension', async () => {
    writeFileSync(path.join(server.filesDir, 'data.txt'), 'k,v\na,1\n');
    const r = await runCli(['sources', 'add', 'txt', path.join(server.filesDir, 'data.txt'), '--format', 'csv', '--url', server.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| csv    | {data}');
  });
});

describe('jammi embed against a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('builds an embedding table, printing its progress NOTICEs (no terminal: one line each) and its row', async () => {
    const r = await runCli(['embed', 'cities', '--key', 'name', '--text', 'name', '--name', 'cli_cities', '--m', '8', '--url', server.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^NOTICE: {2}embedding table cli_cities: embedding \d+ of 6 rows \(\d+%\)$/m);
    expect(r.stdout.split('\n')[2]).toMatch(/^ cli_cities +\| cities +\| hash-384 +\| ready +\| 6 +\| 384$/);
    const again = await runCli(['rebuild-index', 'cli_cities', '--ef-search', '32', '--url', server.url]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(' cli_cities | ready');
    expect(again.stdout).toContain('"ef_search":32');
  });

  it('refuses flags that do not make one build', async () => {
    const both = await runCli(['embed', 'cities', '--key', 'name', '--text', 'name', '--vector', 'v', '--url', server.url]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('give exactly one of --text');
    const badM = await runCli(['embed', 'cities', '--key', 'name', '--text', 'name', '--m', 'x', '--url', server.url]);
    expect(badM.code).toBe(1);
    expect(badM.stderr).toContain('--m must be a positive integer');
  });
});

describe('jammi serve', () => {
  it('prints the URL, serves clients and exits 0 on SIGTERM', async () => {
    const data = path.join(tmp, 'serve-data');
    const srv = await spawnServer(['--port', '0', '--data-dir', data, '--file-roots', tmp, '--demo', '--log-level', 'warn']);
    try {
      expect(srv.stdout()).toMatch(/^jammi listening on postgres:\/\/jammi@127\.0\.0\.1:\d+\/jammi\n/);
      expect(srv.port).toBeGreaterThan(0);
      const c = new pg.Client({ connectionString: srv.url });
      await c.connect();
      expect((await c.query('select count(*)::int as n from trips.trips')).rows).toEqual([{ n: 2000 }]);
      await c.end();
    } finally {
      const exit = await srv.stop();
      expect(exit).toEqual({ code: 0, signal: null });
    }
  });

  it('exits non-zero with a clear message on a bad JAMMI_PORT', async () => {
    const r = await runCli(['serve', '--data-dir', path.join(tmp, 'bad')], { env: { JAMMI_PORT: 'abc' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('jammi: configuration error: port must be an integer, got "abc"\n');
  });

  it('exits non-zero on a bad config file and on an unknown setting in it', async () => {
    writeFileSync(path.join(tmp, 'broken.json'), '{ not json');
    const a = await runCli(['serve', '--config', path.join(tmp, 'broken.json'), '--data-dir', path.join(tmp, 'bad')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/^jammi: configuration error: config file .*broken\.json is not valid JSON: /);
    writeFileSync(path.join(tmp, 'unknown.json'), JSON.stringify({ prot: 1 }));
    const b = await runCli(['serve', '--config', path.join(tmp, 'unknown.json'), '--data-dir', path.join(tmp, 'bad')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^jammi: configuration error: unknown setting "prot" in .*unknown\.json; known: /);
  });

  it('exits non-zero when the port is taken', async () => {
    const first = await spawnServer(['--port', '0', '--data-dir', path.join(tmp, 'p1'), '--file-roots', tmp, '--log-level', 'warn']);
    try {
      const r = await runCli(['serve', '--port', String(first.port), '--data-dir', path.join(tmp, 'p2'), '--file-roots', tmp, '--log-level', 'warn']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('EADDRINUSE');
    } finally {
      await first.stop();
    }
  });
});
