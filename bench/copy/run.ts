// COPY throughput: 1M rows FROM STDIN (text and CSV) and TO STDOUT, jammi against the real
// PostgreSQL in the same run, over node-postgres with pg-copy-streams.
//
//   npm run bench:copy                       # builds, starts dist/ jammi on a free port
//   BENCH_JAMMI_URL=postgres://… npx tsx bench/copy/run.ts   # against a running jammi
//
// Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_COPY_ROWS
// (default 1000000), BENCH_COPY_RUNS (runs per measurement, best kept; default 3),
// BENCH_WAIT_QUIET (seconds to wait for an idle machine before each measurement).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { machineSummary, postgresUrl, startJammiProcess, waitForQuiet } from '../wire/lib.js';

const ROWS = Number(process.env.BENCH_COPY_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_COPY_RUNS ?? 3);
/** CopyData message size the client sends (psql sends a line per message; drivers batch). */
const CHUNK = 64 * 1024;
const TABLE = 'bench_copy';
const DDL = `CREATE TABLE ${TABLE} (id bigint, name text, score double precision, ts timestamptz)`;

/** The input: the same rows in text and CSV format, cut into CopyData-sized chunks. */
function input(format: 'text' | 'csv'): Buffer[] {
  const sep = format === 'csv' ? ',' : '\t';
  const chunks: Buffer[] = [];
  let s = '';
  for (let i = 0; i < ROWS; i++) {
    const name = format === 'csv' && i % 10 === 0 ? `"name, ${i}"` : `name_${i}`;
    s += `${i}${sep}${name}${sep}${(i * 0.37).toFixed(3)}${sep}2026-11-22 ${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+00\n`;
    if (s.length >= CHUNK) {
      chunks.push(Buffer.from(s, 'utf8'));
      s = '';
    }
  }
  if (s) chunks.push(Buffer.from(s, 'utf8'));
  return chunks;
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function fresh(c: pg.Client): Promise<void> {
  await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await c.query(DDL);
}

/** Seconds for one COPY FROM STDIN of the whole input. */
async function copyIn(c: pg.Client, format: 'text' | 'csv', chunks: Buffer[]): Promise<number> {
  await fresh(c);
  const sql = `COPY ${TABLE} FROM STDIN${format === 'csv' ? ' WITH (FORMAT csv)' : ''}`;
  const t0 = performance.now();
  const stream = c.query(copyFrom(sql));
  await pipeline(Readable.from(chunks), stream);
  const secs = (performance.now() - t0) / 1000;
  if (stream.rowCount !== ROWS) throw new Error(`COPY ${format} reported ${stream.rowCount} rows, expected ${ROWS}`);
  return secs;
}

/** Seconds for one COPY TO STDOUT of the table, and the bytes received. */
async function copyOut(c: pg.Client, format: 'text' | 'csv'): Promise<{ secs: number; bytes: number }> {
  let bytes = 0;
  const t0 = performance.now();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  await pipeline(c.query(copyTo(`COPY ${TABLE} TO STDOUT${format === 'csv' ? ' WITH (FORMAT csv)' : ''}`)), sink);
  return { secs: (performance.now() - t0) / 1000, bytes };
}

const best = (xs: number[]) => Math.min(...xs);
const rate = (secs: number) => Math.round(ROWS / secs).toLocaleString('en-US');

async function main(): Promise<void> {
  process.stdout.write(`COPY benchmark: ${ROWS.toLocaleString('en-US')} rows (id bigint, name text, score double precision, ts timestamptz), best of ${RUNS}\n${machineSummary()}\n\n`);
  let stop = async () => undefined as void;
  let jammiUrl = process.env.BENCH_JAMMI_URL;
  let tmp: string | null = null;
  if (!jammiUrl) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-copy-'));
    const server = await startJammiProcess({ dataDir: path.join(tmp, 'data'), fileRoots: [tmp] });
    jammiUrl = server.url;
    stop = () => server.stop();
  }
  const targets = { jammi: await connect(jammiUrl), postgres: await connect(postgresUrl) };
  try {
    const results: string[] = [];
    let busy: number | null = null;
    const row = (what: string, j: number, p: number) => {
      const line = `| ${what} | ${j.toFixed(2)} s (${rate(j)} rows/s) | ${p.toFixed(2)} s (${rate(p)} rows/s) | ${(p / j).toFixed(2)}× | ${busy === null ? '?' : `${Math.round(busy * 100)}%`} |`;
      results.push(line);
      process.stdout.write(line + '\n');
    };
    process.stdout.write('| measurement | jammi | PostgreSQL | jammi rate / Postgres rate | other CPU load before |\n|---|---|---|---|---|\n');
    for (const format of ['text', 'csv'] as const) {
      const chunks = input(format);
      busy = await waitForQuiet();
      const times: Record<string, number[]> = { jammi: [], postgres: [] };
      // Alternate the two servers so machine noise hits both alike.
      for (let r = 0; r < RUNS; r++) for (const [name, c] of Object.entries(targets)) times[name].push(await copyIn(c, format, chunks));
      row(`COPY FROM STDIN, ${format}`, best(times.jammi), best(times.postgres));
    }
    for (const format of ['text', 'csv'] as const) {
      busy = await waitForQuiet();
      const times: Record<string, number[]> = { jammi: [], postgres: [] };
      const sizes: Record<string, number> = {};
      for (let r = 0; r < RUNS; r++) {
        for (const [name, c] of Object.entries(targets)) {
          const o = await copyOut(c, format);
          times[name].push(o.secs);
          sizes[name] = o.bytes;
        }
      }
      if (sizes.jammi !== sizes.postgres) process.stdout.write(`(note: ${format} output sizes differ: jammi ${sizes.jammi} bytes, PostgreSQL ${sizes.postgres} bytes)\n`);
      row(`COPY TO STDOUT, ${format}`, best(times.jammi), best(times.postgres));
    }
    for (const c of Object.values(targets)) await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
  } finally {
    for (const c of Object.values(targets)) await c.end();
    await stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
