/**
 * Compile and run the pgJDBC scenario program (JdbcScenarios.java) from Node: shared by
 * jdbc.test.ts and capture/capture-jdbc.ts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pgJDBC jar (Debian's libpostgresql-jdbc-java); override with PGJDBC_JAR. */
export const PGJDBC_JAR = process.env.PGJDBC_JAR ?? '/usr/share/java/postgresql.jar';

export const SCENARIO_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'JdbcScenarios.java');

/** The scenarios of JdbcScenarios.java, in the order `all` runs them. */
export const SCENARIOS = ['connect', 'metadata', 'rsmeta', 'prepared', 'batch', 'tx', 'cursor', 'errors'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** One output line of the program. */
export interface CheckLine {
  scenario: string;
  check: string;
  value: unknown;
}

/** Why the Java scenarios cannot run here, or null when javac, java and the jar are all present. */
export function javaUnavailable(): string | null {
  if (!existsSync(PGJDBC_JAR)) return `pgJDBC jar not found at ${PGJDBC_JAR} (set PGJDBC_JAR)`;
  for (const tool of ['javac', 'java']) {
    try {
      execFileSync(tool, ['-version'], { stdio: 'ignore' });
    } catch {
      return `${tool} is not on PATH`;
    }
  }
  return null;
}

/** Compile JdbcScenarios.java into dir. */
export function compileScenarios(dir: string): void {
  execFileSync('javac', ['-nowarn', '-encoding', 'UTF-8', '-cp', PGJDBC_JAR, '-d', dir, SCENARIO_SOURCE], { stdio: 'pipe' });
}

/**
 * postgres://user:pw@host:port/db?sslmode=x → jdbc:postgresql://host:port/db?user=user&password=pw&sslmode=x
 */
export function toJdbcUrl(pgUrl: string, database?: string): string {
  const u = new URL(pgUrl);
  const db = database ?? (decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres');
  const params = new URLSearchParams();
  if (u.username) params.set('user', decodeURIComponent(u.username));
  if (u.password) params.set('password', decodeURIComponent(u.password));
  for (const [k, v] of u.searchParams) params.set(k, v);
  return `jdbc:postgresql://${u.hostname}:${u.port || '5432'}/${encodeURIComponent(db)}?${params.toString()}`;
}

export interface ScenarioRun {
  /** Parsed output lines. */
  lines: CheckLine[];
  /** The program's stderr (one line per failed scenario). */
  stderr: string;
  exitCode: number;
}

/** Run one scenario (or `all`) against a JDBC URL. */
export function runScenarios(classDir: string, jdbcUrl: string, scenario: string, timeoutMs = 120_000): Promise<ScenarioRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-cp', `${classDir}${path.delimiter}${PGJDBC_JAR}`, 'JdbcScenarios', jdbcUrl, scenario],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        if (err && code !== 1) {
          reject(new Error(`java JdbcScenarios ${scenario} failed (${err.message}):\n${stderr}`));
          return;
        }
        const lines = stdout
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as CheckLine);
        resolve({ lines, stderr, exitCode: code });
      },
    );
  });
}
