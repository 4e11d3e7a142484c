// Analytic query over a 10M-row Parquet file, timed three ways:
//   jammi     over the wire (node-postgres, simple protocol) against a jammi process started from dist/
//   duckdb    the same query in-process with @duckdb/node-api over read_parquet, result fully read
//   postgres  the same data loaded into the real PostgreSQL, same query over the wire (node-postgres)
//
//   npx tsx bench/wire/analytic.ts
//
// The Parquet file is generated once into bench/data/ (gitignored); the Postgres table
// jammi_bench.big is loaded once (DuckDB → CSV → psql \copy) and kept while it matches the
// file (same row count and sum(v)).
//
// Environment:
//   BENCH_ROWS     rows to generate (default 10000000; changing it regenerates file and table)
//   BENCH_REPEAT   timed runs per query and target, after one warm-up run (default 5; the median is reported)
//   BENCH_PG_URL   the PostgreSQL to compare with (default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_WAIT_QUIET  wait up to this many seconds before each query for the machine to be idle (default 0)
//   BENCH_JSON     also write the results as JSON to this file
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { dataDir, findPsql, type JammiProcess, machineSummary, median, postgresUrl, requireBuiltCli, startJammiProcess, table, waitForQuiet } from './lib.js';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 5);
const parquetFile = path.join(dataDir, rows === 10_000_000 ? 'big.parquet' : `big_${rows}.parquet`);
const pgTable = 'jammi_bench.big';

/** Each query is written once with {t} for the table: big.big in jammi, a view in DuckDB, jammi_bench.big in Postgres. */
const queries = [
  { name: 'Q1 group by city (50 rows)', sql: 'SELECT city, count(*) AS n, avg(v) AS avg_v, sum(g) AS sum_g FROM {t} GROUP BY city ORDER BY city' },
  { name: 'Q2 filter + group by g (1,000 rows)', sql: 'SELECT g, count(*) AS n, max(v) AS max_v FROM {t} WHERE v < 50 GROUP BY g ORDER BY g' },
];

const log = (s: string) => process.stdout.write(s + '\n');

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * One warm-up run of each target, then `repeat` rounds that time each target in turn
 * (interleaved, so a burst of other load on the machine hits all three alike). Times in ms.
 */
async function measureInterleaved(fns: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < repeat; i++) for (const [k, fn] of fns.entries()) times[k].push(await time(fn));
  return times;
}

async function ensureParquet(): Promise<void> {
  if (existsSync(parquetFile)) return;
  mkdirSync(dataDir, { recursive: true });
  log(`generating ${parquetFile} (${rows.toLocaleString('en')} rows)…`);
  const tmp = parquetFile + '.tmp';
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const ms = await time(() =>
    c.run(
      `COPY (SELECT i AS id, i % 1000 AS g, random() * 100 AS v, ('city_' || (i % 50)) AS city FROM range(${rows}) t(i)) TO '${tmp}' (FORMAT parquet)`,
    ),
  );
  c.closeSync();
  db.closeSync();
  renameSync(tmp, parquetFile);
  log(`  done in ${(ms / 1000).toFixed(1)} s`);
}

/** Load the Parquet data into Postgres unless jammi_bench.big already holds exactly `rows` rows. */
async function ensurePostgresTable(client: pg.Client): Promise<void> {
  const exists = (await client.query(`SELECT to_regclass('${pgTable}') IS NOT NULL AS e`)).rows[0].e as boolean;
  if (exists) {
    // Same row count and the same sum of the random column: the table is a copy of this file.
    const r = (await client.query(`SELECT count(*) AS n, sum(v) AS s FROM ${pgTable}`)).rows[0] as { n: string; s: number | null };
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const fileSum = Number((await c.runAndReadAll(`SELECT sum(v) FROM read_parquet('${parquetFile}')`)).getRows()[0][0]);
    c.closeSync();
    db.closeSync();
    const n = Number(r.n);
    if (n === rows && r.s !== null && Math.abs(r.s - fileSum) <= 1e-9 * Math.abs(fileSum)) return;
    log(`${pgTable} (${n} rows) is not a copy of ${path.basename(parquetFile)}: reloading`);
  }
  log(`loading ${rows.toLocaleString('en')} rows into PostgreSQL ${pgTable} (once; kept between runs)…`);
  const csv = path.join(dataDir, 'big.load.csv');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  let ms = await time(() => c.run(`COPY (SELECT id, g, v, city FROM read_parquet('${parquetFile}')) TO '${csv}' (FORMAT csv, HEADER false)`));
  c.closeSync();
  db.closeSync();
  log(`  exported CSV in ${(ms / 1000).toFixed(1)} s`);
  await client.query('CREATE SCHEMA IF NOT EXISTS jammi_bench');
  await client.query(`DROP TABLE IF EXISTS ${pgTable}`);
  await client.query(`CREATE TABLE ${pgTable} (id bigint, g bigint, v double precision, city text)`);
  const u = new URL(postgresUrl);
  const t0 = performance.now();
  try {
    execFileSync(findPsql(), [postgresUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${pgTable} FROM '${csv}' WITH (FORMAT csv)`], { stdio: ['ignore', 'pipe', 'inherit'] });
  } finally {
    rmSync(csv, { force: true });
  }
  log(`  \\copy into ${u.host} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  ms = await time(() => client.query(`VACUUM ANALYZE ${pgTable}`));
  log(`  VACUUM ANALYZE in ${(ms / 1000).toFixed(1)} s`);
}

/** A stable digest of a result for cross-checking the three targets (floats rounded). */
function digest(rowsOut: unknown[][]): string {
  return JSON.stringify(
    rowsOut.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(9) : typeof v === 'bigint' ? v.toString() : String(v)))),
  );
}

