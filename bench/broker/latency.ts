// Publish → LISTEN delivery latency at a steady rate: jammi's topics (memory backend, and NATS
// JetStream when reachable) against the real PostgreSQL's NOTIFY → LISTEN, same rate, same run
// (ratios are against that), and against Postgres doing what a topic publish does: INSERT a
// durable row and NOTIFY in one transaction.
//
//   npm run bench:broker        (builds, then runs this)
//
// Each event is due at a fixed time (one every 1/rate s) and is published by one of several
// connections (so a slow acknowledgement does not hold up the next event); it carries its due
// time, and a listening client in the same process records when it arrives. The latency is
// arrival − due time: the publish's round trip and commit, the delivery, and any backlog.
//
// Environment:
//   BENCH_SECONDS     measured seconds per target (default 10)
//   BENCH_RATE        events per second (default 1000)
//   BENCH_PUBLISHERS  publishing connections (default 16)
//   BENCH_NATS_URL    NATS with JetStream (default JAMMI_TEST_NATS_URL, else nats://127.0.0.1:4222; skipped if unreachable)
//   BENCH_PG_URL      the PostgreSQL to compare with (default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_WAIT_QUIET  wait up to this many seconds before each measurement for the machine to be idle (default 0)
//   BENCH_CPU_PROF    a directory: run the jammi servers under `node --cpu-prof` and leave the profiles there
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect as natsConnect } from 'nats';
import { machineSummary, postgresUrl, startJammiProcess, table, waitForQuiet } from '../wire/lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const publishers = Math.max(1, Number(process.env.BENCH_PUBLISHERS ?? 16));
const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const natsUrl = process.env.BENCH_NATS_URL ?? process.env.JAMMI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

interface Result {
  target: string;
  sent: number;
  received: number;
  /** Delivery latencies in ms, sorted. */
  latencies: number[];
  /** Publish acknowledgement round trips in ms, sorted. */
  acks: number[];
  seconds: number;
  /** Share of the machine's CPU busy with other work just before the measurement. */
  busyBefore: number | null;
}

/** How one target publishes and listens. */
interface Target {
  name: string;
  url: string;
  setup(c: pg.Client): Promise<void>;
  listen: string;
  publish: string;
  payload(seq: number, t: number): string;
}

const now = () => performance.timeOrigin + performance.now();
const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(t: Target): Promise<Result> {
  const busyBefore = await waitForQuiet();
  const listener = new pg.Client({ connectionString: t.url });
  await listener.connect();
  await t.setup(listener);
  const latencies: number[] = [];
  let received = 0;
  listener.on('notification', (n) => {
    const at = now();
    const e = JSON.parse(n.payload ?? '{}') as { t?: number };
    if (typeof e.t !== 'number') return;
    received++;
    latencies.push(at - e.t);
  });
  await listener.query(t.listen);
  const pubs = await Promise.all(
    Array.from({ length: publishers }, async () => {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      return c;
    }),
  );
  // Each connection takes the next event, waits for its due time, publishes it and waits for
  // the acknowledgement: with enough connections every event leaves on time, and when they are
  // all busy the backlog shows in the latency (measured from the due time).
  const run = async (count: number, record: boolean) => {
    const acks: number[] = [];
    let next = 0;
    const start = now() + 50;
    await Promise.all(
      pubs.map(async (c) => {
        for (let i = next++; i < count; i = next++) {
          const due = start + (i * 1000) / rate;
          const wait = due - now();
          if (wait > 0) await sleep(wait);
          const sent = now();
          await c.query(t.publish, [t.payload(i, record ? due : -1)]);
          if (record) acks.push(now() - sent);
        }
      }),
    );
    return acks;
  };
  await run(Math.min(rate, 1000), false);
  await sleep(200);
  latencies.length = 0;
  received = 0;
  const began = now();
  const acks = await run(Math.round(rate * seconds), true);
  const sent = Math.round(rate * seconds);
  for (let i = 0; i < 300 && received < sent; i++) await sleep(10);
  const elapsed = (now() - began) / 1000;
  for (const c of [...pubs, listener]) await c.end();
  return { target: t.name, sent, received, latencies: latencies.filter((x) => x >= 0).sort((a, b) => a - b), acks: acks.sort((a, b) => a - b), seconds: elapsed, busyBefore };
}

