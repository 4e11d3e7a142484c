/**
 * Capture the SQL pgJDBC sends, from a real PostgreSQL 15, into test/clients/fixtures/jdbc.json.
 *
 *   npx tsx test/clients/capture-jdbc.ts
 *
 * Creates a fresh database capture_jdbc (dropped first) with log_statement = 'all', runs every
 * scenario of jdbc/JdbcScenarios.java against it, one scenario at a time, and reads back from
 * the server log what was logged for `@capture_jdbc` during each run: simple-protocol
 * `statement:` lines and extended-protocol `execute <name>:` lines with their
 * `DETAIL:  parameters: $1 = '…'`. A statement that failed to parse (so was never logged as
 * executed) is taken from the `STATEMENT:` line that follows its error.
 *
 * Output: an array of { sql, params, scenario, catalog?, portal?, error? } deduplicated by sql + params,
 * in first-seen order. `scenario` is the scenario whose run first sent the statement;
 * `catalog: true` marks statements that read pg_catalog / information_schema or call catalog
 * functions (a test on the text); `portal: true` marks statements executed through a named
 * portal (fetched in chunks); `error` is the server's message when the first-seen execution
 * failed (parameters of statements failing at Bind come from log_parameter_max_length_on_error).
 *
 * Environment: CAPTURE_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; the
 * database part is ignored), PG_LOG (default /var/log/postgresql/postgresql-15-main.log; the
 * server must log to it with log_line_prefix '%m [%p] %q%u@%d '), PGJDBC_JAR.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { compileScenarios, javaUnavailable, runScenarios, SCENARIOS, toJdbcUrl } from './jdbc/java.js';

const DB = 'capture_jdbc';
const pgUrl = process.env.CAPTURE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const logPath = process.env.PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const outPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'jdbc.json');

export interface CapturedStatement {
  sql: string;
  params: (string | null)[];
  scenario: string;
  catalog?: true;
  /** Run through a named portal (pgJDBC's fetch size with autocommit off). */
  portal?: true;
  error?: string;
}

/** Does a statement read the catalogs or call catalog functions? A test on the text. */
export function isCatalogQuery(sql: string): boolean {
  return (
    /\b(pg_catalog|information_schema)\b/i.test(sql) ||
    /\bpg_(type|class|namespace|attribute|attrdef|index|indexes|constraint|description|proc|database|am|amop|depend|inherits|settings|roles|authid|user|tables|views|sequence|sequences|trigger|enum|range|collation|tablespace|extension|opclass|operator|cast|language|stat\w*)\b/i.test(
      sql,
    ) ||
    /::\s*reg(class|type|proc|procedure|namespace|oper|operator|role|config|dictionary|collation)\b/i.test(sql) ||
    /\b(current_schemas?|format_type|pg_get_\w+|pg_\w+_is_visible|has_\w+_privilege|obj_description|col_description|pg_encoding_to_char|array_in|_pg_expandarray)\s*\(/i.test(sql) ||
    /'pg_catalog\.array_in'/i.test(sql)
  );
}

/** `$1 = 'a''b', $2 = NULL` → ["a'b", null] */
export function parseParameters(text: string): (string | null)[] {
  const out: (string | null)[] = [];
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

/** One log message (its first line's prefix parsed, continuation lines joined). */
interface LogMessage {
  pid: string;
  userDb: string;
  level: string;
  text: string;
}

const PREFIX = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+) \[(\d+)\] (\S*@\S*)? ?([A-Z]+): {2}(.*)$/;

/** Split log text into messages: a line without the timestamp prefix continues the previous one. */
export function parseLog(text: string): LogMessage[] {
  const msgs: LogMessage[] = [];
  for (const line of text.split('\n')) {
    const m = PREFIX.exec(line);
    if (m) {
      msgs.push({ pid: m[2], userDb: m[3] ?? '', level: m[4], text: m[5] });
    } else if (msgs.length > 0 && line !== '') {
      // The server writes a tab after each newline inside a message.
      msgs[msgs.length - 1].text += '\n' + line.replace(/^\t/, '');
    }
  }
  return msgs;
}

/** Statements of one database from log messages, in log order. */
export function extractStatements(msgs: LogMessage[], database: string, scenario: string): CapturedStatement[] {
  const out: CapturedStatement[] = [];
  const last = new Map<string, CapturedStatement>();
  const pendingError = new Map<string, string>();
  const pendingParams = new Map<string, (string | null)[]>();
  for (const msg of msgs) {
    if (!msg.userDb.endsWith(`@${database}`)) continue;
    let m: RegExpExecArray | null;
    if (msg.level === 'LOG' && (m = /^statement: ([\s\S]*)$/.exec(msg.text))) {
      const s: CapturedStatement = { sql: m[1], params: [], scenario };
      out.push(s);
      last.set(msg.pid, s);
      pendingError.delete(msg.pid);
    } else if (msg.level === 'LOG' && (m = /^execute (?:fetch from )?([^:\s]+): ([\s\S]*)$/.exec(msg.text))) {
      // <statement> or <statement>/<portal>: pgJDBC names a portal only when it fetches in chunks.
      const s: CapturedStatement = { sql: m[2], params: [], scenario, ...(m[1].includes('/') ? { portal: true as const } : {}) };
      out.push(s);
      last.set(msg.pid, s);
      pendingError.delete(msg.pid);
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
        const failed: CapturedStatement = { sql: msg.text, params: params ?? [], scenario, ...(error ? { error } : {}) };
        out.push(failed);
        last.set(msg.pid, failed);
      }
    }
  }
  return out;
}

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

