// Wire-protocol throughput: pgbench against jammi (started here as a separate process from
// dist/) and against the real PostgreSQL, same scripts, same client counts, same run.
//
//   npx tsx bench/wire/run.ts
//
// Environment:
//   BENCH_SECONDS   seconds per measured pgbench run (default 10)
//   BENCH_WARMUP    seconds of warm-up per script and server before measuring (default 2; 0 = none)
//   BENCH_CLIENTS   client counts, comma-separated (default "1,8")
//   BENCH_REPEAT    measure each (scenario, clients) pair this many times, alternating servers; report the median (default 1)
//   BENCH_ONLY      run only scenarios whose name matches this regular expression
//   BENCH_PLAN_CACHE_SIZE  the server's planCacheSize (0 = plan every statement; default: the server's default)
//   BENCH_PG_URL    the PostgreSQL to compare with (default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_JSON      also write the results as JSON to this file
//   BENCH_CPU_PROF  a directory: run the jammi server under `node --cpu-prof` and leave the profile there
//                   (summarise it with `npx tsx bench/wire/profile-summary.ts <file>`)
//   BENCH_WAIT_QUIET  wait up to this many seconds before each measurement for the machine to be idle (default 0)
//   PGBENCH         the pgbench binary (default /usr/lib/postgresql/15/bin/pgbench, then PATH)
import { execFile } from 'node:child_process';
import pgDriver from 'pg';
import { insertFloorTps } from './insert-floor.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ConnTarget, cpuSeconds, findPgbench, type JammiProcess, machineSummary, median, parsePgUrl, postgresUrl, requireBuiltCli, startJammiProcess, table, waitForQuiet } from './lib.js';

const run = promisify(execFile);

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const clientCounts = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

/** A pgbench script and the protocol it is sent with. */
interface Scenario {
  name: string;
  sql: string;
  protocol: 'simple' | 'extended' | 'prepared';
  /** Rows each transaction returns (for the table). */
  rows: number;
  /** Statements run on both servers before the scenario (e.g. its table). */
  setup?: string[];
  /** Also measure the same INSERT in-process on DuckDB (the floor under jammi). */
  insertFloor?: boolean;
}

// Writes: one autocommit INSERT … RETURNING per transaction into a table with a bigserial
// key, as an application's "create" does (issue 3's target: ≥ 0.5× Postgres).
const insertTable = ['DROP TABLE IF EXISTS bench_insert', 'CREATE TABLE bench_insert (id bigserial PRIMARY KEY, v int NOT NULL, note text, created timestamptz DEFAULT now())'];
const insertScript = "\\set v random(1, 1000000)\nINSERT INTO bench_insert (v, note) VALUES (:v, 'note') RETURNING id, created;";

// `generate_series(1, 1000)` is a table function in both DuckDB and PostgreSQL and yields a
// column named generate_series in both. (DuckDB's values are BIGINT, Postgres's integer; the
// text on the wire is the same digits.)
const rewrittenQuery =
  "SELECT id, upper(s) AS name, length(s) AS len, s ~ 'a' AS has_a, n::numeric(10,2) AS amount, '\\x01ff'::bytea AS b, position('p' in s) AS p FROM (VALUES (1, 'alpha', 1.5)) AS t(id, s, n);";

const allScenarios: Scenario[] = [
  { name: 'SELECT 1, simple', sql: 'SELECT 1;', protocol: 'simple', rows: 1 },
  { name: 'SELECT 1, extended', sql: 'SELECT 1;', protocol: 'extended', rows: 1 },
  // jammi answers literal-only SELECTs (SELECT 1) itself, without DuckDB. This one-row query
  // has a FROM, so it goes through the engine: the per-statement cost of a real query.
  { name: '1 row via engine, simple', sql: 'SELECT x FROM (VALUES (1)) AS t(x);', protocol: 'simple', rows: 1 },
  { name: '1 row via engine, extended', sql: 'SELECT x FROM (VALUES (1)) AS t(x);', protocol: 'extended', rows: 1 },
  // A one-row query that exercises the Postgres-semantics rewrites (result names, a regex
  // operator, function result types, a bytea literal, cast typmods): with the plan cache
  // (planCacheSize, default on) they run once per distinct text; BENCH_PLAN_CACHE_SIZE=0
  // measures planning every time.
  { name: '1 row, rewritten, simple', sql: rewrittenQuery, protocol: 'simple', rows: 1 },
  { name: '1 row, rewritten, extended', sql: rewrittenQuery, protocol: 'extended', rows: 1 },
  { name: '1,000 rows, simple', sql: 'SELECT * FROM generate_series(1, 1000);', protocol: 'simple', rows: 1000 },
  { name: '1,000 rows, extended', sql: 'SELECT * FROM generate_series(1, 1000);', protocol: 'extended', rows: 1000 },
  { name: 'INSERT … RETURNING, extended', sql: insertScript, protocol: 'extended', rows: 1, setup: insertTable, insertFloor: true },
  { name: 'INSERT … RETURNING, prepared', sql: insertScript, protocol: 'prepared', rows: 1, setup: insertTable },
];
const scenarios = allScenarios.filter((s) => !only || only.test(s.name));

interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
  failed: number;
}

interface Measurement {
  scenario: string;
  protocol: string;
  clients: number;
  threads: number;
  rows: number;
  jammi: PgbenchResult;
  postgres: PgbenchResult;
  ratio: number;
  /** CPU used by the jammi server process (all threads) as % of one core, during its run. */
  jammiServerCpuPct: number | null;
  /** Share of the machine's CPU busy with other work just before the runs (the worst of the repeats). */
  otherCpuBusyBefore: number | null;
  /** tps of every repeat. */
  jammiRuns: number[];
  postgresRuns: number[];
}

/** The run with the median tps (upper median for an even count). */
function medianRun(rs: PgbenchResult[]): PgbenchResult {
  return [...rs].sort((a, b) => a.tps - b.tps)[rs.length >> 1];
}

const pgbench = findPgbench();

async function pgbenchRun(target: ConnTarget, scriptFile: string, protocol: string, clients: number, secs: number): Promise<PgbenchResult> {
  const threads = Math.min(clients, 2);
  const args = [
    '-h', target.host, '-p', String(target.port), '-U', target.user,
    '-n', '-f', scriptFile, '-M', protocol, '-c', String(clients), '-j', String(threads), '-T', String(secs),
    target.database,
  ];
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await run(pgbench, args, { env: { ...process.env, PGAPPNAME: 'jammi-bench' }, maxBuffer: 16 * 1024 * 1024 }));
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pgbench failed against ${target.host}:${target.port}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
  const num = (re: RegExp) => {
    const m = re.exec(stdout);
    return m ? Number(m[1]) : NaN;
  };
  const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
  if (!Number.isFinite(tps)) throw new Error(`cannot find tps in pgbench output:\n${stdout}\n${stderr}`);
  const r = {
    tps,
    latencyMs: num(/latency average = ([\d.]+) ms/),
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/) || 0,
  };
  if (r.failed > 0) process.stderr.write(`warning: ${r.failed} failed transactions against ${target.host}:${target.port}\n${stderr}\n`);
  return r;
}

