// Shared helpers for the wire and analytic benchmarks: find the repo, start the built jammi
// as a separate process, find pgbench, parse URLs, sample CPU time, describe the machine.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory up from this file whose package.json is jammi's. */
export const repoRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'jammi') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the jammi repository root');
    dir = up;
  }
})();

/** bench/data: generated data sets (gitignored). */
export const dataDir = path.join(repoRoot, 'bench', 'data');

/** The URL of the real PostgreSQL to compare with. */
export const postgresUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The compiled CLI, or exit with an instruction when it has not been built. */
export function requireBuiltCli(): string {
  const main = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write(`jammi is not built: ${path.relative(process.cwd(), main) || main} is missing.\nRun \`npm run build\` (or \`npx tsc -p .\`) in ${repoRoot} first.\n`);
    process.exit(1);
  }
  return main;
}

/** A port nobody listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface JammiProcess {
  readonly pid: number;
  readonly port: number;
  /** postgres://jammi@127.0.0.1:<port>/jammi */
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, wait for a clean exit (so --cpu-prof files get written), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  fileRoots: string[];
  /** Extra flags for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/p']. */
  nodeArgs?: string[];
  logLevel?: string;
  /** JAMMI_* settings for the server (the bench's own JAMMI_* environment is not passed on). */
  env?: Record<string, string>;
}

/** Start `node dist/src/cli/main.js serve` on a free port and wait for "jammi listening on". */
export async function startJammiProcess(opts: StartOptions): Promise<JammiProcess> {
  const main = requireBuiltCli();
  const port = await freePort();
  const args = [
    ...(opts.nodeArgs ?? []),
    main,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data-dir',
    opts.dataDir,
    '--file-roots',
    opts.fileRoots.join(path.delimiter),
    '--log-level',
    opts.logLevel ?? 'warn',
  ];
  // JAMMI_* variables from the caller's shell would override nothing we pass, but could add
  // settings (threads, memory limit) silently; drop them so the run is reproducible.
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JAMMI_'))), ...opts.env };
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jammi did not start within 60 s; output:\n${output}`)), 60000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('jammi listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      output += d.toString();
      process.stderr.write(`[jammi] ${d.toString()}`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`jammi exited with code ${code} before listening; output:\n${output}`));
    });
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  return {
    pid: child.pid!,
    port,
    url: `postgres://jammi@127.0.0.1:${port}/jammi`,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** pgbench: $PGBENCH, the PostgreSQL 15 binary, or whatever is on PATH. */
export function findPgbench(): string {
  const candidates = [process.env.PGBENCH, '/usr/lib/postgresql/15/bin/pgbench', 'pgbench'].filter(Boolean) as string[];
  for (const c of candidates) {
    try {
      execFileSync(c, ['--version'], { stdio: 'pipe' });
      return c;
    } catch {
      // try the next one
    }
  }
  process.stderr.write('pgbench not found: install postgresql-client (Debian: postgresql-15 ships /usr/lib/postgresql/15/bin/pgbench) or set PGBENCH.\n');
  process.exit(1);
}

/** psql, for the one-off \copy load. */
export function findPsql(): string {
  for (const c of [process.env.PSQL, '/usr/lib/postgresql/15/bin/psql', 'psql'].filter(Boolean) as string[]) {
    try {
      execFileSync(c, ['--version'], { stdio: 'pipe' });
      return c;
    } catch {
      // next
    }
  }
  process.stderr.write('psql not found: install postgresql-client or set PSQL.\n');
  process.exit(1);
}

export interface ConnTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export function parsePgUrl(url: string): ConnTarget {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    database: decodeURIComponent(u.pathname.slice(1) || 'postgres'),
  };
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc; null elsewhere. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One line about the machine, for the output header. */
export function machineSummary(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, @duckdb/node-api ${duckdbPackageVersion()}, ${os.platform()} ${os.release()}`;
}

/** Format a right-aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function cpuTimes(): { idle: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    return { idle, total: v.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** Share of all CPUs busy over the next `ms` milliseconds (from /proc/stat), or null off Linux. */
export async function systemBusy(ms = 1000): Promise<number | null> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Other work on the machine skews every number here. With BENCH_WAIT_QUIET=<seconds>, wait
 * up to that long for a 2-second window with under 15% of the CPUs busy. Returns the last
 * busy share seen, for the report.
 */
export async function waitForQuiet(): Promise<number | null> {
  const limit = Number(process.env.BENCH_WAIT_QUIET ?? 0);
  const deadline = Date.now() + limit * 1000;
  let busy = await systemBusy(2000);
  while (busy !== null && busy > 0.15 && Date.now() < deadline) {
    process.stderr.write(`machine busy (${(busy * 100).toFixed(0)}% CPU); waiting for quiet…\n`);
    busy = await systemBusy(2000);
  }
  if (busy !== null && busy > 0.15) process.stderr.write(`warning: ${(busy * 100).toFixed(0)}% of CPU busy with other work before this measurement; numbers will be noisy\n`);
  return busy;
}

/** The @duckdb/node-api version jammi and the in-process runs load ("1.5.5-r.5" wraps DuckDB 1.5.5). */
export function duckdbPackageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
