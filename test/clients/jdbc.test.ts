/**
 * pgJDBC against jammi, compared with pgJDBC against a real PostgreSQL 15.
 *
 * jdbc/JdbcScenarios.java is compiled once, then each scenario runs against PostgreSQL
 * (JAMMI_TEST_PG_URL) and against an in-process jammi; their output lines (one JSON object
 * per check, deterministic values only) must be equal. The Java program drops and recreates
 * its own `jdbc_*` tables in schema public. Skipped, with the reason printed, when javac/java
 * or the pgJDBC jar (PGJDBC_JAR, default /usr/share/java/postgresql.jar) is missing or
 * JAMMI_TEST_PG_URL is unset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import { compileScenarios, javaUnavailable, runScenarios, SCENARIOS, toJdbcUrl, type CheckLine } from './jdbc/java.js';

const pgUrl = process.env.JAMMI_TEST_PG_URL;
const skipReason = javaUnavailable() ?? (pgUrl ? null : 'JAMMI_TEST_PG_URL is not set');
if (skipReason) console.warn(`pgJDBC scenarios skipped: ${skipReason}`);

const TIMEOUT = 60_000;

/**
 * Scenarios jammi cannot pass yet, with why. A listed scenario asserts that jammi's output
 * still differs from PostgreSQL's, so fixing it fails the test until it is removed from here.
 */
const KNOWN_GAPS: Record<string, string> = {
  prepared:
    "a `$1::numeric` parameter gets DuckDB's fixed DECIMAL(18,3) scale when the statement is prepared, so 1.25 * 2 prints 2.500 where Postgres keeps the value's scale (2.50)",
  tx: 'ROLLBACK TO SAVEPOINT after a write in the transaction is refused (0A000): DuckDB has no savepoints, and jammi emulates them only while nothing was written',
};

describe.skipIf(skipReason !== null)('pgJDBC scenarios: jammi vs PostgreSQL', () => {
  let classDir: string;
  let server: TestServer;

  beforeAll(async () => {
    classDir = mkdtempSync(path.join(os.tmpdir(), 'jdbc-scenarios-'));
    compileScenarios(classDir);
    server = await startTestServer();
  }, TIMEOUT);

  afterAll(async () => {
    await server?.stop();
    if (classDir) rmSync(classDir, { recursive: true, force: true });
  });

  /** The first failure of a run, for the assertion message. */
  const failure = (lines: CheckLine[]) => lines.find((l) => l.check === 'FAILED')?.value;

  for (const scenario of SCENARIOS) {
    const gap = KNOWN_GAPS[scenario];
    it(
      gap ? `${scenario} (known gap: ${gap})` : scenario,
      async () => {
        const [onPg, onJammi] = await Promise.all([
          runScenarios(classDir, toJdbcUrl(pgUrl!), scenario),
          runScenarios(classDir, toJdbcUrl(server.url), scenario),
        ]);
        // The scenario itself must be right: PostgreSQL passes every check.
        expect(failure(onPg.lines), `on PostgreSQL: ${onPg.stderr}`).toBeUndefined();
        expect(onPg.lines.length).toBeGreaterThan(0);
        if (gap) expect(onJammi.lines, `${scenario} now matches PostgreSQL: remove it from KNOWN_GAPS`).not.toEqual(onPg.lines);
        else expect(onJammi.lines, `first jammi failure: ${JSON.stringify(failure(onJammi.lines) ?? null)}`).toEqual(onPg.lines);
      },
      TIMEOUT,
    );
  }

  it(
    'a BI tool browsing sources sees each source as a schema and its tables as FOREIGN TABLEs with typed columns (jammi only)',
    async () => {
      const run = await runScenarios(classDir, toJdbcUrl(server.url), 'sources');
      const value = (check: string) => run.lines.find((l) => l.check === check)?.value;
      expect(failure(run.lines), run.stderr).toBeUndefined();
      expect(value('schemas')).toEqual(['trips']);
      expect(value('tables')).toEqual([['trips', 'trips', 'FOREIGN TABLE']]);
      expect(value('columns')).toEqual([
        ['trip_id', 'int8', -5, 1],
        ['city', 'text', 12, 2],
        ['started_at', 'timestamp', 93, 3],
        ['distance_km', 'numeric', 2, 4],
        ['fare', 'numeric', 2, 5],
        ['passengers', 'int4', 4, 6],
      ]);
      expect(value('count')).toBe(2000);
    },
    TIMEOUT,
  );
});
