/**
 * Two jammi servers sharing a NATS JetStream stream see each other's topic events. Each
 * server's log holds only what its own clients published; an event from the other server
 * arrives with `_origin` and that server's `_offset`. Skipped (with a printed reason) when
 * JAMMI_TEST_NATS_URL is unset.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { natsBackend, range, Received } from '../helpers/topics.js';

const backend = natsBackend();

describe.skipIf(backend.skip !== null)('topics between two servers over NATS', () => {
  let a: TestServer;
  let b: TestServer;
  const clients: pg.Client[] = [];
  const connect = async (s: TestServer) => {
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    a = await startTestServer(backend.config);
    b = await startTestServer(backend.config);
    for (const s of [a, b]) await (await connect(s)).query(`SELECT * FROM jammi.create_topic('shared.events', '{"server":"text","i":"integer"}')`);
  });

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await a?.stop();
    await b?.stop();
    await backend.cleanup();
  });

  it("each server's listeners get both servers' events; the other's carry _origin", async () => {
    const onA = await connect(a);
    const onB = await connect(b);
    const gotA = new Received(onA);
    const gotB = new Received(onB);
    await onA.query('LISTEN "shared.events"');
    await onB.query('LISTEN "shared.events"');
    const pubA = await connect(a);
    const pubB = await connect(b);
    for (const i of range(20)) {
      await pubA.query(`SELECT jammi.publish('shared.events', $1)`, [JSON.stringify({ server: 'a', i })]);
      await pubB.query(`INSERT INTO topics."shared.events" (server, i) VALUES ('b', $1)`, [i]);
    }
    for (const got of [gotA, gotB]) await got.until(() => got.events('shared.events').length === 40, 'all 40 events');
    for (const [got, local] of [
      [gotA, 'a'],
      [gotB, 'b'],
    ] as const) {
      const events = got.events('shared.events');
      const own = events.filter((e) => e.server === local);
      const other = events.filter((e) => e.server !== local);
      expect(own.map((e) => [e._offset, e.i])).toEqual(range(20).map((i) => [i, i]));
      expect(own.every((e) => !('_origin' in e))).toBe(true);
      // Offsets of the other server's log, in its order, all from one origin.
      expect(other.map((e) => [e._offset, e.i])).toEqual(range(20).map((i) => [i, i]));
      const origins = new Set(other.map((e) => e._origin));
      expect(origins.size).toBe(1);
      expect([...origins][0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(other[0])).toEqual(['_offset', '_produced_at', '_origin', 'server', 'i']);
    }
    // The two origins are the two servers.
    const originOfA = gotB.events('shared.events').find((e) => e.server === 'a')!._origin;
    const originOfB = gotA.events('shared.events').find((e) => e.server === 'b')!._origin;
    expect(originOfA).not.toBe(originOfB);
    // Each log holds its own server's events only.
    for (const [s, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const c = await connect(s);
      const r = await c.query(`SELECT array_agg(DISTINCT server) AS servers, count(*)::int AS n FROM topics."shared.events"`);
      expect(r.rows[0]).toEqual({ servers: [name], n: 20 });
    }
  });

  it("a filter on one server applies to the other server's events; replay reads the local log", async () => {
    const sub = await connect(b);
    const got = new Received(sub);
    await sub.query(`SELECT jammi.subscribe('shared.events', $1, 0)`, ['i >= 18 OR server = \'a\' AND i = 100']);
    // The replay from B's own log: its events 18 and 19.
    await got.until(() => got.events('shared.events').length === 2, 'the replayed matches');
    expect(got.events('shared.events').map((e) => [e.server, e.i, '_origin' in e])).toEqual([
      ['b', 18, false],
      ['b', 19, false],
    ]);
    const pubA = await connect(a);
    await pubA.query(`SELECT jammi.publish('shared.events', '[{"server":"a","i":5},{"server":"a","i":100},{"server":"a","i":50}]')`);
    await got.until(() => got.events('shared.events').length === 4, 'the matches from server a');
    expect(got.events('shared.events').slice(2).map((e) => [e.server, e.i, typeof e._origin])).toEqual([
      ['a', 100, 'string'],
      ['a', 50, 'string'],
    ]);
  });
});