async function admin(sql: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    for (const s of sql) await client.query(s);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const why = javaUnavailable();
  if (why) throw new Error(why);
  statSync(logPath); // fails early when the log is not readable

  await admin([
    `DROP DATABASE IF EXISTS ${DB}`,
    `CREATE DATABASE ${DB}`,
    `ALTER DATABASE ${DB} SET log_statement = 'all'`,
    `ALTER DATABASE ${DB} SET log_parameter_max_length_on_error = -1`,
  ]);

  const classDir = mkdtempSync(path.join(os.tmpdir(), 'jdbc-capture-'));
  const all: CapturedStatement[] = [];
  try {
    compileScenarios(classDir);
    const jdbcUrl = toJdbcUrl(pgUrl, DB);
    for (const scenario of SCENARIOS) {
      const offset = statSync(logPath).size;
      const run = await runScenarios(classDir, jdbcUrl, scenario);
      const failed = run.lines.filter((l) => l.check === 'FAILED');
      if (failed.length > 0) process.stderr.write(`warning: scenario ${scenario} failed on PostgreSQL: ${JSON.stringify(failed)}\n`);
      // The server writes its log asynchronously to the program's exit: let it settle.
      await new Promise((r) => setTimeout(r, 500));
      const stmts = extractStatements(parseLog(readFrom(logPath, offset)), DB, scenario);
      process.stderr.write(`${scenario}: ${stmts.length} statements logged\n`);
      all.push(...stmts);
    }
  } finally {
    rmSync(classDir, { recursive: true, force: true });
  }

  const seen = new Map<string, CapturedStatement>();
  const fixture: CapturedStatement[] = [];
  for (const s of all) {
    const key = JSON.stringify([s.sql, s.params]);
    const first = seen.get(key);
    if (first) {
      if (s.portal) first.portal = true;
      continue;
    }
    const entry: CapturedStatement = {
      sql: s.sql,
      params: s.params,
      scenario: s.scenario,
      ...(isCatalogQuery(s.sql) ? { catalog: true as const } : {}),
      ...(s.portal ? { portal: true as const } : {}),
      ...(s.error ? { error: s.error } : {}),
    };
    seen.set(key, entry);
    fixture.push(entry);
  }
  mkdirSync(path.dirname(outPath), { recursive: true });
  writeFileSync(outPath, JSON.stringify(fixture, null, 2) + '\n');
  const catalog = fixture.filter((s) => s.catalog).length;
  process.stdout.write(`wrote ${path.relative(process.cwd(), outPath)}: ${fixture.length} distinct statements (${catalog} catalog) from ${all.length} logged\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
