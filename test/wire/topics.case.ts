/**
 * The topic suite, run on each broker backend (topics-memory.test.ts, topics-nats.test.ts):
 * create/drop, schema checks, publish by function and by INSERT, delivery at COMMIT only,
 * contiguous offsets under concurrent publishers, filters, replay with a seamless live tail,
 * and a slow subscriber's bounded buffer. Everything over real connections with node-postgres.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { range, Received, sleep, sqlstate, type TopicBackendCase } from '../helpers/topics.js';

/** The buffer bound of the suite's server: small, so a slow subscriber overflows quickly. */
const BUFFER = 200;

export function topicSuite(backend: TopicBackendCase): void {
  if (backend.skip) process.stderr.write(`topic suite on ${backend.name}: skipped (${backend.skip})\n`);

  describe.skipIf(backend.skip !== null)(`topics on the ${backend.name} backend`, () => {
    let server: TestServer;
    const clients: pg.Client[] = [];
    const connect = async () => {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      clients.push(c);
      return c;
    };
    let admin: pg.Client;

    beforeAll(async () => {
      server = await startTestServer({ ...backend.config, topicBufferEvents: BUFFER });
      admin = await connect();
    });

    afterAll(async () => {
      for (const c of clients) await c.end().catch(() => undefined);
      await server?.stop();
      await backend.cleanup();
    });

    const create = (name: string, columns: Record<string, string>) => admin.query('SELECT * FROM jammi.create_topic($1, $2)', [name, JSON.stringify(columns)]);
    const count = async (topic: string) => Number((await admin.query(`SELECT count(*)::int AS n FROM topics."${topic}"`)).rows[0].n);

    it('create_topic makes a typed log; _jammi_topics lists it; drop_topic removes both', async () => {
      const r = await create('orders.created', { kind: 'text', n: 'bigint', ok: 'bool', x: 'float8', at: 'timestamptz', data: 'jsonb' });
      expect(r.rows[0]).toMatchObject({ name: 'orders.created', backing_table: 'topics."orders.created"' });
      expect(r.rows[0].schema).toEqual({ kind: 'text', n: 'bigint', ok: 'boolean', x: 'double precision', at: 'timestamp with time zone', data: 'jsonb' });
      const cols = await admin.query(`SELECT * FROM topics."orders.created"`);
      expect(cols.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
        ['_offset', 20],
        ['_produced_at', 1184],
        ['kind', 25],
        ['n', 20],
        ['ok', 16],
        ['x', 701],
        ['at', 1184],
        ['data', 3802],
      ]);
      const t = await admin.query(`SELECT name, backing_table, next_offset FROM _jammi_topics WHERE name = 'orders.created'`);
      expect(t.rows).toEqual([{ name: 'orders.created', backing_table: 'topics."orders.created"', next_offset: '0' }]);
      expect(await sqlstate(admin, `SELECT * FROM jammi.create_topic('orders.created', '{"a":"text"}')`)).toBe('42710');
      const d = await admin.query(`SELECT * FROM jammi.drop_topic('orders.created')`);
      expect(d.rows[0].dropped).toBe(true);
      expect((await admin.query(`SELECT count(*)::int AS n FROM _jammi_topics WHERE name = 'orders.created'`)).rows[0].n).toBe(0);
      expect(await sqlstate(admin, `SELECT * FROM topics."orders.created"`)).toBe('42P01');
      expect(await sqlstate(admin, `SELECT * FROM jammi.drop_topic('orders.created')`)).toBe('42704');
    });

    it.each([
      ['Bad Name', '{"a":"text"}', '22023'],
      ['a..b', '{"a":"text"}', '22023'],
      ['ok_name', '{}', '22023'],
      ['ok_name', '{"_offset":"bigint"}', '22023'],
      ['ok_name', '{"a":"numeric"}', '22023'],
      ['ok_name', '{"a":5}', '22023'],
      ['ok_name', '[1]', '22023'],
      ['ok_name', 'not json', '22P02'],
    ])('create_topic(%s, %s) fails with %s and creates nothing', async (name, columns, code) => {
      expect(await sqlstate(admin, 'SELECT * FROM jammi.create_topic($1, $2)', [name, columns])).toBe(code);
      expect((await admin.query(`SELECT count(*)::int AS n FROM _jammi_topics WHERE name = $1`, [name])).rows[0].n).toBe(0);
    });

    it('publishes by function and by INSERT, with contiguous offsets and _produced_at', async () => {
      await create('pub', { kind: 'text', n: 'bigint', at: 'timestamptz', data: 'jsonb' });
      const a = await admin.query(`SELECT jammi.publish('pub', '{"kind":"a","n":1,"at":"2026-11-22 10:00:00+02","data":{"k":[1,2]}}')`);
      expect(a.rows).toEqual([{ publish: '0' }]);
      const b = await admin.query(`SELECT * FROM jammi.publish('pub', $1)`, [JSON.stringify([{ kind: 'b' }, { n: '9007199254740993' }])]);
      expect(b.rows).toEqual([{ publish: '1' }, { publish: '2' }]);
      const c = await admin.query(`INSERT INTO topics.pub (kind, n) VALUES ('c', 4), ($1, $2)`, ['d', '5']);
      expect(c.command).toBe('INSERT');
      expect(c.rowCount).toBe(2);
      const d = await admin.query(`INSERT INTO topics.pub SELECT 'e', 6, now(), '{"z":true}' RETURNING _offset, kind, data`);
      expect(d.rows).toEqual([{ _offset: '5', kind: 'e', data: { z: true } }]);
      const rows = await admin.query(`SELECT _offset, kind, n, at, data FROM topics.pub ORDER BY _offset`);
      expect(rows.rows.map((r) => [Number(r._offset), r.kind, r.n])).toEqual([
        [0, 'a', '1'],
        [1, 'b', null],
        [2, null, '9007199254740993'],
        [3, 'c', '4'],
        [4, 'd', '5'],
        [5, 'e', '6'],
      ]);
      expect((rows.rows[0].at as Date).toISOString()).toBe('2026-11-22T08:00:00.000Z');
      expect(rows.rows[0].data).toEqual({ k: [1, 2] });
      const produced = await admin.query(`SELECT count(*)::int AS n FROM topics.pub WHERE _produced_at > now() - interval '1 minute'`);
      expect(produced.rows[0].n).toBe(6);
    });

    it('refuses payloads that do not match the schema (22023) and writes nothing', async () => {
      await create('strict', { kind: 'text', n: 'integer', ok: 'boolean', at: 'timestamptz' });
      await admin.query(`SELECT jammi.publish('strict', '{"kind":"first"}')`);
      for (const [payload, code] of [
        ['{"nope":1}', '22023'],
        ['{"kind":5}', '22023'],
        ['{"n":"five"}', '22023'],
        ['{"n":1.5}', '22023'],
        ['{"n":3000000000}', '22003'],
        ['{"ok":"yes"}', '22023'],
        ['{"at":"not a time"}', '22023'],
        ['[{"kind":"fine"},{"kind":1}]', '22023'],
        ['[]', '22023'],
        ['"a string"', '22023'],
        ['{bad json', '22P02'],
      ]) {
        expect(await sqlstate(admin, `SELECT jammi.publish('strict', $1)`, [payload]), payload).toBe(code);
      }
      expect(await sqlstate(admin, `INSERT INTO topics.strict (nope) VALUES (1)`)).toBe('42703');
      expect(await sqlstate(admin, `INSERT INTO topics.strict (n) VALUES ('x')`)).toBe('22P02');
      expect(await sqlstate(admin, `INSERT INTO topics.strict (_offset) VALUES (7)`)).toBe('428C9');
      expect(await sqlstate(admin, `INSERT INTO topics.strict (kind, kind) VALUES ('a', 'b')`)).toBe('42701');
      expect(await sqlstate(admin, `INSERT INTO topics.strict (kind) VALUES ('a', 'b')`)).toBe('42601');
      expect(await sqlstate(admin, `SELECT jammi.publish('missing', '{}')`)).toBe('42704');
      expect(await sqlstate(admin, `INSERT INTO topics.missing (a) VALUES (1)`)).toBe('42704');
      expect(await count('strict')).toBe(1);
      expect((await admin.query(`SELECT jammi.publish('strict', '{"kind":"second"}')`)).rows[0].publish).toBe('1');
    });

    it('refuses every other write to a log; reads are plain SQL', async () => {
      await create('ro', { v: 'text' });
      await admin.query(`SELECT jammi.publish('ro', '{"v":"x"}')`);
      expect(await sqlstate(admin, `UPDATE topics.ro SET v = 'y'`)).toBe('42809');
      expect(await sqlstate(admin, `DELETE FROM topics.ro`)).toBe('42809');
      expect(await sqlstate(admin, `TRUNCATE topics.ro`)).toBe('42809');
      expect(await sqlstate(admin, `DROP TABLE topics.ro`)).toBe('42809');
      expect(await sqlstate(admin, `ALTER TABLE topics.ro ADD COLUMN w int`)).toBe('42809');
      expect(await sqlstate(admin, `CREATE TABLE topics.other (a int)`)).toBe('42501');
      expect(await sqlstate(admin, `INSERT INTO topics.ro (v) VALUES ('a') ON CONFLICT DO NOTHING`)).toBe('0A000');
      await admin.query('BEGIN READ ONLY');
      expect(await sqlstate(admin, `SELECT jammi.publish('ro', '{"v":"z"}')`)).toBe('25006');
      await admin.query('ROLLBACK');
      await admin.query('BEGIN READ ONLY');
      expect(await sqlstate(admin, `INSERT INTO topics.ro (v) VALUES ('z')`)).toBe('25006');
      await admin.query('ROLLBACK');
      const r = await admin.query(`SELECT v, count(*) OVER () AS n FROM topics.ro WHERE _offset >= 0`);
      expect(r.rows).toEqual([{ v: 'x', n: '1' }]);
    });

    it('LISTEN delivers each committed event as JSON with _offset and _produced_at, from the publisher', async () => {
      await create('listened', { kind: 'text', n: 'bigint', x: 'double precision', ok: 'boolean', at: 'timestamptz', data: 'jsonb' });
      const sub = await connect();
      const got = new Received(sub);
      await sub.query('LISTEN listened');
      const pub = await connect();
      const pid = Number((await pub.query('SELECT pg_backend_pid() AS p')).rows[0].p);
      await pub.query(`SELECT jammi.publish('listened', '{"kind":"a","n":42,"x":0.5,"ok":true,"at":"2026-11-22T10:00:00.25Z","data":{"k":"v"}}')`);
      await pub.query(`INSERT INTO topics.listened (kind) VALUES ('b')`);
      await got.until(() => got.offsets('listened').length === 2, 'two events');
      const [first, second] = got.events('listened');
      expect(first).toEqual({ _offset: 0, _produced_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/), kind: 'a', n: 42, x: 0.5, ok: true, at: '2026-11-22T10:00:00.25+00:00', data: { k: 'v' } });
      expect(second).toMatchObject({ _offset: 1, kind: 'b', n: null, data: null });
      expect(got.items.every((n) => n.processId === pid)).toBe(true);
      await sub.query('UNLISTEN listened');
      await pub.query(`SELECT jammi.publish('listened', '{"kind":"after"}')`);
      await sub.query(`SELECT jammi.publish('listened', '{"kind":"marker"}')`);
      await sleep(100);
      expect(got.offsets('listened')).toEqual([0, 1]);
    });

    it('delivers at COMMIT, never after ROLLBACK, and a rolled-back transaction leaves no gap', async () => {
      await create('txn', { v: 'text' });
      const sub = await connect();
      const got = new Received(sub);
      await sub.query('LISTEN txn');
      const pub = await connect();
      await pub.query('BEGIN');
      expect((await pub.query(`SELECT jammi.publish('txn', '{"v":"in tx"}')`)).rows).toEqual([{ publish: null }]);
      await pub.query(`INSERT INTO topics.txn (v) VALUES ('in tx too')`);
      expect(await sqlstate(pub, `INSERT INTO topics.txn (v) VALUES ('x') RETURNING _offset`)).toBe('0A000');
      await pub.query('ROLLBACK');
      await pub.query('BEGIN');
      await pub.query(`SELECT jammi.publish('txn', '[{"v":"a"},{"v":"b"}]')`);
      await pub.query(`INSERT INTO topics.txn (v) VALUES ('c')`);
      await sleep(100);
      expect(got.items).toEqual([]);
      expect(await count('txn')).toBe(0);
      await pub.query('COMMIT');
      await got.until(() => got.offsets('txn').length === 3, 'the committed events');
      await pub.query('BEGIN');
      await pub.query(`SELECT jammi.publish('txn', '{"v":"rolled back"}')`);
      await pub.query('ROLLBACK');
      await pub.query(`SELECT jammi.publish('txn', '{"v":"d"}')`);
      // A failed transaction publishes nothing either.
      await pub.query('BEGIN');
      await pub.query(`SELECT jammi.publish('txn', '{"v":"doomed"}')`);
      await sqlstate(pub, 'SELECT 1/0');
      await pub.query('COMMIT');
      await got.until(() => got.offsets('txn').length === 4, 'the event after the rollback');
      expect(got.events('txn').map((e) => [e._offset, e.v])).toEqual([
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
        [3, 'd'],
      ]);
      expect((await admin.query(`SELECT array_agg(v ORDER BY _offset) AS v FROM topics.txn`)).rows[0].v).toEqual(['a', 'b', 'c', 'd']);
    });

    it('events held during a transaction block: a replaying subscribe and UNLISTEN drop them, so none comes twice or late', async () => {
      await create('held', { i: 'integer' });
      const sub = await connect();
      const got = new Received(sub);
      await sub.query('LISTEN held');
      await sub.query('BEGIN');
      await admin.query(`SELECT jammi.publish('held', '[{"i":0},{"i":1},{"i":2}]')`);
      await sleep(50);
      await sub.query(`SELECT jammi.subscribe('held', NULL, 0)`);
      await admin.query(`SELECT jammi.publish('held', '{"i":3}')`);
      await sleep(50);
      expect(got.items).toEqual([]);
      await sub.query('COMMIT');
      await got.until(() => got.offsets('held').length >= 4, 'the held and replayed events');
      await sleep(50);
      expect(got.offsets('held')).toEqual([0, 1, 2, 3]);
      await sub.query('BEGIN');
      await admin.query(`SELECT jammi.publish('held', '{"i":4}')`);
      await sleep(50);
      await sub.query('UNLISTEN held');
      await sub.query('COMMIT');
      await sleep(100);
      expect(got.offsets('held')).toEqual([0, 1, 2, 3]);
    });

    it('8 concurrent publishing connections: unique contiguous offsets, delivered in offset order', async () => {
      await create('busy', { who: 'integer', i: 'integer' });
      const sub = await connect();
      const got = new Received(sub);
      await sub.query('LISTEN busy');
      const pubs = await Promise.all(range(8).map(() => connect()));
      const per = 40;
      let committed = 0;
      await Promise.all(
        pubs.map(async (c, who) => {
          for (let i = 0; i < per; i++) {
            if (i % 5 === 0) {
              await c.query('BEGIN');
              await c.query(`SELECT jammi.publish('busy', $1)`, [JSON.stringify([{ who, i }, { who, i: i + 1000 }])]);
              if (i % 10 === 0) {
                await c.query('ROLLBACK');
              } else {
                await c.query('COMMIT');
                committed += 2;
              }
            } else if (i % 2 === 0) {
              await c.query(`INSERT INTO topics.busy (who, i) VALUES ($1, $2)`, [who, i]);
              committed++;
            } else {
              await c.query(`SELECT jammi.publish('busy', $1)`, [JSON.stringify({ who, i })]);
              committed++;
            }
          }
        }),
      );
      await got.until(() => got.offsets('busy').length >= committed, `${committed} events`, 30000);
      expect(got.offsets('busy')).toEqual(range(committed));
      const log = await admin.query(`SELECT count(*)::int AS n, min(_offset)::int AS lo, max(_offset)::int AS hi, count(DISTINCT _offset)::int AS d FROM topics.busy`);
      expect(log.rows[0]).toEqual({ n: committed, lo: 0, hi: committed - 1, d: committed });
      // Each connection's own events arrive in the order it committed them.
      for (const who of range(8)) {
        const mine = got.events('busy').filter((e) => e.who === who && (e.i as number) < 1000).map((e) => e.i as number);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
      const next = await admin.query(`SELECT next_offset FROM _jammi_topics WHERE name = 'busy'`);
      expect(Number(next.rows[0].next_offset)).toBe(committed);
    });

    it('jammi.subscribe filters with the predicate language; bad filters are refused', async () => {
      await create('filtered', { kind: 'text', n: 'bigint', at: 'timestamptz', data: 'jsonb' });
      const sub = await connect();
      const got = new Received(sub);
      const r = await sub.query(`SELECT * FROM jammi.subscribe('filtered', $1)`, [`kind IN ('a', 'b') AND n BETWEEN 2 AND 10 AND lower(data->>'tag') LIKE 'x%' OR starts_with(kind, 'vip')`]);
      expect(r.rows).toEqual([{ topic: 'filtered', filter: expect.any(String), from_offset: null, next_offset: '0' }]);
      const pub = await connect();
      const events = [
        { kind: 'a', n: 5, data: { tag: 'Xray' } },
        { kind: 'a', n: 1, data: { tag: 'xray' } },
        { kind: 'c', n: 5, data: { tag: 'xray' } },
        { kind: 'b', n: 10, data: { tag: 'nope' } },
        { kind: 'vip-1' },
        { kind: 'b', n: 2, data: { tag: 'x' } },
        { kind: null, n: 3 },
      ];
      await pub.query(`SELECT jammi.publish('filtered', $1)`, [JSON.stringify(events)]);
      await pub.query(`SELECT jammi.publish('filtered', '{"kind":"vip-2"}')`);
      await got.until(() => got.offsets('filtered').length === 4, 'the matching events');
      expect(got.events('filtered').map((e) => e._offset)).toEqual([0, 4, 5, 7]);
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', 'n = (SELECT 1)')`)).toBe('0A000');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', 'random() > 0.5')`)).toBe('0A000');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', 'nope = 1')`)).toBe('42703');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', 'n >')`)).toBe('42601');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', 'true; DROP TABLE t')`)).toBe('42601');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('filtered', NULL, -1)`)).toBe('22023');
      expect(await sqlstate(sub, `SELECT jammi.subscribe('nope')`)).toBe('42704');
      // The filter in force is still the first one.
      await pub.query(`SELECT jammi.publish('filtered', '[{"kind":"zzz"},{"kind":"vip-3"}]')`);
      await got.until(() => got.offsets('filtered').length === 5, 'the next match');
      expect(got.offsets('filtered')).toEqual([0, 4, 5, 7, 9]);
    });

    it('replays from an offset and joins the live tail with no gap and no duplicate while publishers run', async () => {
      await create('seam', { who: 'integer', i: 'integer' });
      const pubs = await Promise.all(range(4).map(() => connect()));
      const per = 150;
      const done = Promise.all(
        pubs.map(async (c, who) => {
          for (let i = 0; i < per; i++) await c.query(`SELECT jammi.publish('seam', $1)`, [JSON.stringify({ who, i })]);
        }),
      );
      const sub = await connect();
      const got = new Received(sub);
      // Subscribe while the publishers are busy (some events are already in the log).
      while (Number((await admin.query(`SELECT count(*) AS n FROM topics.seam`)).rows[0].n) < 100) await sleep(5);
      await sub.query(`SELECT jammi.subscribe('seam', NULL, 0)`);
      await done;
      await got.until(() => got.offsets('seam').length >= 4 * per, 'every event', 30000);
      await sleep(100);
      expect(got.offsets('seam')).toEqual(range(4 * per));
      // From the middle, with a filter, after the fact.
      const late = await connect();
      const lateGot = new Received(late);
      await late.query(`SELECT jammi.subscribe('seam', 'who = 2', 300)`);
      const want = (await admin.query(`SELECT _offset::int AS o FROM topics.seam WHERE who = 2 AND _offset >= 300 ORDER BY _offset`)).rows.map((r) => r.o as number);
      await lateGot.until(() => lateGot.offsets('seam').length >= want.length, 'the filtered replay');
      expect(lateGot.offsets('seam')).toEqual(want);
    });

    it('a slow subscriber overflows its bounded buffer without blocking publishers or others, then recovers by replay', async () => {
      await create('flood', { i: 'integer', pad: 'text' });
      const slow = await connect();
      const slowGot = new Received(slow);
      await slow.query('LISTEN flood');
      const fast = await connect();
      const fastGot = new Received(fast);
      await fast.query('LISTEN flood');
      const socket = (slow as unknown as { connection: { stream: { pause(): void; resume(): void } } }).connection.stream;
      socket.pause();
      const pub = await connect();
      // About 21 MB: far more than socket buffers hold (about 6 MB went out before the overflow here).
      const total = 3000;
      const pad = 'x'.repeat(7000);
      const started = Date.now();
      for (let i = 0; i < total; i += 50) {
        await pub.query(`SELECT jammi.publish('flood', $1)`, [JSON.stringify(range(50, i).map((j) => ({ i: j, pad })))]);
      }
      // Publishing did not wait for the paused subscriber, and the other one kept up.
      expect(Date.now() - started).toBeLessThan(20000);
      await fastGot.until(() => fastGot.offsets('flood').length === total, 'the fast subscriber');
      expect(fastGot.offsets('flood')).toEqual(range(total));
      socket.resume();
      await slowGot.until(() => slowGot.events('flood').some((e) => e._overflow === true), 'the overflow report');
      const marker = slowGot.events('flood').find((e) => e._overflow === true)!;
      const first = marker._first_missing_offset as number;
      expect(marker).toMatchObject({ _overflow: true, _buffer_limit: BUFFER });
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(total);
      expect(slowGot.offsets('flood')).toEqual(range(first));
      // Nothing more arrives after the report…
      await pub.query(`SELECT jammi.publish('flood', '{"i":-1}')`);
      await sleep(200);
      expect(slowGot.offsets('flood')).toEqual(range(first));
      // …until the subscriber replays from the first offset it missed.
      await slow.query(`SELECT jammi.subscribe('flood', NULL, $1)`, [first]);
      await slowGot.until(() => slowGot.offsets('flood').length === total + 1, 'the replayed rest', 30000);
      expect(slowGot.offsets('flood')).toEqual(range(total + 1));
    });

    it("a tenant's topic is invisible to other tenants, and its events are not delivered to them", async () => {
      const mine = await connect();
      await mine.query(`SET jammi.tenant = '11111111-1111-1111-1111-111111111111'`);
      await mine.query(`SELECT * FROM jammi.create_topic('tenant.private', '{"v":"text"}')`);
      const got = new Received(mine);
      await mine.query('LISTEN "tenant.private"');
      const other = await connect();
      await other.query(`SET jammi.tenant = '22222222-2222-2222-2222-222222222222'`);
      const otherGot = new Received(other);
      await other.query('LISTEN "tenant.private"');
      expect(await sqlstate(other, `SELECT jammi.publish('tenant.private', '{"v":"x"}')`)).toBe('42704');
      expect(await sqlstate(other, `SELECT jammi.subscribe('tenant.private', NULL, 0)`)).toBe('42704');
      expect((await other.query(`SELECT count(*)::int AS n FROM _jammi_topics WHERE name = 'tenant.private'`)).rows[0].n).toBe(0);
      await mine.query(`SELECT jammi.publish('tenant.private', '{"v":"secret"}')`);
      await got.until(() => got.offsets('tenant.private').length === 1, "the tenant's own event");
      await sleep(100);
      expect(otherGot.items).toEqual([]);
    });

    it('an event too long for a NotificationResponse arrives as a marker to read from the log', async () => {
      await create('big', { body: 'text' });
      const sub = await connect();
      const got = new Received(sub);
      await sub.query('LISTEN big');
      await admin.query(`SELECT jammi.publish('big', $1)`, [JSON.stringify([{ body: 'y'.repeat(9000) }, { body: 'small' }])]);
      await got.until(() => got.offsets('big').length === 2, 'both events');
      const [large, small] = got.events('big');
      expect(large).toEqual({ _offset: 0, _produced_at: expect.any(String), _truncated: true });
      expect(small).toMatchObject({ _offset: 1, body: 'small' });
      const row = await admin.query(`SELECT length(body) AS n FROM topics.big WHERE _offset = $1`, [large._offset]);
      expect(row.rows[0].n).toBe(9000);
    });
  });
}
