/**
 * A small sqllogictest-style runner: parse `.slt` files and run their records over the
 * PostgreSQL wire protocol with `pg` (simple query protocol, every value as the server's text).
 *
 * FORMAT
 *
 * A file is a sequence of records separated by blank lines. Lines starting with `#` between
 * records are comments (inside a record's SQL or expected rows a `#` line is content).
 * Keywords are lowercase.
 *
 *   statement ok
 *   <SQL, one or more lines, ended by a blank line or the end of the file>
 *
 *     The statement must succeed. Rows it returns are ignored.
 *
 *   statement error <SQLSTATE>
 *   <SQL>
 *
 *     The statement must fail with exactly that five-character SQLSTATE.
 *
 *   query <types> [rowsort]
 *   <SQL>
 *   ----
 *   <expected rows, one per line, ended by a blank line or the end of the file>
 *
 *     <types> has one letter per result column: T text (and anything not listed below:
 *     varchar, date, timestamp, uuid, json, arrays, ...), I integer (int2, int4, int8),
 *     R float or numeric (float4, float8, numeric), B bool. The column count and each
 *     column's type class are checked against the RowDescription.
 *     Values in a row are separated by a single TAB character; each value is the
 *     server's text output, with NULL written `NULL` and the empty string `(empty)`.
 *     Values containing a tab or a newline cannot be expressed. With `rowsort`, actual and
 *     expected rows are both sorted (as text lines) before comparing; without it the
 *     order must match exactly. A query with no rows has `----` followed by a blank line.
 *
 *   source <name> <path>
 *
 *     One line: registers a source with
 *     `SELECT * FROM jammi.add_source('<name>', '<dataDir>/<path>')`, where dataDir is
 *     sql-tests/data (the path is relative to it). It must succeed.
 *
 * There are no conditional directives (no skipif/onlyif): a file states what both jammi
 * and PostgreSQL would answer. Each file runs top to bottom on one connection, so session
 * state (settings, transactions) carries from record to record; every record runs even
 * after a failure, and all failures are reported together with file:line, the SQL, the
 * expected and the actual outcome. Files share one server: a file that adds sources or
 * creates tables removes them at its end.
 */
import path from 'node:path';
import pg from 'pg';

export type SltRecord =
  | { kind: 'statement'; line: number; sql: string; error: string | null }
  | { kind: 'query'; line: number; sql: string; types: string; rowsort: boolean; expected: string[] }
  | { kind: 'source'; line: number; name: string; path: string };

/** A malformed .slt file; the message names file:line. */
export class SltParseError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'SltParseError';
  }
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';
const sqlstateRe = /^[0-9A-Z]{5}$/;

/** Parse the text of one .slt file. `file` is only used in error messages. */
export function parseSlt(text: string, file: string): SltRecord[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const records: SltRecord[] = [];
  let i = 0;
  /** Lines from `i` up to (not including) a blank line, or a line equal to `stop`. */
  const takeUntil = (stop?: string): string[] => {
    const out: string[] = [];
    while (i < lines.length && !blank(lines[i]) && lines[i] !== stop) out.push(lines[i++]);
    return out;
  };
  while (i < lines.length) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (blank(raw) || raw.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const words = raw.trim().split(/\s+/);
    i++;
    switch (words[0]) {
      case 'statement': {
        let error: string | null;
        if (words[1] === 'ok' && words.length === 2) error = null;
        else if (words[1] === 'error' && words.length === 3 && sqlstateRe.test(words[2])) error = words[2];
        else throw new SltParseError(file, lineNo, `expected "statement ok" or "statement error <SQLSTATE>", got "${raw.trim()}"`);
        const sql = takeUntil();
        if (sql.length === 0) throw new SltParseError(file, lineNo, 'statement without SQL');
        records.push({ kind: 'statement', line: lineNo, sql: sql.join('\n'), error });
        break;
      }
      case 'query': {
        const types = words[1] ?? '';
        if (!/^[TIRB]+$/.test(types)) throw new SltParseError(file, lineNo, `query needs column types made of T, I, R, B; got "${types}"`);
        if (words.length > 3 || (words[2] !== undefined && words[2] !== 'rowsort')) {
          throw new SltParseError(file, lineNo, `unknown query option "${words.slice(2).join(' ')}" (only "rowsort" is known)`);
        }
        const sql = takeUntil('----');
        if (sql.length === 0) throw new SltParseError(file, lineNo, 'query without SQL');
        if (lines[i] !== '----') throw new SltParseError(file, i + 1, 'query SQL must be followed by a "----" line');
        i++;
        const expected = takeUntil();
        records.push({ kind: 'query', line: lineNo, sql: sql.join('\n'), types, rowsort: words[2] === 'rowsort', expected });
        break;
      }
      case 'source': {
        if (words.length !== 3) throw new SltParseError(file, lineNo, 'expected "source <name> <path relative to sql-tests/data>"');
        if (path.isAbsolute(words[2])) throw new SltParseError(file, lineNo, 'source path must be relative to sql-tests/data');
        records.push({ kind: 'source', line: lineNo, name: words[1], path: words[2] });
        break;
      }
      default:
        throw new SltParseError(file, lineNo, `unknown record "${words[0]}" (expected statement, query, source or # comment)`);
    }
  }
  return records;
}

