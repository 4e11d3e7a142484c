import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName, builtinOperator } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Functions whose result is always an array. */
const arrayFunctions = new Set(['array_agg', 'string_to_array', 'array_append', 'array_prepend', 'array_cat', 'array_remove', 'array_positions', 'regexp_split_to_array']);

/** Whether an expression is an array by its form alone (`ARRAY[…]`, `ARRAY(SELECT …)`, `x::int[]`, array functions). */
function isArrayForm(node: AstNode | undefined): boolean {
  if (!node) return false;
  if (node.A_ArrayExpr) return true;
  if (node.SubLink) return node.SubLink.subLinkType === 'ARRAY_SUBLINK';
  if (node.TypeCast) return Boolean((node.TypeCast.typeName?.arrayBounds as unknown[] | undefined)?.length);
  if (node.FuncCall) return arrayFunctions.has(builtinName(node.FuncCall.funcname as AstNode[]) ?? '');
  return false;
}

/** Whether an expression is a constant that is never an array nor an untyped string (`9`, `true`, `9::bigint`). */
function isScalarConstant(node: AstNode | undefined): boolean {
  const c = node?.A_Const ?? (node?.TypeCast && !isArrayForm(node) ? (node.TypeCast.arg as AstNode | undefined)?.A_Const : undefined);
  return Boolean(c && !c.isnull && (c.ival !== undefined || c.fval !== undefined || c.boolval !== undefined || (node?.TypeCast && c.sval)));
}

const call = (name: string, args: AstNode[]): AstNode => ({ FuncCall: { funcname: pgFunctionName(name).map((sval) => ({ String: { sval } })), args, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } });

/** The operator of a plain binary operator expression (`a || b`, `pg_catalog.@>`), or ''. */
function binaryOp(f: AstFields): string {
  return f.lexpr ? (builtinOperator(f) ?? '') : '';
}

/**
 * Array operators with Postgres's meaning where DuckDB's differs, decided by the operands'
 * form since the rewrite does not know column types:
 * - `arr || elem` / `elem || arr` append / prepend (DuckDB's `||` refuses a list and a
 *   scalar) and `arr || NULL::int[]` is `arr` (DuckDB: NULL): when one side is an array form,
 *   or a number or boolean constant meets an expression, the call goes to a macro that does
 *   so for arrays and their elements and is DuckDB's `||` otherwise (`s || 9` stays text).
 * - `a @> b` / `a <@ b` on an array form: a NULL element is contained in nothing (DuckDB
 *   skips NULLs). Without an array form the operator may be jsonb's, so it is left alone.
 * @see https://www.postgresql.org/docs/15/functions-array.html
 */
export const rewriteArrayOperators: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      const op = binaryOp(f);
      const l = f.lexpr as AstNode;
      const r = f.rexpr as AstNode;
      const anyArray = isArrayForm(l) || isArrayForm(r);
      let replacement: AstNode | undefined;
      if (op === '||') {
        const isNull = (n: AstNode) => Boolean(n.A_Const?.isnull ?? (n.TypeCast?.arg as AstNode | undefined)?.A_Const?.isnull);
        const isText = (n: AstNode) => Boolean(n.A_Const?.sval);
        if (isNull(l) || isNull(r) || isText(l) || isText(r)) return;
        if (anyArray || isScalarConstant(l) !== isScalarConstant(r)) replacement = call('concat_op', [l, r]);
      } else if ((op === '@>' || op === '<@') && anyArray) {
        replacement = call('array_contains', op === '@>' ? [l, r] : [r, l]);
      }
      if (!replacement) return;
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'A_Expr' in slot;
      path.replaceWith(wrapped ? replacement : replacement.FuncCall);
      changed = true;
    },
  });
  return { stmt, changed };
};
