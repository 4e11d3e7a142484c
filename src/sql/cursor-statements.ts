import { deparseSync } from 'pgsql-deparser';
import { type AstNode, fieldsOf } from './ast.js';
import type { ParsedStatement } from './parse.js';

/** DECLARE options (parsenodes.h CURSOR_OPT_*). */
const CURSOR_OPT_BINARY = 0x1;
const CURSOR_OPT_SCROLL = 0x2;
const CURSOR_OPT_HOLD = 0x20;

/** FETCH/MOVE's `ALL` (FETCH_ALL, LONG_MAX in the grammar's int). */
export const FETCH_ALL = 2147483647;

/** Where a FETCH or MOVE goes, as the grammar says it (counts as written; `FORWARD ALL` is FETCH_ALL). */
export type FetchDirection = 'forward' | 'backward' | 'absolute' | 'relative';

/** An SQL cursor statement, before its query (DECLARE's) is planned. */
export type CursorStatement =
  | { type: 'declare'; name: string; query: ParsedStatement; binary: boolean; scroll: boolean; hold: boolean }
  | { type: 'fetch'; name: string; move: boolean; direction: FetchDirection; count: number }
  /** CLOSE name, or CLOSE ALL (name null). */
  | { type: 'close'; name: string | null };

const directions: Record<string, FetchDirection> = {
  FETCH_FORWARD: 'forward',
  FETCH_BACKWARD: 'backward',
  FETCH_ABSOLUTE: 'absolute',
  FETCH_RELATIVE: 'relative',
};

/**
 * DECLARE name [BINARY] [NO SCROLL | SCROLL] CURSOR [WITH HOLD] FOR query, FETCH / MOVE, and
 * CLOSE; null for any other statement.
 * @see https://www.postgresql.org/docs/15/sql-declare.html
 */
export function matchCursorStatement(s: ParsedStatement): CursorStatement | null {
  const f = fieldsOf(s.ast);
  switch (s.tag) {
    case 'DeclareCursorStmt': {
      const options = Number(f.options ?? 0);
      const query = f.query as AstNode;
      return {
        type: 'declare',
        name: f.portalname as string,
        query: { ast: query, tag: Object.keys(query)[0], text: deparseSync(query, { pretty: false }), offset: 0 },
        binary: (options & CURSOR_OPT_BINARY) !== 0,
        scroll: (options & CURSOR_OPT_SCROLL) !== 0,
        hold: (options & CURSOR_OPT_HOLD) !== 0,
      };
    }
    case 'FetchStmt':
      return {
        type: 'fetch',
        name: f.portalname as string,
        move: f.ismove === true,
        direction: directions[f.direction as string] ?? 'forward',
        count: Number(f.howMany ?? 0),
      };
    case 'ClosePortalStmt':
      return { type: 'close', name: (f.portalname as string | undefined) ?? null };
    default:
      return null;
  }
}
