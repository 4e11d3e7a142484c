import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinOperator, funcCall } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** `x = ANY(col)` over a column (or subscripted column): the only shape rewritten. */
function columnAny(node: AstNode): AstFields | undefined {
  const e = node.A_Expr;
  if (!e || e.kind !== 'AEXPR_OP_ANY' || builtinOperator({ ...e, kind: 'AEXPR_OP' }) !== '=') return undefined;
  const arr = e.rexpr as AstNode | undefined;
  return arr?.ColumnRef ? e : undefined;
}

/** Rewrite the conjuncts at the top of an ON condition, where NULL and false both mean "no match". */
function rewriteConjuncts(holder: AstFields, key: string | number): boolean {
  const node = holder[key] as AstNode | undefined;
  if (!node) return false;
  const and = node.BoolExpr;
  if (and?.boolop === 'AND_EXPR') {
    const args = and.args as AstNode[];
    let changed = false;
    for (let i = 0; i < args.length; i++) changed = rewriteConjuncts(args as unknown as AstFields, i) || changed;
    return changed;
  }
  const any = columnAny(node);
  if (!any) return false;
  holder[key] = funcCall(['list_contains'], [any.rexpr as AstNode, any.lexpr as AstNode]);
  return true;
}

/**
 * `LEFT JOIN pg_attribute a ON … AND a.attnum = ANY(cnst.conkey)` (TypeORM's table loading):
 * DuckDB binds `= ANY(list column)` as a correlated subquery, which it refuses in the condition of
 * an outer join ("Cannot perform non-inner join on subquery"). As a conjunct at the top of an ON
 * condition, where NULL and false both reject the pair, `x = ANY(col)` is exactly
 * `list_contains(col, x)`, which DuckDB joins on. Elsewhere (`NOT (x = ANY(col))`, select lists)
 * NULL differs from false, so only these conjuncts are rewritten.
 * Runs before rewriteAnyAllNullArray, which would wrap the comparison in a CASE.
 */
export const rewriteJoinAnyArrays: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    JoinExpr(path: AstPath) {
      if (path.node.quals) changed = rewriteConjuncts(path.node, 'quals') || changed;
    },
  });
  return { stmt, changed };
};
