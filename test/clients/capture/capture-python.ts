/**
 * Capture the SQL that psycopg2 + SQLAlchemy 1.4 and psqlODBC send, from a REAL PostgreSQL, into
 * test/clients/fixtures/{sqlalchemy,odbc}.json.
 *
 *   npx tsx test/clients/capture/capture-python.ts
 *
 * Creates fresh databases capture_sa and capture_odbc with log_statement = 'all', runs
 * `/usr/bin/python3 test/clients/python/{sqlalchemy,odbc}_scenarios.py <url> all` against them
 * (their output is kept in $TMPDIR/capture-sa.out and capture-odbc.out; the number of lines
 * and the scenarios' "error" checks go to stderr), reads what the server logged for each
 * database during the runs (see pg-log.ts), writes arrays of { sql, params, catalog }
 * deduplicated by sql+params in first-seen order, and drops the two databases. The exit status
 * is the scenario programs' when one of them fails (the fixtures are written anyway).
 *
 * Needs /usr/bin/python3 with psycopg2, sqlalchemy and pyodbc, and the psqlODBC driver.
 * Environment: as pg-log.ts says (CAPTURE_PG_URL, PG_LOG).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureConfig, createCaptureDatabase, databaseUrl, dropDatabase, logOffset, logSince, parseLog, runCapture, writePlainFixture } from './pg-log.js';

const PYTHON = '/usr/bin/python3';
const SCENARIO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'python');

const TOOLS = [
  { name: 'sqlalchemy', db: 'capture_sa', script: 'sqlalchemy_scenarios.py', out: 'capture-sa.out' },
  { name: 'odbc', db: 'capture_odbc', script: 'odbc_scenarios.py', out: 'capture-odbc.out' },
];

async function main(): Promise<void> {
  const { adminUrl, logPath } = captureConfig();
  for (const tool of TOOLS) await createCaptureDatabase(adminUrl, tool.db);

  const offset = logOffset(logPath);
  let status = 0;
  for (const tool of TOOLS) {
    process.stderr.write(`== ${tool.name} scenarios\n`);
    const url = databaseUrl(adminUrl, tool.db, 'postgresql:');
    const run = spawnSync(PYTHON, [path.join(SCENARIO_DIR, tool.script), url, 'all'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    if (run.status !== 0) status = run.status ?? 1;
    writeFileSync(path.join(os.tmpdir(), tool.out), run.stdout);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    process.stderr.write(`${lines.length}\n`);
    for (const l of lines.filter((l) => l.includes('"check": "error"'))) process.stderr.write(`${l}\n`);
  }

  const msgs = parseLog(await logSince(logPath, offset, databaseUrl(adminUrl, TOOLS[TOOLS.length - 1].db)));
  for (const tool of TOOLS) {
    const { statements, catalog } = writePlainFixture(tool.name, msgs, tool.db);
    process.stderr.write(`${tool.name}.json: ${statements} statements, ${catalog} catalog\n`);
  }

  for (const tool of TOOLS) await dropDatabase(adminUrl, tool.db);
  process.exitCode = status;
}

runCapture(main);