/** Every value as the server's text: no type parser runs. */
const rawText: pg.CustomTypesConfig = { getTypeParser: () => (v: string) => v };

const integerOids = new Set([20, 21, 23]);
const realOids = new Set([700, 701, 1700]);
const boolOid = 16;

/** The type letter of a result column, from its type OID. */
export function typeLetterOf(oid: number): 'T' | 'I' | 'R' | 'B' {
  if (integerOids.has(oid)) return 'I';
  if (realOids.has(oid)) return 'R';
  if (oid === boolOid) return 'B';
  return 'T';
}

/** One value as an expected-results file writes it. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = String(v);
  return s === '' ? '(empty)' : s;
}

export interface SltContext {
  client: pg.Client;
  /** Absolute path of sql-tests/data (where `source` paths point). */
  dataDir: string;
  /** The file name shown in failures (relative to the repository). */
  file: string;
}

type Result = { ok: true; fields: pg.FieldDef[]; rows: unknown[][] } | { ok: false; code: string; message: string };

async function run(client: pg.Client, sql: string): Promise<Result> {
  try {
    const r = (await client.query({ text: sql, rowMode: 'array', types: rawText })) as pg.QueryArrayResult | pg.QueryArrayResult[];
    // Several statements in one record: the last one's result counts.
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    return { ok: true, fields: last?.fields ?? [], rows: last?.rows ?? [] };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { ok: false, code: err.code ?? '(no SQLSTATE)', message: err.message ?? String(e) };
  }
}

const summary = (r: Result) => (r.ok ? `ok (${r.rows.length} row${r.rows.length === 1 ? '' : 's'})` : `error ${r.code}: ${r.message}`);
const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
const block = (lines: string[]) => (lines.length ? lines.map((l) => `    ${l.replace(/\t/g, '⇥')}`).join('\n') : '    (no rows)');

function failure(ctx: SltContext, line: number, sql: string, expected: string, actual: string): string {
  return `${ctx.file}:${line}\n  SQL:\n${indent(sql)}\n  expected:\n${expected}\n  actual:\n${actual}`;
}

/** The SQL a `source` record runs. */
export function sourceSql(name: string, absPath: string): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `SELECT * FROM jammi.add_source(${lit(name)}, ${lit(absPath)})`;
}

/** Run one record; return a failure message, or null when it passed. */
async function runRecord(rec: SltRecord, ctx: SltContext): Promise<string | null> {
  switch (rec.kind) {
    case 'source': {
      const sql = sourceSql(rec.name, path.join(ctx.dataDir, rec.path));
      const r = await run(ctx.client, sql);
      return r.ok ? null : failure(ctx, rec.line, sql, '    ok', `    ${summary(r)}`);
    }
    case 'statement': {
      const r = await run(ctx.client, rec.sql);
      if (rec.error === null) return r.ok ? null : failure(ctx, rec.line, rec.sql, '    ok', `    ${summary(r)}`);
      if (!r.ok && r.code === rec.error) return null;
      return failure(ctx, rec.line, rec.sql, `    error ${rec.error}`, `    ${summary(r)}`);
    }
    case 'query': {
      const r = await run(ctx.client, rec.sql);
      const expected = rec.rowsort ? [...rec.expected].sort() : rec.expected;
      if (!r.ok) return failure(ctx, rec.line, rec.sql, block(expected), `    ${summary(r)}`);
      const types = r.fields.map((f) => typeLetterOf(f.dataTypeID)).join('');
      const rendered = r.rows.map((row) => row.map(renderValue).join('\t'));
      const actual = rec.rowsort ? [...rendered].sort() : rendered;
      const problems: string[] = [];
      if (types !== rec.types) problems.push(`column types: expected ${rec.types}, got ${types} (OIDs ${r.fields.map((f) => f.dataTypeID).join(', ')})`);
      if (actual.length !== expected.length || actual.some((l, k) => l !== expected[k])) problems.push('rows differ');
      if (problems.length === 0) return null;
      return failure(ctx, rec.line, rec.sql, `    types ${rec.types}\n${block(expected)}`, `    types ${types}\n${block(actual)}\n  (${problems.join('; ')}; ⇥ marks a TAB)`);
    }
  }
}

/** Run every record of a file in order; return the failures (empty when the file passes). */
export async function runSlt(records: readonly SltRecord[], ctx: SltContext): Promise<string[]> {
  const failures: string[] = [];
  for (const rec of records) {
    const f = await runRecord(rec, ctx);
    if (f) failures.push(f);
  }
  return failures;
}

/** Connect a client that returns rows as arrays of raw text. */
export async function connectSlt(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: rawText });
  await client.connect();
  // Notices (e.g. "there is no transaction in progress") are expected in some files.
  client.on('notice', () => undefined);
  return client;
}
