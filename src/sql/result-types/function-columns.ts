import { type AstNode, nameList } from '../ast.js';
import type { ColumnTypeHint } from './result-types.types.js';
import { sessionNames } from './session-names.js';

const jsonb: ColumnTypeHint = { oid: 3802, typmod: -1 };

/**
 * Result columns of set-returning functions whose column types DuckDB cannot tell apart
 * (it has one JSON type): `jsonb_each` returns (key text, value jsonb), while `json_each`'s
 * value is json, which is what DuckDB's JSON already reports.
 */
const columnsByFunction: Record<string, readonly [string, ColumnTypeHint | null][]> = {
  jsonb_each: [
    ['key', null],
    ['value', jsonb],
  ],
  jsonb_array_elements: [['value', jsonb]],
};

/**
 * The columns of a SELECT's only FROM item when it is one of the functions above or a session
 * function returning name, by output name (the alias's column names when given), in order;
 * undefined otherwise.
 */
export function functionColumns(stmt: AstNode): [string, ColumnTypeHint | null][] | undefined {
  const unnest = unnestColumns(stmt);
  if (unnest) return unnest;
  const from = stmt.SelectStmt?.fromClause as AstNode[] | undefined;
  const rf = from?.length === 1 ? from[0].RangeFunction : undefined;
  const items = rf && !rf.ordinality && (rf.functions as AstNode[] | undefined)?.length === 1 ? ((rf.functions as AstNode[])[0].List?.items as AstNode[] | undefined) : undefined;
  const call = items?.[0]?.FuncCall;
  if (!call) return undefined;
  const names = nameList(call.funcname as AstNode[]);
  // A session function read as a one-row relation (`FROM current_schema()`): one column, of type name.
  const scalar = sessionNames({ FuncCall: call });
  if (scalar) return [[nameList(rf!.alias?.colnames as AstNode[])[0] || (rf!.alias?.aliasname as string | undefined) || names[names.length - 1], scalar]];
  const cols = columnsByFunction[names[names.length - 1]];
  if (!cols || (names.length === 2 && names[0] !== 'pg_catalog')) return undefined;
  const aliases = nameList(rf!.alias?.colnames as AstNode[]);
  return cols.map(([name, hint], i) => [aliases[i] || name, hint]);
}

/**
 * `FROM unnest(a, b, …)` without column aliases: Postgres names every column `unnest`,
 * where DuckDB (which runs it as a subquery) makes the names unique.
 */
function unnestColumns(stmt: AstNode): [string, ColumnTypeHint | null][] | undefined {
  const from = stmt.SelectStmt?.fromClause as AstNode[] | undefined;
  const rf = from?.length === 1 ? from[0].RangeFunction : undefined;
  const call = rf && (rf.functions as AstNode[] | undefined)?.length === 1 ? ((rf.functions as AstNode[])[0].List?.items as AstNode[] | undefined)?.[0]?.FuncCall : undefined;
  const names = nameList(call?.funcname as AstNode[]);
  const args = (call?.args ?? []) as AstNode[];
  if (!call || names.join('.') !== 'unnest' || args.length < 2 || (rf!.alias?.colnames as AstNode[] | undefined)?.length) return undefined;
  const cols: [string, ColumnTypeHint | null][] = args.map(() => ['unnest', { typmod: -1, name: 'unnest' }]);
  if (rf!.ordinality) cols.push(['ordinality', { typmod: -1 }]);
  return cols;
}

/** The hint for a column reference into those columns (`value`, `e.value`). */
export function functionColumnHint(expr: AstNode, cols: readonly [string, ColumnTypeHint | null][]): ColumnTypeHint | null {
  const fields = nameList(expr.ColumnRef?.fields as AstNode[]);
  const name = fields[fields.length - 1];
  return cols.find(([n]) => n === name)?.[1] ?? null;
}
