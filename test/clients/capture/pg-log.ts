/**
 * The SQL a client tool sends, read back from a real PostgreSQL's statement log: the shared part
 * of the capture scripts beside this file, which write test/clients/fixtures/<tool>.json.
 *
 *   npx tsx test/clients/capture/capture-jdbc.ts     pgJDBC                         → jdbc.json
 *   npx tsx test/clients/capture/capture-orm.ts      TypeORM, Knex, Drizzle,
 *                                                    node-postgres / postgres.js    → typeorm, knex, drizzle, node-protocol.json
 *   npx tsx test/clients/capture/capture-python.ts   psycopg2 + SQLAlchemy, psqlODBC → sqlalchemy.json, odbc.json
 *
 * Each script creates a fresh capture database with `log_statement = 'all'`, notes the log's
 * size, runs the tool's scenarios against that database, then reads the log from that byte
 * offset (once a marker query shows the server has written everything before it). This module
 * parses the log into messages (continuation lines joined), extracts the statements of one
 * database in log order — simple-protocol `statement:` and extended-protocol `execute <name>:`
 * lines, their `DETAIL:  parameters:`, and statements that failed at Parse or Bind (never logged
 * as executed) from the `STATEMENT:` line after their `ERROR:` — marks catalog queries,
 * de-duplicates by sql + params (first seen wins) and writes the fixture JSON. The scripts are
 * not tests (the suite only reads the fixtures they write).
 *
 * Needs a PostgreSQL 15 logging to a file this process can read, with
 * log_line_prefix = '%m [%p] %q%u@%d '. Environment:
 *   CAPTURE_PG_URL  an admin connection (default postgres://postgres@127.0.0.1:5432/postgres, or
 *                   built from PGUSER, PGHOST, PGPORT; CAPTURE_PG_ADMIN_URL is accepted too); the
 *                   database part names where the capture databases are created from
 *   PG_LOG          the server log (default /var/log/postgresql/postgresql-15-main.log; CAPTURE_PG_LOG too)
 */
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** test/clients/fixtures */
export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export type Params = (string | null)[];

export interface CaptureConfig {
  /** Admin connection URL, used to create and drop the capture databases. */
  adminUrl: string;
  /** The server's log file. */
  logPath: string;
}

/** The admin URL and log path from the environment; fails early when the log is not readable. */
export function captureConfig(): CaptureConfig {
  const env = process.env;
  const adminUrl =
    env.CAPTURE_PG_URL ?? env.CAPTURE_PG_ADMIN_URL ?? `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/postgres`;
  const logPath = env.PG_LOG ?? env.CAPTURE_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
  try {
    accessSync(logPath, constants.R_OK);
  } catch {
    throw new Error(`cannot read the PostgreSQL log ${logPath} (set PG_LOG)`);
  }
  return { adminUrl, logPath };
}

/** The URL of another database on the same server (optionally with another scheme, e.g. postgresql: for SQLAlchemy). */
export function databaseUrl(url: string, database: string, protocol?: string): string {
  const u = new URL(url);
  if (protocol) u.protocol = protocol;
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}

async function adminQueries(adminUrl: string, sql: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const s of sql) await client.query(s);
  } finally {
    await client.end();
  }
}

