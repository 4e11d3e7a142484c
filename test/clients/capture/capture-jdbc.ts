/**
 * Capture the SQL pgJDBC sends, from a real PostgreSQL 15, into test/clients/fixtures/jdbc.json.
 *
 *   npx tsx test/clients/capture/capture-jdbc.ts
 *
 * Creates a fresh database capture_jdbc with log_statement = 'all' (and
 * log_parameter_max_length_on_error = -1, so statements failing at Bind show their parameters),
 * runs every scenario of ../jdbc/JdbcScenarios.java against it, one scenario at a time, and
 * reads back from the server log what was logged for it during each run (see pg-log.ts).
 *
 * Output: an array of { sql, params, scenario, catalog?, portal?, error? } deduplicated by sql + params,
 * in first-seen order. `scenario` is the scenario whose run first sent the statement;
 * `catalog: true` marks statements that read pg_catalog / information_schema or call catalog
 * functions (a test on the text); `portal: true` marks statements executed through a named
 * portal (fetched in chunks); `error` is the server's message when the first-seen execution
 * failed.
 *
 * Environment: as pg-log.ts says (CAPTURE_PG_URL, PG_LOG), and PGJDBC_JAR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileScenarios, javaUnavailable, runScenarios, SCENARIOS, toJdbcUrl } from '../jdbc/java.js';
import {
  captureConfig,
  createCaptureDatabase,
  databaseUrl,
  distinct,
  extractStatements,
  isCatalogQuery,
  type LoggedStatement,
  logOffset,
  logSince,
  parseLog,
  runCapture,
  writeFixture,
} from './pg-log.js';

const DB = 'capture_jdbc';

async function main(): Promise<void> {
  const why = javaUnavailable();
  if (why) throw new Error(why);
  const { adminUrl, logPath } = captureConfig();
  await createCaptureDatabase(adminUrl, DB, { log_parameter_max_length_on_error: -1 });

  const classDir = mkdtempSync(path.join(os.tmpdir(), 'jdbc-capture-'));
  const all: (LoggedStatement & { scenario: string })[] = [];
  try {
    compileScenarios(classDir);
    const jdbcUrl = toJdbcUrl(adminUrl, DB);
    for (const scenario of SCENARIOS) {
      const offset = logOffset(logPath);
      const run = await runScenarios(classDir, jdbcUrl, scenario);
      const failed = run.lines.filter((l) => l.check === 'FAILED');
      if (failed.length > 0) process.stderr.write(`warning: scenario ${scenario} failed on PostgreSQL: ${JSON.stringify(failed)}\n`);
      const text = await logSince(logPath, offset, databaseUrl(adminUrl, DB));
      const stmts = extractStatements(parseLog(text), DB);
      process.stderr.write(`${scenario}: ${stmts.length} statements logged\n`);
      all.push(...stmts.map((s) => ({ ...s, scenario })));
    }
  } finally {
    rmSync(classDir, { recursive: true, force: true });
  }

  const fixture = distinct(all).map((s) => ({
    sql: s.sql,
    params: s.params,
    scenario: s.scenario,
    ...(isCatalogQuery(s.sql) ? { catalog: true as const } : {}),
    ...(s.portal ? { portal: true as const } : {}),
    ...(s.error ? { error: s.error } : {}),
  }));
  const file = writeFixture('jdbc', fixture);
  const catalog = fixture.filter((s) => s.catalog).length;
  process.stdout.write(`wrote ${file}: ${fixture.length} distinct statements (${catalog} catalog) from ${all.length} logged\n`);
}

runCapture(main);