/** Run a scenario's setup statements on one server. */
async function runSetup(url: string, statements: string[]): Promise<void> {
  const c = new pgDriver.Client({ connectionString: url });
  await c.connect();
  try {
    for (const sql of statements) await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  requireBuiltCli();
  const pg = parsePgUrl(postgresUrl);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-'));
  const scripts = path.join(tmp, 'scripts');
  mkdirSync(scripts);
  const profDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
  if (profDir) mkdirSync(profDir, { recursive: true });
  let jammi: JammiProcess | null = null;
  const results: Measurement[] = [];
  try {
    jammi = await startJammiProcess({
      dataDir: path.join(tmp, 'data'),
      fileRoots: [tmp],
      nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      env: process.env.BENCH_PLAN_CACHE_SIZE ? { JAMMI_PLAN_CACHE_SIZE: process.env.BENCH_PLAN_CACHE_SIZE } : {},
    });
    const jt = parsePgUrl(jammi.url);
    process.stdout.write(`machine: ${machineSummary()}\n`);
    process.stdout.write(`jammi: ${jammi.url} (pid ${jammi.pid}); postgres: ${postgresUrl}\n`);
    process.stdout.write(`pgbench: ${pgbench}; ${seconds} s per run, ${repeat} run(s) per server and row (median), ${warmup} s warm-up per script; -j = min(clients, 2)\n`);
    process.stdout.write('note: client (pgbench) and server share the same cores; tps is for the pair, not the server alone\n');
    process.stdout.write(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`);
    for (const sc of scenarios) {
      const file = path.join(scripts, sc.name.replace(/[^a-z0-9]+/gi, '_') + '.sql');
      writeFileSync(file, sc.sql + '\n');
      if (sc.setup) for (const url of [jammi.url, postgresUrl]) await runSetup(url, sc.setup);
      if (warmup > 0) {
        await pgbenchRun(jt, file, sc.protocol, 1, warmup);
        await pgbenchRun(pg, file, sc.protocol, 1, warmup);
      }
      for (const clients of clientCounts) {
        const js: PgbenchResult[] = [];
        const ps: PgbenchResult[] = [];
        const cpus: number[] = [];
        const busies: number[] = [];
        for (let i = 0; i < repeat; i++) {
          const busy = await waitForQuiet();
          if (busy !== null) busies.push(busy);
          const cpu0 = cpuSeconds(jammi.pid);
          const t0 = performance.now();
          js.push(await pgbenchRun(jt, file, sc.protocol, clients, seconds));
          const wall = (performance.now() - t0) / 1000;
          const cpu1 = cpuSeconds(jammi.pid);
          if (cpu0 !== null && cpu1 !== null) cpus.push(((cpu1 - cpu0) / wall) * 100);
          ps.push(await pgbenchRun(pg, file, sc.protocol, clients, seconds));
        }
        const j = medianRun(js);
        const p = medianRun(ps);
        if (sc.insertFloor) {
          const floor = await insertFloorTps(clients, seconds);
          process.stdout.write(`  in-process DuckDB, same INSERT, ${clients} connection(s): ${floor.toFixed(0)} inserts/s (jammi ${(j.tps / floor).toFixed(2)}× of it, Postgres ${(p.tps / floor).toFixed(2)}×)\n`);
        }
        const m: Measurement = {
          scenario: sc.name,
          protocol: sc.protocol,
          clients,
          threads: Math.min(clients, 2),
          rows: sc.rows,
          jammi: j,
          postgres: p,
          ratio: j.tps / p.tps,
          jammiServerCpuPct: cpus.length ? median(cpus) : null,
          otherCpuBusyBefore: busies.length ? Math.max(...busies) : null,
          jammiRuns: js.map((r) => r.tps),
          postgresRuns: ps.map((r) => r.tps),
        };
        results.push(m);
        const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
        process.stdout.write(
          `${sc.name}, ${clients} client${clients > 1 ? 's' : ''}: jammi ${list(m.jammiRuns)} tps, postgres ${list(m.postgresRuns)} tps, median ratio ${m.ratio.toFixed(2)}\n`,
        );
      }
    }
  } finally {
    await jammi?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  const rows = results.map((m) => [
    m.scenario,
    String(m.clients),
    m.jammi.tps.toFixed(0),
    m.postgres.tps.toFixed(0),
    m.ratio.toFixed(2),
    m.jammi.latencyMs.toFixed(3),
    m.postgres.latencyMs.toFixed(3),
    m.jammiServerCpuPct === null ? '-' : `${m.jammiServerCpuPct.toFixed(0)}%`,
    m.otherCpuBusyBefore === null ? '-' : `${(m.otherCpuBusyBefore * 100).toFixed(0)}%`,
  ]);
  process.stdout.write('\n' + table(['scenario', 'clients', 'jammi tps', 'postgres tps', 'jammi/pg', 'jammi ms', 'pg ms', 'jammi cpu', 'busy before'], rows) + '\n');
  process.stdout.write(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  process.stdout.write('jammi cpu = CPU time of the jammi server process (all threads) during its run, as % of one core.\nbusy before = share of all CPUs busy with other work in the 2 s before the runs, worst of the repeats (noise indicator).\n');
  if (process.env.BENCH_JSON) {
    writeFileSync(process.env.BENCH_JSON, JSON.stringify({ date: new Date().toISOString(), seconds, machine: machineSummary(), results }, null, 2));
    process.stdout.write(`wrote ${process.env.BENCH_JSON}\n`);
  }
  if (profDir) process.stdout.write(`cpu profile written to ${profDir}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
