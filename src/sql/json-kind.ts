import { type AstNode, nameList } from './ast.js';

/**
 * DuckDB has one JSON type, so whether a value is Postgres's `jsonb` (normalised text, its own
 * operators, OID 3802) is read from the SQL as written: a `::jsonb` cast, a jsonb function,
 * or a jsonb operator over one of those. A column's declared jsonb is not known here.
 */

/** Postgres functions whose result is jsonb. */
const jsonbFunctions = new Set([
  'to_jsonb',
  'jsonb_build_object',
  'jsonb_build_array',
  'jsonb_agg',
  'jsonb_object_agg',
  'jsonb_set',
  'jsonb_insert',
  'jsonb_strip_nulls',
  'jsonb_array_elements',
  'jsonb_extract_path',
]);

/** Operators whose result is jsonb when their left operand is. */
const jsonbFromLeft = new Set(['->', '#>', '-', '#-']);

/** The last part of a (possibly qualified) name when it is a Postgres built-in's name. */
function builtin(names: string[]): string | null {
  if (names.length === 1) return names[0];
  return names.length === 2 && names[0] === 'pg_catalog' ? names[1] : null;
}

/** The operator an A_Expr applies (`->`, `||`, …), or null for other expressions. */
export function operatorOf(expr: AstNode | undefined): string | null {
  const e = expr?.A_Expr;
  if (!e || e.kind !== 'AEXPR_OP') return null;
  return builtin(nameList(e.name as AstNode[]));
}

/** Whether an expression is jsonb in Postgres, judged from its syntax. */
export function isJsonbExpr(expr: AstNode | undefined): boolean {
  if (!expr) return false;
  if (expr.TypeCast) {
    const t = expr.TypeCast.typeName;
    return !t?.arrayBounds && builtin(nameList(t?.names as AstNode[])) === 'jsonb';
  }
  if (expr.FuncCall) return jsonbFunctions.has(builtin(nameList(expr.FuncCall.funcname as AstNode[])) ?? '');
  const op = operatorOf(expr);
  if (op === '||') return isJsonbExpr(expr.A_Expr.lexpr as AstNode) || isJsonbExpr(expr.A_Expr.rexpr as AstNode);
  if (op && jsonbFromLeft.has(op)) return isJsonbExpr(expr.A_Expr.lexpr as AstNode);
  if (expr.CoalesceExpr) return ((expr.CoalesceExpr.args as AstNode[]) ?? []).some(isJsonbExpr);
  if (expr.CaseExpr) return ((expr.CaseExpr.args as AstNode[]) ?? []).some((w) => isJsonbExpr(w.CaseWhen?.result as AstNode));
  return false;
}
