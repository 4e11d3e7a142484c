/**
 * Run the jammi CLI as a separate process (for tests that need a real process: RSS,
 * signals, crashes). `node --import tsx` runs src/ directly, as `npx tsx` would, but as
 * one process, so the pid is the server's own and signals reach it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliMain = path.join(repoRoot, 'src/cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI to completion. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliMain, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jammi ${args.join(' ')} did not finish in time; stdout: ${stdout}; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface SpawnedServer {
  proc: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  alive(): boolean;
  /** SIGTERM (then SIGKILL after a grace period); resolves with the exit code and signal. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `jammi serve ARGS` and wait for its "jammi listening on" line. */
export function spawnServer(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<SpawnedServer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', cliMain, 'serve', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const exitWaiters: ((v: { code: number | null; signal: NodeJS.Signals | null }) => void)[] = [];
    let started = false;
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`jammi serve did not start in time; stdout: ${out}; stderr: ${err}`));
    }, opts.timeoutMs ?? 30000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /jammi listening on (postgres:\/\/\S+)/.exec(out);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        const url = m[1];
        const port = Number(new URL(url).port);
        resolve({
          proc,
          pid: proc.pid!,
          port,
          url,
          stdout: () => out,
          stderr: () => err,
          alive: () => exited === null,
          stop: () =>
            new Promise((res) => {
              if (exited) return res(exited);
              exitWaiters.push(res);
              proc.kill('SIGTERM');
              const k = setTimeout(() => proc.kill('SIGKILL'), 10000);
              exitWaiters.push(() => clearTimeout(k));
            }),
        });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      for (const w of exitWaiters.splice(0)) w(exited);
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`jammi serve exited (${code ?? signal}) before listening; stdout: ${out}; stderr: ${err}`));
      }
    });
  });
}

/** A process's resident set size in MB, from /proc (for tests that bound a server's memory). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]) / 1024;
}
