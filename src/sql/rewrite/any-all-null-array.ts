import { parseSync } from 'libpg-query';
import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { builtinOperator } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `x = ANY(arr)` with Postgres's three-valued result spelled with list functions: NULL for a
 * NULL array, true when an element equals x, NULL when none does but x or an element is NULL
 * (and the array is not empty), false otherwise. DuckDB reads `= ANY(list)` as a correlated
 * subquery, which it refuses in an outer join's condition and which crashed it nested in
 * another correlated subquery over a table function (psql's `\dp`); list_contains is neither.
 */
const equalsAnyTemplate =
  'SELECT CASE WHEN a__ IS NULL THEN NULL WHEN list_contains(a__, x__) THEN true WHEN x__ IS NULL AND len(a__) > 0 THEN NULL WHEN list_count(a__) < len(a__) THEN NULL ELSE false END';
let equalsAnyAst: AstNode | null = null;

function equalsAny(x: AstNode, arr: AstNode): AstNode {
  equalsAnyAst ??= ((parseSync(equalsAnyTemplate) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt.SelectStmt!.targetList as AstNode[])[0].ResTarget!.val as AstNode;
  const expr = structuredClone(equalsAnyAst);
  traverse(expr, {
    ColumnRef(path: AstPath) {
      const name = nameList((path.node as AstFields).fields as AstNode[])[0];
      if (name === 'a__' || name === 'x__') path.replaceWith(structuredClone(name === 'a__' ? arr : x));
    },
  });
  return expr;
}

/**
 * Array operands left alone: `ARRAY[…]` and a string literal cast to an array are never NULL,
 * and a parameter (`id = ANY($1)`, the ORM idiom) is kept as written: a NULL one is rare, and
 * where it filters rows NULL and false are the same.
 */
function leftAlone(node: AstNode): boolean {
  if (node.A_ArrayExpr || node.ParamRef || node.A_Const?.sval) return true;
  const arg = node.TypeCast?.arg as AstNode | undefined;
  return Boolean(arg && (arg.A_ArrayExpr || arg.A_Const?.sval || arg.ParamRef));
}

/**
 * `x = ANY($1)`: Postgres types the parameter as an array of x's type (what node-postgres
 * sends for a JS array is the untyped text `{1,2}`); DuckDB cannot type it and fails.
 * `CASE WHEN false THEN ARRAY[x] ELSE $1 END` is the parameter itself, typed by DuckDB from
 * x, so the statement prepares and the parameter is described as Postgres would (int4[]).
 */
function typedByOperand(x: AstNode, param: AstNode): AstNode {
  const probe = { A_ArrayExpr: { elements: [structuredClone(x)], location: -1 } };
  const when = { CaseWhen: { expr: { A_Const: { boolval: {}, location: -1 } }, result: probe, location: -1 } };
  return { CaseExpr: { args: [when], defresult: param, location: -1 } };
}

/**
 * `x = ANY(arr)` and `x < ALL(arr)` are NULL for a NULL array in Postgres; DuckDB treats a
 * NULL list as empty (false for ANY, true for ALL). The test becomes
 * `CASE WHEN arr IS NULL THEN NULL ELSE x = ANY(arr) END` unless the array cannot be NULL.
 * DuckDB already gives NULL elements Postgres's meaning. An untyped parameter is typed by x
 * (typedByOperand).
 * @see https://www.postgresql.org/docs/15/functions-comparisons.html#id-1.5.8.30.16
 */
export const rewriteAnyAllNullArray: Rewrite = (stmt, ctx) => {
  let changed = false;
  const done = new WeakSet<object>();
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if ((f.kind !== 'AEXPR_OP_ANY' && f.kind !== 'AEXPR_OP_ALL') || done.has(f)) return;
      const arr = f.rexpr as AstNode;
      // A parameter the client declared is cast to its type (castDeclaredParams) and needs no probe.
      const declared = arr?.ParamRef && ctx.paramTypes?.[((arr.ParamRef.number as number) ?? 0) - 1];
      if (arr?.ParamRef && !declared && !(f.lexpr as AstNode | undefined)?.ParamRef) {
        done.add(f);
        f.rexpr = typedByOperand(f.lexpr as AstNode, arr);
        changed = true;
        return;
      }
      if (!arr || leftAlone(arr)) return;
      done.add(f);
      if (f.kind === 'AEXPR_OP_ANY' && builtinOperator({ ...f, kind: 'AEXPR_OP' }) === '=' && !arr.SubLink) {
        const replacement = equalsAny(f.lexpr as AstNode, arr);
        const slot = path.container?.[path.containerKey as string | number];
        path.replaceWith(slot && typeof slot === 'object' && 'A_Expr' in slot ? replacement : replacement.CaseExpr);
        changed = true;
        return;
      }
      const location = f.location ?? -1;
      const isNull = { NullTest: { arg: structuredClone(arr), nulltesttype: 'IS_NULL', location } };
      const replacement = { CaseExpr: { args: [{ CaseWhen: { expr: isNull, result: { A_Const: { isnull: true, location } }, location } }], defresult: { A_Expr: f }, location } };
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'A_Expr' in slot;
      path.replaceWith(wrapped ? replacement : replacement.CaseExpr);
      changed = true;
    },
  });
  return { stmt, changed };
};