const jammiTarget = (name: string, url: string, topic: string): Target => ({
  name,
  url,
  async setup(c) {
    await c.query(`SELECT * FROM jammi.create_topic($1, '{"seq":"bigint","t":"double precision"}')`, [topic]);
  },
  listen: `LISTEN "${topic}"`,
  publish: `SELECT jammi.publish('${topic}', $1)`,
  payload: (seq, t) => JSON.stringify({ seq, t }),
});

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 4222) });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-broker-'));
  try {
    const memory = await startJammiProcess({ dataDir: path.join(tmp, 'memory'), fileRoots: [tmp], env: { JAMMI_BROKER: 'memory' }, nodeArgs: profile });
    try {
      results.push(await measure(jammiTarget('jammi, memory backend', memory.url, 'bench.events')));
    } finally {
      await memory.stop();
    }
    if (await reachable(natsUrl)) {
      const stream = `JAMMI_BENCH_${process.pid}`;
      const nats = await startJammiProcess({ dataDir: path.join(tmp, 'nats'), fileRoots: [tmp], env: { JAMMI_BROKER: 'nats', JAMMI_NATS_URL: natsUrl, JAMMI_NATS_STREAM: stream }, nodeArgs: profile });
      try {
        results.push(await measure(jammiTarget('jammi, NATS JetStream backend', nats.url, 'bench.events')));
      } finally {
        await nats.stop();
        const nc = await natsConnect({ servers: natsUrl });
        await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
        await nc.close();
      }
    } else {
      process.stderr.write(`NATS is not reachable at ${natsUrl}: the NATS backend is not measured\n`);
    }
    results.push(
      await measure({
        name: 'PostgreSQL NOTIFY',
        url: postgresUrl,
        setup: async () => undefined,
        listen: 'LISTEN bench_events',
        publish: `SELECT pg_notify('bench_events', $1)`,
        payload: (seq, t) => JSON.stringify({ _offset: seq, seq, t }),
      }),
    );
    // What a topic publish does, in Postgres: a durable row and a notification, one transaction.
    results.push(
      await measure({
        name: 'PostgreSQL INSERT + NOTIFY',
        url: postgresUrl,
        async setup(c) {
          await c.query('DROP TABLE IF EXISTS bench_events_log');
          await c.query('CREATE TABLE bench_events_log (seq bigint, t double precision, produced_at timestamptz DEFAULT now())');
        },
        listen: 'LISTEN bench_events_log',
        publish: `WITH i AS (INSERT INTO bench_events_log (seq, t) VALUES (($1::text::json->>'seq')::bigint, ($1::text::json->>'t')::float8) RETURNING 1) SELECT pg_notify('bench_events_log', $1::text) FROM i`,
        payload: (seq, t) => JSON.stringify({ seq, t }),
      }),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const pgResult = results.find((r) => r.target === 'PostgreSQL NOTIFY')!;
  const ms = (x: number) => x.toFixed(2);
  console.log(`\n${machineSummary()}`);
  console.log(`rate ${rate} events/s for ${seconds} s, ${publishers} publishing connections, 1 listener; latency = arrival − due time (ms)\n`);
  console.log(
    table(
      ['target', 'sent', 'received', 'delivery p50', 'delivery p99', 'delivery max', 'publish ack p50', 'publish ack p99', 'p50 vs PG', 'p99 vs PG', 'CPU busy before'],
      results.map((r) => [
        r.target,
        String(r.sent),
        String(r.received),
        ms(pct(r.latencies, 50)),
        ms(pct(r.latencies, 99)),
        ms(r.latencies.at(-1) ?? NaN),
        ms(pct(r.acks, 50)),
        ms(pct(r.acks, 99)),
        `${(pct(r.latencies, 50) / pct(pgResult.latencies, 50)).toFixed(2)}×`,
        `${(pct(r.latencies, 99) / pct(pgResult.latencies, 99)).toFixed(2)}×`,
        r.busyBefore === null ? '?' : `${(r.busyBefore * 100).toFixed(0)}%`,
      ]),
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
