/**
 * Authentication (cleartext password, md5, SCRAM-SHA-256) and TLS, with node-postgres,
 * psql and a raw client for the exact authentication requests.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthMethod } from '../../src/config/index.js';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';
import { errorFields, fe, RawClient, types } from '../helpers/raw-client.js';

async function connectError(config: pg.ClientConfig): Promise<{ code?: string; message: string; severity?: string }> {
  const c = new pg.Client(config);
  try {
    await c.connect();
  } catch (e) {
    return e as { code?: string; message: string; severity?: string };
  } finally {
    await c.end().catch(() => undefined);
  }
  throw new Error('expected the connection to fail');
}

/** The first authentication request the server sends after a StartupMessage: its int32 code and the rest. */
async function authRequest(port: number, user: string): Promise<{ code: number; rest: Buffer }> {
  const c = await RawClient.connect(port, { noStartup: true });
  try {
    c.send(fe.startup({ user, database: 'jammi' }));
    const [f] = await c.readUntil('R');
    return { code: f.body.readInt32BE(0), rest: f.body.subarray(4) };
  } finally {
    c.close();
  }
}

const methods: { method: Exclude<AuthMethod, 'trust'>; request: number }[] = [
  { method: 'password', request: 3 },
  { method: 'md5', request: 5 },
  { method: 'scram-sha-256', request: 10 },
];

describe.each(methods)('auth method $method', ({ method, request }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { method, users: { alice: 'secret', bob: 'p@ss wörd' } } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const cfg = (user: string, password: string): pg.ClientConfig => ({ host: '127.0.0.1', port: server.port, database: 'jammi', user, password });

  it('asks for the configured kind of password', async () => {
    const r = await authRequest(server.port, 'alice');
    expect(r.code).toBe(request);
    if (method === 'password') expect(r.rest.length).toBe(0);
    if (method === 'md5') expect(r.rest.length).toBe(4);
    if (method === 'scram-sha-256') expect(r.rest).toEqual(Buffer.from('SCRAM-SHA-256\0\0', 'latin1'));
  });

  it('accepts the right password', async () => {
    for (const [user, password] of [
      ['alice', 'secret'],
      ['bob', 'p@ss wörd'],
    ]) {
      const c = new pg.Client(cfg(user, password));
      await c.connect();
      try {
        const r = await c.query('select 1 as one, count(*)::int as n from cities.cities');
        expect(r.rows).toEqual([{ one: 1, n: 6 }]);
        expect((await c.query('show session_authorization')).rows).toEqual([{ session_authorization: user }]);
      } finally {
        await c.end();
      }
    }
  });

  it('refuses a wrong password with 28P01', async () => {
    const e = await connectError(cfg('alice', 'wrong'));
    expect(e.code).toBe('28P01');
    expect(e.severity).toBe('FATAL');
    expect(e.message).toBe('password authentication failed for user "alice"');
  });

  it('refuses an unknown user exactly like a wrong password', async () => {
    const e = await connectError(cfg('mallory', 'secret'));
    expect(e.code).toBe('28P01');
    expect(e.message).toBe('password authentication failed for user "mallory"');
    // The request for an unknown user looks the same (no user enumeration).
    expect((await authRequest(server.port, 'mallory')).code).toBe(request);
  });

  it('works with psql and PGPASSWORD', async () => {
    const run = (password: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'psql',
          ['-X', '-A', '-t', '-w', '-c', 'select 6 * 7'],
          { env: { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'alice', PGDATABASE: 'jammi', PGPASSWORD: password, PGSSLMODE: 'disable' }, timeout: 20000 },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const ok = await run('secret');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('42\n');
    const bad = await run('nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('password authentication failed for user "alice"');
  });
});

describe('TLS', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    server = await startTestServer({ tls: { certFile, keyFile } });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers SSLRequest with S', async () => {
    const c = await RawClient.connect(server.port, { noStartup: true });
    c.send(fe.sslRequest());
    expect(await c.takeByte()).toBe('S');
    expect(c.raw.length).toBe(1);
    // Hang up without a handshake (sending plaintext here is the separate crash test below).
    c.socket.destroy();
  });

  it('serves queries over TLS to node-postgres', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'jammi', database: 'jammi', ssl: { rejectUnauthorized: false } });
    await c.connect();
    try {
      const stream = (c as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream;
      expect(stream.encrypted).toBe(true);
      const r = await c.query('select name from cities.cities order by name limit 2');
      expect(r.rows).toEqual([{ name: 'Amsterdam' }, { name: 'Berlin' }]);
      // A result larger than one TLS record arrives whole.
      const big = await c.query('select count(*)::int as n, sum(length(city))::int as l from (select * from trips.trips) t');
      expect(big.rows[0].n).toBe(2000);
    } finally {
      await c.end();
    }
  });

  it('serves psql with sslmode=require', async () => {
    const out = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        'psql',
        ['-X', '-A', '-t', '-c', 'select 1'],
        { env: { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'jammi', PGDATABASE: 'jammi', PGSSLMODE: 'require' }, timeout: 20000 },
        (_e, stdout, stderr) => resolve({ stdout, stderr }),
      );
    });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('1\n');
  });

  it('refuses a plaintext connection', async () => {
    const c = await RawClient.connect(server.port, { noStartup: true });
    c.send(fe.startup({ user: 'jammi', database: 'jammi' }));
    const f = await c.waitClosed(5000);
    expect(types(f)).toBe('E');
    expect(errorFields(f[0].body)).toMatchObject({ S: 'FATAL', M: 'SSL connection is required' });
    c.close();
    const e = await connectError({ host: '127.0.0.1', port: server.port, user: 'jammi', database: 'jammi', ssl: false });
    expect(e.severity).toBe('FATAL');
    expect(e.message).toBe('SSL connection is required');
  });
});

describe('TLS in a server process', () => {
  let dir: string;
  let proc: SpawnedServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-tls-proc-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    writeFileSync(path.join(dir, 'jammi.json'), JSON.stringify({ tls: { certFile: 'cert.pem', keyFile: 'key.pem' } }));
    proc = await spawnServer(['--port', '0', '--data-dir', path.join(dir, 'data'), '--file-roots', dir, '--config', path.join(dir, 'jammi.json'), '--log-level', 'warn']);
  });
  afterAll(async () => {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives a client that answers S with plaintext instead of a TLS handshake', async () => {
    const c = await RawClient.connect(proc.port, { noStartup: true });
    c.send(fe.sslRequest());
    expect(await c.takeByte()).toBe('S');
    c.send(fe.startup({ user: 'jammi', database: 'jammi' }));
    await c.waitClosed(5000);
    c.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(proc.alive()).toBe(true);
    const pgc = new pg.Client({ host: '127.0.0.1', port: proc.port, user: 'jammi', database: 'jammi', ssl: { rejectUnauthorized: false } });
    await pgc.connect();
    try {
      expect((await pgc.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pgc.end();
    }
  });
});

describe('without TLS', () => {
  it('answers SSLRequest with N and then serves plaintext', async () => {
    const server = await startTestServer();
    try {
      const c = await RawClient.connect(server.port, { noStartup: true });
      c.send(fe.sslRequest());
      expect(await c.takeByte()).toBe('N');
      c.send(fe.startup({ user: 'jammi', database: 'jammi' }));
      const f = await c.readUntil('Z');
      expect(f[0].type).toBe('R');
      expect(f[0].body.readInt32BE(0)).toBe(0);
      expect(types(await c.query('select 1'))).toBe('T D C Z');
      c.close();
    } finally {
      await server.stop();
    }
  });
});
