/**
 * Hostile and unlucky clients: malformed frames, oversized startup packets, garbage,
 * disconnects in the middle of a result, CancelRequest, connection limits and many
 * concurrent clients. After each, the server must still serve new connections.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { type BackendFrame, errorFields, fe, frame, RawClient, sendCancel, textRow, types } from '../helpers/raw-client.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** A fresh connection answers a query: the server survived whatever came before. */
async function serverStillWorks(): Promise<void> {
  const c = await RawClient.connect(server.port);
  try {
    const f = await c.query('select 40 + 2 as answer');
    expect(types(f)).toBe('T D C Z');
    expect(textRow(f[1].body)).toEqual(['42']);
  } finally {
    c.close();
  }
}

/** Send bytes after a normal startup and expect one FATAL 08P01 and then the socket closed. */
async function expectFatal(bytes: Buffer, message: string): Promise<void> {
  const c = await RawClient.connect(server.port);
  c.send(bytes);
  const f = await c.waitClosed(5000);
  expect(types(f)).toBe('E');
  expect(errorFields(f[0].body)).toEqual({ S: 'FATAL', V: 'FATAL', C: '08P01', M: message });
  c.close();
}

describe('malformed messages after startup', () => {
  it('a length below 4 is FATAL 08P01 and closes the connection', async () => {
    await expectFatal(Buffer.from([0x51, 0, 0, 0, 2]), 'invalid message length 2');
    await expectFatal(Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff]), 'invalid message length -1');
    await serverStillWorks();
  });

  it('an unknown message type is FATAL 08P01', async () => {
    await expectFatal(frame('z'), 'invalid frontend message type 122');
    await serverStillWorks();
  });

  it('garbage bytes are FATAL 08P01', async () => {
    await expectFatal(Buffer.concat([Buffer.from([0, 0, 0, 0, 16]), randomBytes(12)]), 'invalid frontend message type 0');
    await serverStillWorks();
  });

  it('a message over maxMessageBytes is refused before its body arrives', async () => {
    const small = await startTestServer({ maxMessageBytes: 4096 });
    try {
      const c = await RawClient.connect(small.port);
      // Only the header: the server must not wait for the 1 MB body.
      c.send(Buffer.concat([Buffer.from('Q'), i32(1024 * 1024)]));
      const f = await c.waitClosed(5000);
      expect(types(f)).toBe('E');
      expect(errorFields(f[0].body)).toMatchObject({ S: 'FATAL', C: '08P01', M: 'message of 1048576 bytes exceeds the limit of 4096' });
      c.close();
      const ok = await RawClient.connect(small.port);
      expect(types(await ok.query('select 1'))).toBe('T D C Z');
      ok.close();
    } finally {
      await small.stop();
    }
  });

  it('a Describe with an invalid target is an ERROR, not the end of the connection', async () => {
    const c = await RawClient.connect(server.port);
    try {
      c.send(frame('D', Buffer.from('X\0')), fe.sync());
      const f = await c.readUntil('Z');
      expect(types(f)).toBe('E Z');
      expect(errorFields(f[0].body)).toMatchObject({ S: 'ERROR', C: '08P01', M: 'invalid DESCRIBE message subtype 88' });
      expect(types(await c.query('select 1'))).toBe('T D C Z');
    } finally {
      c.close();
    }
  });
});

describe('the startup phase', () => {
  it('refuses a startup packet over 10000 bytes', async () => {
    const c = await RawClient.connect(server.port, { noStartup: true });
    c.send(fe.startup({ user: 'jammi', database: 'jammi', application_name: 'a'.repeat(12000) }));
    const f = await c.waitClosed(5000);
    expect(types(f)).toBe('E');
    expect(errorFields(f[0].body)).toEqual({ S: 'FATAL', V: 'FATAL', C: '08P01', M: 'invalid length of startup packet' });
    await serverStillWorks();
  });

  it('closes at once when a startup packet declares more than 10000 bytes, without waiting for them', async () => {
    const c = await RawClient.connect(server.port, { noStartup: true });
    c.send(Buffer.concat([i32(100000), i32(196608), Buffer.alloc(2000, 0x61)]));
    const f = await c.waitClosed(2000);
    expect(f.every((x) => x.type === 'E')).toBe(true);
    expect(c.raw.includes(Buffer.from('R'))).toBe(false);
    c.close();
    await serverStillWorks();
  });

  it('closes a connection that starts with garbage and never authenticates it', async () => {
    for (let i = 0; i < 5; i++) {
      const c = await RawClient.connect(server.port, { noStartup: true });
      c.send(Buffer.concat([i32(64), randomBytes(60)]));
      const f: BackendFrame[] = await c.waitClosed(5000);
      // No AuthenticationOk, no ReadyForQuery: at most a FATAL error.
      expect(f.filter((x) => x.type !== 'E')).toEqual([]);
      for (const e of f) expect(errorFields(e.body).S).toBe('FATAL');
      c.close();
    }
    await serverStillWorks();
  });

  it('closes a connection whose first packet is too short to hold a protocol version', async () => {
    const c = await RawClient.connect(server.port, { noStartup: true });
    c.send(Buffer.from([0, 0, 0, 2]));
    const f = await c.waitClosed(5000);
    expect(f.filter((x) => x.type !== 'E')).toEqual([]);
    c.close();
    await serverStillWorks();
  });
});