interface Result {
  query: string;
  jammiMs: number[];
  duckdbMs: number[];
  postgresMs: number[];
  resultsAgree: boolean;
}

async function main(): Promise<void> {
  requireBuiltCli();
  await ensureParquet();
  const pgClient = new pg.Client({ connectionString: postgresUrl });
  await pgClient.connect();
  await ensurePostgresTable(pgClient);
  const pgSettings = (
    await pgClient.query(
      "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) AS s FROM pg_settings WHERE name IN ('max_parallel_workers_per_gather', 'work_mem', 'shared_buffers', 'jit', 'server_version')",
    )
  ).rows[0].s as string;

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-'));
  let jammi: JammiProcess | null = null;
  const duck = await DuckDBInstance.create(':memory:');
  const dc = await duck.connect();
  await dc.run(`CREATE VIEW big AS SELECT * FROM read_parquet('${parquetFile}')`);
  const duckThreads = (await dc.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
  const results: Result[] = [];
  try {
    jammi = await startJammiProcess({ dataDir: path.join(tmp, 'data'), fileRoots: [tmp, dataDir] });
    const jc = new pg.Client({ connectionString: jammi.url });
    await jc.connect();
    await jc.query(`SELECT * FROM jammi.add_source('big', '${parquetFile}')`);
    const jammiThreads = await jc
      .query("SELECT current_setting('threads') AS t")
      .then((r) => String(r.rows[0]?.t))
      .catch(() => undefined);

    log(`machine: ${machineSummary()}`);
    log(`data: ${parquetFile} (${rows.toLocaleString('en')} rows)`);
    log(`postgres: ${pgSettings}`);
    log(`duckdb threads: in-process ${String(duckThreads)}, jammi ${jammiThreads ?? '?'}`);
    log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    log(`each number: median of ${repeat} runs (targets interleaved) after 1 warm-up run each; wall-clock ms on the client, including reading every row\n`);

    for (const q of queries) {
      await waitForQuiet();
      const jsql = q.sql.replaceAll('{t}', 'big.big');
      const dsql = q.sql.replaceAll('{t}', 'big');
      const psql = q.sql.replaceAll('{t}', pgTable);
      let jr: unknown[][] = [];
      let dr: unknown[][] = [];
      let pr: unknown[][] = [];
      const [jammiMs, duckdbMs, postgresMs] = await measureInterleaved([
        async () => (jr = (await jc.query({ text: jsql, rowMode: 'array' })).rows as unknown[][]),
        async () => (dr = (await dc.runAndReadAll(dsql)).getRows() as unknown[][]),
        async () => (pr = (await pgClient.query({ text: psql, rowMode: 'array' })).rows as unknown[][]),
      ]);
      // random() makes v differ per generation, but all three read the same file or its copy.
      // Integers and counts must agree exactly; avg/max are compared to 9 significant digits.
      const norm = (rs: unknown[][]) => digest(rs.map((r) => r.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : v))));
      const agree = norm(jr) === norm(dr) && norm(dr) === norm(pr);
      if (!agree) process.stderr.write(`warning: results differ for ${q.name}\n jammi ${norm(jr).slice(0, 200)}\n duckdb ${norm(dr).slice(0, 200)}\n pg ${norm(pr).slice(0, 200)}\n`);
      results.push({ query: q.name, jammiMs, duckdbMs, postgresMs, resultsAgree: agree });
      const all = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
      log(`${q.name}\n  jammi    ${all(jammiMs)}\n  duckdb   ${all(duckdbMs)}\n  postgres ${all(postgresMs)}`);
    }
    await jc.end();
  } finally {
    await pgClient.end();
    dc.closeSync();
    duck.closeSync();
    await jammi?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  const out = results.map((r) => {
    const j = median(r.jammiMs);
    const d = median(r.duckdbMs);
    const p = median(r.postgresMs);
    return [r.query, j.toFixed(1), d.toFixed(1), p.toFixed(1), (j - d).toFixed(1), (j / d).toFixed(2), (p / j).toFixed(1), r.resultsAgree ? 'yes' : 'NO'];
  });
  log('\n' + table(['query', 'jammi ms', 'duckdb ms', 'postgres ms', 'jammi-duckdb ms', 'jammi/duckdb', 'postgres/jammi', 'same result'], out));
  log('\njammi/duckdb: jammi\'s overhead over in-process DuckDB (target ≤ 1.2); postgres/jammi: how many times faster jammi is than Postgres (target ≥ 10).');
  if (process.env.BENCH_JSON) {
    writeFileSync(process.env.BENCH_JSON, JSON.stringify({ date: new Date().toISOString(), rows, repeat, machine: machineSummary(), pgSettings, results }, null, 2));
    log(`wrote ${process.env.BENCH_JSON}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
