/**
 * Capture the SQL that TypeORM, Knex, Drizzle and the protocol scenarios (node-postgres,
 * postgres.js) send to a REAL PostgreSQL, from its statement log, into fixtures.
 *
 *   npx tsx test/clients/capture-orm.ts
 *
 * Creates a fresh database `capture_orm` with `log_statement = 'all'`, runs each scenario
 * module against it one at a time, cuts the server log between runs (a marker query from a
 * separate connection closes each run) and writes test/clients/fixtures/<tool>.json: arrays
 * of { sql, params, catalog }, deduplicated by sql+params in first-seen order.
 *
 * Environment: CAPTURE_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * CAPTURE_PG_LOG (default /var/log/postgresql/postgresql-15-main.log).
 */
import { closeSync, openSync, readSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Check } from './orm/check.js';

const DB = 'capture_orm';
const ADMIN_URL = process.env.CAPTURE_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LOG = process.env.CAPTURE_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');

const TOOLS: Array<{ fixture: string; module: string }> = [
  { fixture: 'typeorm', module: './orm/typeorm-scenarios.js' },
  { fixture: 'knex', module: './orm/knex-scenarios.js' },
  { fixture: 'drizzle', module: './orm/drizzle-scenarios.js' },
  { fixture: 'node-protocol', module: './orm/protocol-scenarios.js' },
];

export interface CapturedStatement {
  sql: string;
  params: (string | null)[];
  catalog: boolean;
}

/** Textual test: does the statement read the system catalogs or call catalog functions? */
export function isCatalog(sql: string): boolean {
  return (
    /\b(pg_catalog|information_schema)\b/i.test(sql) ||
    /\bpg_[a-z_0-9]+\b/i.test(sql) ||
    /::\s*"?reg(class|type|proc|procedure|namespace|oper|operator|role|collation|config|dictionary)\b/i.test(sql) ||
    /\b(current_schema|current_schemas|current_database|version|format_type|col_description|obj_description|to_regclass|to_regtype|current_setting|has_\w+_privilege)\s*\(/i.test(sql) ||
    /\bcurrent_schema\b/i.test(sql)
  );
}

// ------------------------------------------------------------------------------------------
// Log parsing
// ------------------------------------------------------------------------------------------

/** '%m [%p] %q%u@%d ' then 'LEVEL:  message'. */
const LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [A-Z0-9+:-]+) \[(\d+)\] (?:(\S*)@(\S*) )?([A-Z]+[0-9]?): {2}([\s\S]*)$/;

interface LogEntry {
  pid: string;
  database: string | null;
  level: string;
  message: string;
}

function parseLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  let current: LogEntry | null = null;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) {
      current = { pid: m[2], database: m[4] ?? null, level: m[5], message: m[6] };
      entries.push(current);
    } else if (current) {
      // Continuation of a multi-line message: PostgreSQL prefixes each with a tab.
      current.message += '\n' + (line.startsWith('\t') ? line.slice(1) : line);
    }
  }
  // The text ends with a newline, which added an empty continuation to the last entry.
  for (const e of entries) e.message = e.message.replace(/\n$/, '');
  return entries;
}

/** "$1 = 'a''b', $2 = NULL" → ["a'b", null]. */
export function parseParameters(detail: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  const s = detail;
  while (i < s.length) {
    const m = /^\s*,?\s*\$(\d+) = /.exec(s.slice(i));
    if (!m) break;
    i += m[0].length;
    if (s.startsWith('NULL', i)) {
      out[Number(m[1]) - 1] = null;
      i += 4;
      continue;
    }
    if (s[i] !== "'") break;
    i++;
    let v = '';
    for (;;) {
      if (i >= s.length) break;
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          v += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      v += s[i++];
    }
    out[Number(m[1]) - 1] = v;
  }
  return out;
}

const STATEMENT = /^statement: ([\s\S]*)$/;
const EXECUTE = /^execute (?:fetch from )?[^\s:]+(?:\/[^\s:]+)?: ([\s\S]*)$/;

/** Statements of `database` in log order, with their parameters. */
export function extractStatements(text: string, database: string, exclude: (sql: string) => boolean): CapturedStatement[] {
  const out: CapturedStatement[] = [];
  const lastByPid = new Map<string, CapturedStatement>();
  for (const e of parseLog(text)) {
    if (e.database !== database) continue;
    if (e.level === 'LOG') {
      const m = STATEMENT.exec(e.message) ?? EXECUTE.exec(e.message);
      if (!m) continue;
      const st: CapturedStatement = { sql: m[1], params: [], catalog: isCatalog(m[1]) };
      lastByPid.set(e.pid, st);
      if (!exclude(st.sql)) out.push(st);
    } else if (e.level === 'DETAIL' && e.message.startsWith('parameters: ')) {
      const st = lastByPid.get(e.pid);
      if (st && st.params.length === 0) st.params = parseParameters(e.message.slice('parameters: '.length));
    } else if (e.level === 'STATEMENT') {
      // A statement that failed before execution (e.g. at Parse) is logged only here.
      const last = lastByPid.get(e.pid);
      if (last?.sql !== e.message) {
        const st: CapturedStatement = { sql: e.message, params: [], catalog: isCatalog(e.message) };
        lastByPid.set(e.pid, st);
        if (!exclude(st.sql)) out.push(st);
      }
    }
  }
  return out;
}

function dedupe(list: CapturedStatement[]): CapturedStatement[] {
  const seen = new Set<string>();
  const out: CapturedStatement[] = [];
  for (const st of list) {
    const key = JSON.stringify([st.sql, st.params]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(st);
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// Capture
// ------------------------------------------------------------------------------------------

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return '';
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

function dbUrl(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = '/' + database;
  return u.toString();
}

/** Run a marker query in the capture database and wait until the log shows it. */
async function waitForMarker(offset: number, marker: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl(DB) });
  await client.connect();
  try {
    await client.query(`SELECT '${marker}' AS capture_marker`);
  } finally {
    await client.end();
  }
  for (let i = 0; i < 100; i++) {
    if (readFrom(LOG, offset).includes(marker)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`marker ${marker} never reached ${LOG}`);
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.query(`ALTER DATABASE ${DB} SET log_statement = 'all'`);
  } finally {
    await admin.end();
  }
  mkdirSync(FIXTURES, { recursive: true });
  const url = dbUrl(DB);
  const isMarker = (sql: string) => sql.includes('capture-marker-');
  const summary: string[] = [];
  for (const tool of TOOLS) {
    const offset = statSync(LOG).size;
    const mod = (await import(tool.module)) as { run(url: string): Promise<Check[]> };
    let checks: Check[] = [];
    let failure: unknown = null;
    try {
      checks = await mod.run(url);
    } catch (e) {
      failure = e;
    }
    const marker = `capture-marker-${tool.fixture}-${process.pid}-${Date.now()}`;
    await waitForMarker(offset, marker);
    const statements = dedupe(extractStatements(readFrom(LOG, offset), DB, isMarker));
    const file = path.join(FIXTURES, `${tool.fixture}.json`);
    writeFileSync(file, JSON.stringify(statements, null, 2) + '\n');
    const catalog = statements.filter((s) => s.catalog).length;
    summary.push(`${tool.fixture}: ${checks.length} checks, ${statements.length} statements (${catalog} catalog) → ${path.relative(process.cwd(), file)}${failure ? `  FAILED: ${String(failure)}` : ''}`);
    if (failure) process.exitCode = 1;
  }
  for (const line of summary) console.log(line);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
