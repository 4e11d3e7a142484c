/**
 * Capture the SQL that TypeORM, Knex, Drizzle and the protocol scenarios (node-postgres,
 * postgres.js) send to a REAL PostgreSQL, from its statement log, into fixtures.
 *
 *   npx tsx test/clients/capture/capture-orm.ts
 *
 * Creates a fresh database `capture_orm` with `log_statement = 'all'`, runs each scenario
 * module (../orm/*-scenarios.ts) against it one at a time, reads the server log written during
 * each run (see pg-log.ts) and writes test/clients/fixtures/<tool>.json: arrays of
 * { sql, params, catalog }, deduplicated by sql+params in first-seen order.
 *
 * Environment: as pg-log.ts says (CAPTURE_PG_URL, PG_LOG).
 */
import type { Check } from '../orm/check.js';
import { captureConfig, createCaptureDatabase, databaseUrl, logOffset, logSince, parseLog, runCapture, writePlainFixture } from './pg-log.js';

const DB = 'capture_orm';

const TOOLS: Array<{ fixture: string; module: string }> = [
  { fixture: 'typeorm', module: '../orm/typeorm-scenarios.js' },
  { fixture: 'knex', module: '../orm/knex-scenarios.js' },
  { fixture: 'drizzle', module: '../orm/drizzle-scenarios.js' },
  { fixture: 'node-protocol', module: '../orm/protocol-scenarios.js' },
];

async function main(): Promise<void> {
  const { adminUrl, logPath } = captureConfig();
  await createCaptureDatabase(adminUrl, DB);
  const url = databaseUrl(adminUrl, DB);
  const summary: string[] = [];
  for (const tool of TOOLS) {
    const offset = logOffset(logPath);
    const mod = (await import(tool.module)) as { run(url: string): Promise<Check[]> };
    let checks: Check[] = [];
    let failure: unknown = null;
    try {
      checks = await mod.run(url);
    } catch (e) {
      failure = e;
    }
    const text = await logSince(logPath, offset, url);
    const { file, statements, catalog } = writePlainFixture(tool.fixture, parseLog(text), DB);
    summary.push(`${tool.fixture}: ${checks.length} checks, ${statements} statements (${catalog} catalog) → ${file}${failure ? `  FAILED: ${String(failure)}` : ''}`);
    if (failure) process.exitCode = 1;
  }
  for (const line of summary) console.log(line);
}

runCapture(main);
