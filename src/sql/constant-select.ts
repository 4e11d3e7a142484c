import { PgOid } from '../types/index.js';
import { type AstFields, type AstNode } from './ast.js';
import { figureColname } from './rewrite/column-names.js';

/** A result jammi computes without the engine. */
export interface ConstantResult {
  columns: { name: string; oid: number }[];
  row: unknown[];
}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

/** A literal's Postgres type and value as Postgres would type an untyped constant. */
function literal(node: AstNode | undefined): { oid: number; value: unknown } | null {
  const c = node?.A_Const as AstFields | undefined;
  if (!c) return null;
  if (c.isnull) return { oid: PgOid.text, value: null };
  if (c.ival) {
    const v = (c.ival.ival as number | undefined) ?? 0;
    return v >= INT4_MIN && v <= INT4_MAX ? { oid: PgOid.int4, value: v } : null;
  }
  if (c.boolval) return { oid: PgOid.bool, value: Boolean(c.boolval.boolval) };
  if (c.sval) return { oid: PgOid.text, value: (c.sval.sval as string | undefined) ?? '' };
  if (c.fval) {
    const text = String(c.fval.fval);
    // Integers beyond int4 are int8 while they fit, as in Postgres; decimals keep their written form as numeric.
    if (/^-?\d+$/.test(text)) {
      const big = BigInt(text);
      // `-2147483648` arrives as a float constant (its magnitude exceeds int4) but is int4.
      if (big >= BigInt(INT4_MIN) && big <= BigInt(INT4_MAX)) return { oid: PgOid.int4, value: Number(big) };
      return big >= -(2n ** 63n) && big < 2n ** 63n ? { oid: PgOid.int8, value: big } : { oid: PgOid.numeric, value: text };
    }
    return /^-?\d*\.\d*$/.test(text) ? { oid: PgOid.numeric, value: text } : null;
  }
  return null;
}

/**
 * `SELECT 1`, `SELECT 'ok' AS status`: a select list of plain literals with no FROM, WHERE
 * or anything else. Connection pools and health checks send these constantly; jammi answers
 * them itself, with Postgres's types and column names, instead of a round trip to DuckDB.
 */
export function matchConstantSelect(stmt: AstNode): ConstantResult | null {
  const s = stmt.SelectStmt as AstFields | undefined;
  if (!s) return null;
  const allowed = new Set(['targetList', 'limitOption', 'op']);
  if (Object.keys(s).some((k) => !allowed.has(k)) || s.op !== 'SETOP_NONE') return null;
  const columns: ConstantResult['columns'] = [];
  const row: unknown[] = [];
  for (const t of (s.targetList ?? []) as AstNode[]) {
    const rt = t.ResTarget as AstFields | undefined;
    const lit = literal(rt?.val as AstNode);
    if (!rt || !lit) return null;
    columns.push({ name: (rt.name as string | undefined) ?? figureColname(rt.val as AstNode)[0] ?? '?column?', oid: lit.oid });
    row.push(lit.value);
  }
  return columns.length ? { columns, row } : null;
}
