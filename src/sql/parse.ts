import { loadModule, parseSync, scanSync } from 'libpg-query';
import { PgError, SqlStates } from '../errors/index.js';
import { type AstNode, tagOf } from './ast.js';

/** One statement of a query string. */
export interface ParsedStatement {
  /** The statement node, e.g. `{ SelectStmt: {...} }`. Shared: never mutate it (clone first). */
  ast: AstNode;
  tag: string;
  /** The statement's own text, sliced from the original by byte offsets. */
  text: string;
  /** Character offset of `text` in the original query (for error positions). */
  offset: number;
}

let ready: Promise<void> | null = null;

/** Load the Postgres parser (WASM) once; every other function here is synchronous after it. */
export function initParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

/**
 * DuckDB statements that are not Postgres grammar. A client may not run them (they reach
 * files or engine settings), so they are refused by name rather than reported as syntax
 * errors. Matched on the first token, never on substrings (see STYLE 8).
 */
const engineOnlyStatements = new Set(['attach', 'detach', 'install', 'pragma', 'export', 'import', 'use', 'force', 'checkpoint', 'summarize', 'pivot', 'unpivot']);

/** Character (code point) offset of a UTF-8 byte offset, as Postgres counts positions. */
function charOffset(buf: Buffer, byteOffset: number): number {
  let n = 0;
  for (let i = 0; i < byteOffset && i < buf.length; i++) if ((buf[i] & 0xc0) !== 0x80) n++;
  return n;
}

/**
 * Split and parse a query string with the real Postgres grammar. Syntax errors become
 * 42601 with a 1-based character position; DuckDB-only statements become 42501.
 */
export function parseStatements(sql: string): ParsedStatement[] {
  let result: { stmts?: { stmt: AstNode; stmt_location?: number; stmt_len?: number }[] };
  try {
    result = parseSync(sql) as typeof result;
  } catch (e) {
    refuseEngineOnly(sql);
    const details = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const msg = e instanceof Error ? e.message : String(e);
    // libpg-query reports the cursor in characters already (0-based).
    const pos = details?.cursorPosition !== undefined ? details.cursorPosition + 1 : undefined;
    if (msg === 'Query cannot be empty') return [];
    throw new PgError(SqlStates.syntax_error, msg, { position: pos });
  }
  const buf = Buffer.from(sql, 'utf8');
  return (result.stmts ?? []).map((s) => {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len === undefined || s.stmt_len === 0 ? buf.length : start + s.stmt_len;
    return { ast: s.stmt, tag: tagOf(s.stmt), text: buf.subarray(start, end).toString('utf8').trim(), offset: charOffset(buf, start) };
  });
}

function refuseEngineOnly(sql: string): void {
  let tokens: { text: string; tokenName: string }[] = [];
  try {
    tokens = (scanSync(sql) as { tokens: { text: string; tokenName: string }[] }).tokens;
  } catch {
    return;
  }
  // Every statement start: the first token and each token after a ';'.
  let atStart = true;
  for (const t of tokens) {
    if (t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT') continue;
    if (atStart && engineOnlyStatements.has(t.text.toLowerCase())) {
      throw new PgError(SqlStates.insufficient_privilege, `permission denied: ${t.text.toUpperCase()} is not allowed`);
    }
    atStart = t.text === ';';
  }
}