describe('disconnects', () => {
  it('survives a client that disconnects in the middle of a large result', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await RawClient.connect(server.port);
      c.send(fe.query('select * from range(100000000)'));
      await c.readUntil('D', 10000);
      c.socket.destroy();
    }
    const started = Date.now();
    await serverStillWorks();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('rolls back an open transaction when the client goes away', async () => {
    const a = await RawClient.connect(server.port);
    await a.query('create table disc_t(x int)');
    await a.query('BEGIN');
    await a.query('insert into disc_t values (1), (2)');
    a.close();
    await new Promise((r) => setTimeout(r, 200));
    const b = await RawClient.connect(server.port);
    try {
      const f = await b.query('select count(*) as n from disc_t');
      expect(textRow(f[1].body)).toEqual(['0']);
    } finally {
      b.close();
    }
  });
});

describe('CancelRequest', () => {
  it('cancels a long query with 57014 and leaves the connection usable', async () => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
      expect(typeof processID).toBe('number');
      const started = Date.now();
      const q = c.query('select count(*) from range(100000000000)').then(
        () => null,
        (e: { code: string; message: string; severity: string }) => e,
      );
      await new Promise((r) => setTimeout(r, 300));
      await sendCancel(server.port, processID, secretKey);
      const err = await q;
      expect(err).not.toBeNull();
      expect(err!.code).toBe('57014');
      expect(err!.severity).toBe('ERROR');
      expect(Date.now() - started).toBeLessThan(10000);
      const r = await c.query('select 1 as one');
      expect(r.rows).toEqual([{ one: 1 }]);
      expect(err!.message).toBe('canceling statement due to user request');
    } finally {
      await c.end();
    }
  });

  it('cancels inside a transaction, which is then aborted (25P02) until ROLLBACK', async () => {
    const c = await RawClient.connect(server.port);
    try {
      await c.query('BEGIN');
      c.send(fe.query('select count(*) from range(100000000000)'));
      await new Promise((r) => setTimeout(r, 300));
      await sendCancel(server.port, c.pid, c.secret);
      const f = await c.readUntil('Z', 10000);
      expect(types(f.filter((x) => x.type !== 'T'))).toBe('E Z');
      expect(errorFields(f[f.length - 2].body).C).toBe('57014');
      expect(f[f.length - 1].body.toString('latin1')).toBe('E');
      const g = await c.query('select 1');
      expect(errorFields(g[0].body).C).toBe('25P02');
      const h = await c.query('ROLLBACK');
      expect(h[h.length - 1].body.toString('latin1')).toBe('I');
    } finally {
      c.close();
    }
  });

  it('ignores a CancelRequest with the wrong secret', async () => {
    const c = await RawClient.connect(server.port);
    try {
      c.send(fe.query('select count(*) as n from range(5000000000)'));
      await new Promise((r) => setTimeout(r, 100));
      await sendCancel(server.port, c.pid, c.secret ^ 0x5a5a5a5a);
      await sendCancel(server.port, c.pid + 100000, c.secret);
      const f = await c.readUntil('Z', 20000);
      expect(types(f)).toBe('T D C Z');
      expect(textRow(f[1].body)).toEqual(["5000000000"]);
    } finally {
      c.close();
    }
  });

  it('a cancel that arrives while idle does not cancel the next query', async () => {
    const c = await RawClient.connect(server.port);
    try {
      await sendCancel(server.port, c.pid, c.secret);
      await new Promise((r) => setTimeout(r, 100));
      const f = await c.query('select count(*) as n from range(1000)');
      expect(types(f)).toBe('T D C Z');
      expect(textRow(f[1].body)).toEqual(['1000']);
    } finally {
      c.close();
    }
  });
});

describe('many clients', () => {
  it('50 concurrent pg clients get correct answers', async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = new pg.Client({ connectionString: server.url });
        await c.connect();
        return c;
      }),
    );
    try {
      const expected = await clients[0].query('select passengers, count(*)::int as n from trips.trips group by 1 order by 1');
      const byPassengers = new Map<number, number>(expected.rows.map((r: { passengers: number; n: number }) => [r.passengers, r.n]));
      expect([...byPassengers.values()].reduce((a, b) => a + b, 0)).toBe(2000);
      const results = await Promise.all(
        clients.map(async (c, i) => {
          const p = [...byPassengers.keys()][i % byPassengers.size];
          const a = await c.query('select $1::int * 2 as doubled, count(*)::int as n from trips.trips where passengers = $2', [i, p]);
          const b = await c.query(`select ${i} as me, (select count(*) from cities.cities)::int as cities`);
          return { i, p, a: a.rows[0], b: b.rows[0] };
        }),
      );
      for (const r of results) {
        expect(r.a).toEqual({ doubled: r.i * 2, n: byPassengers.get(r.p) });
        expect(r.b).toEqual({ me: r.i, cities: 6 });
      }
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('refuses connections over maxConnections with 53300', async () => {
    const small = await startTestServer({ maxConnections: 2 });
    try {
      const a = await RawClient.connect(small.port);
      const b = await RawClient.connect(small.port);
      const c = await RawClient.connect(small.port, { noStartup: true });
      c.send(fe.startup({ user: 'jammi', database: 'jammi' }));
      const f = await c.waitClosed(5000);
      const err = f.find((x) => x.type === 'E');
      expect(err && errorFields(err.body)).toMatchObject({ S: 'FATAL', C: '53300', M: 'sorry, too many clients already' });
      expect(f.some((x) => x.type === 'Z')).toBe(false);
      a.close();
      await new Promise((r) => setTimeout(r, 200));
      const d = await RawClient.connect(small.port);
      expect(types(await d.query('select 1'))).toBe('T D C Z');
      d.close();
      b.close();
    } finally {
      await small.stop();
    }
  });
});