/** (Re)create a database that logs every statement, plus any other settings given (`ALTER DATABASE … SET`). */
export async function createCaptureDatabase(adminUrl: string, database: string, settings: Record<string, string | number> = {}): Promise<void> {
  const all: Record<string, string | number> = { log_statement: 'all', ...settings };
  await adminQueries(adminUrl, [
    `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
    `CREATE DATABASE ${database}`,
    ...Object.entries(all).map(([k, v]) => `ALTER DATABASE ${database} SET ${k} = ${typeof v === 'number' ? v : `'${v.replace(/'/g, "''")}'`}`),
  ]);
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await adminQueries(adminUrl, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
}

// ------------------------------------------------------------------------------------------
// Reading the log
// ------------------------------------------------------------------------------------------

/** The log's current size: the offset to read a run's messages from. */
export function logOffset(logPath: string): number {
  return statSync(logPath).size;
}

/** The log's text from a byte offset to its current end. */
export function readLogFrom(logPath: string, offset: number): string {
  const size = statSync(logPath).size;
  if (size <= offset) return '';
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(logPath, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

/** Marker queries (see logSince) contain this; extractStatements leaves them out. */
const MARKER = 'capture-marker-';

/**
 * The log's text from `offset`, once it is complete: a marker query run in the capture database
 * (logged, as it has log_statement = 'all') must have reached the log, so everything the
 * scenarios' connections logged before it is there too.
 */
export async function logSince(logPath: string, offset: number, captureDbUrl: string): Promise<string> {
  const marker = `${MARKER}${process.pid}-${Date.now()}`;
  const client = new pg.Client({ connectionString: captureDbUrl });
  await client.connect();
  try {
    await client.query(`SELECT '${marker}' AS capture_marker`);
  } finally {
    await client.end();
  }
  for (let i = 0; i < 100; i++) {
    const text = readLogFrom(logPath, offset);
    if (text.includes(marker)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`marker ${marker} never reached ${logPath}`);
}

// ------------------------------------------------------------------------------------------
// Parsing the log
// ------------------------------------------------------------------------------------------

/** One log message: its first line's prefix parsed, continuation lines joined. */
export interface LogMessage {
  pid: string;
  /** '' for messages of processes without a session (checkpointer…). */
  user: string;
  database: string;
  level: string;
  text: string;
}

/** '%m [%p] %q%u@%d ' then 'LEVEL:  message'. */
const PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (?:(\S*)@(\S*) )?([A-Z]+[0-9]?): {2}(.*)$/;

/** Split log text into messages: a line without the timestamp prefix continues the previous one. */
export function parseLog(text: string): LogMessage[] {
  const msgs: LogMessage[] = [];
  for (const line of text.split('\n')) {
    const m = PREFIX.exec(line);
    if (m) {
      msgs.push({ pid: m[1], user: m[2] ?? '', database: m[3] ?? '', level: m[4], text: m[5] });
    } else if (msgs.length > 0 && line !== '') {
      // The server writes a tab after each newline inside a message.
      msgs[msgs.length - 1].text += '\n' + line.replace(/^\t/, '');
    }
  }
  return msgs;
}

/** `$1 = 'a''b', $2 = NULL` → ["a'b", null] */
export function parseParameters(text: string): Params {
  const out: Params = [];
  const re = /\$(\d+) = (NULL|'((?:[^']|'')*)')/gy;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    out[Number(m[1]) - 1] = m[2] === 'NULL' ? null : m[3].replace(/''/g, "'");
    pos = re.lastIndex;
    if (text.startsWith(', ', pos)) pos += 2;
  }
  return out;
}

/** A statement as the log shows it. */
export interface LoggedStatement {
  sql: string;
  params: Params;
  /** Run through a named portal (`execute <statement>/<portal>`: fetched in chunks). */
  portal?: true;
  /** The server's error message, when this execution failed. */
  error?: string;
}

/**
 * The statements of one database, in log order: `statement:` and `execute <name>:` lines with
 * the `DETAIL:  parameters:` that follows; an `ERROR:` then `STATEMENT:` either marks the
 * statement just executed on that connection as failed or, when the statement was never logged
 * as executed (it failed at Parse or Bind), adds it, with the parameters of a failed Bind when
 * log_parameter_max_length_on_error shows them. Marker queries are left out.
 */
export function extractStatements(msgs: LogMessage[], database: string): LoggedStatement[] {
  const out: LoggedStatement[] = [];
  const last = new Map<string, LoggedStatement>();
  const pendingError = new Map<string, string>();
  const pendingParams = new Map<string, Params>();
  const executed = (pid: string, s: LoggedStatement) => {
    out.push(s);
    last.set(pid, s);
    pendingError.delete(pid);
  };
  for (const msg of msgs) {
    if (msg.database !== database) continue;
    let m: RegExpExecArray | null;
    if (msg.level === 'LOG' && (m = /^statement: ([\s\S]*)$/.exec(msg.text))) {
      executed(msg.pid, { sql: m[1], params: [] });
    } else if (msg.level === 'LOG' && (m = /^execute (?:fetch from )?([^:\s]+): ([\s\S]*)$/.exec(msg.text))) {
      // <statement> or <statement>/<portal>: pgJDBC names a portal only when it fetches in chunks.
      executed(msg.pid, { sql: m[2], params: [], ...(m[1].includes('/') ? { portal: true as const } : {}) });
    } else if (msg.level === 'DETAIL' && (m = /^parameters: ([\s\S]*)$/.exec(msg.text))) {
      const s = last.get(msg.pid);
      if (s && s.params.length === 0) s.params = parseParameters(m[1]);
    } else if (msg.level === 'ERROR') {
      pendingError.set(msg.pid, msg.text);
      pendingParams.delete(msg.pid);
    } else if (msg.level === 'CONTEXT' && (m = /portal (?:"[^"]*" )?with parameters: ([\s\S]*)$/.exec(msg.text))) {
      // log_parameter_max_length_on_error: the parameters of a statement that failed at Bind.
      pendingParams.set(msg.pid, parseParameters(m[1]));
    } else if (msg.level === 'STATEMENT') {
      const error = pendingError.get(msg.pid);
      const params = pendingParams.get(msg.pid);
      pendingError.delete(msg.pid);
      pendingParams.delete(msg.pid);
      const s = last.get(msg.pid);
      if (s && s.sql === msg.text && (!params || JSON.stringify(params) === JSON.stringify(s.params))) {
        if (error) s.error = error;
      } else {
        // Failed before it was logged as executed (at Parse or Bind).
        const failed: LoggedStatement = { sql: msg.text, params: params ?? [], ...(error ? { error } : {}) };
        out.push(failed);
        last.set(msg.pid, failed);
      }
    }
  }
  return out.filter((s) => !s.sql.includes(MARKER));
}

// ------------------------------------------------------------------------------------------
// Fixtures
// ------------------------------------------------------------------------------------------

/**
 * Does a statement read the catalogs or call catalog functions? A test on the text: it names
 * pg_catalog, information_schema or a pg_* relation or function, casts to or names a reg* type,
 * or calls one of the catalog and session functions drivers use.
 */
export function isCatalogQuery(sql: string): boolean {
  return (
    /\b(pg_catalog|information_schema)\b/i.test(sql) ||
    /\bpg_\w+/i.test(sql) ||
    /::\s*"?reg[a-z]+/i.test(sql) ||
    /\breg(class|type|proc|namespace|oper)\b/i.test(sql) ||
    /\b(current_schemas?|format_type|col_description|obj_description|has_\w+_privilege)\b/i.test(sql) ||
    /\b(current_database|version|to_regclass|to_regtype|array_in|_pg_expandarray)\s*\(/i.test(sql)
  );
}

/**
 * One entry per distinct sql + params, in first-seen order; the first execution's fields win,
 * except `portal`, set when any execution ran through a named portal.
 */
export function distinct<T extends LoggedStatement>(statements: T[]): T[] {
  const seen = new Map<string, T>();
  for (const s of statements) {
    const key = JSON.stringify([s.sql, s.params]);
    const first = seen.get(key);
    if (!first) seen.set(key, { ...s });
    else if (s.portal) first.portal = true;
  }
  return [...seen.values()];
}

/** Write test/clients/fixtures/<name>.json; returns its path relative to the working directory. */
export function writeFixture(name: string, entries: unknown[]): string {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const file = path.join(FIXTURES_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(entries, null, 2) + '\n');
  return path.relative(process.cwd(), file);
}

/**
 * Write the plain fixture of one database's statements: { sql, params, catalog } per distinct
 * sql + params. Returns the file written and the counts.
 */
export function writePlainFixture(name: string, msgs: LogMessage[], database: string): { file: string; statements: number; catalog: number } {
  const entries = distinct(extractStatements(msgs, database)).map((s) => ({ sql: s.sql, params: s.params, catalog: isCatalogQuery(s.sql) }));
  const file = writeFixture(name, entries);
  return { file, statements: entries.length, catalog: entries.filter((e) => e.catalog).length };
}

/** Run a capture script's main, printing a failure and setting a failing exit status. */
export function runCapture(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
