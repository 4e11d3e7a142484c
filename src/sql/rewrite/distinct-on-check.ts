import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * An expression's identity for matching DISTINCT ON against ORDER BY: its AST without
 * positions, with column references reduced to their last name (so `t.a` and `a` match;
 * this can only miss an error Postgres would raise, never invent one).
 */
function keyOf(node: AstNode): string {
  return JSON.stringify(node, (k, v: unknown) => {
    if (k === 'location') return undefined;
    const fields = (v as AstFields | null)?.ColumnRef?.fields as AstNode[] | undefined;
    return fields ? { ColumnRef: { fields: fields.slice(-1) } } : v;
  });
}

/** An item of DISTINCT ON or ORDER BY as Postgres resolves it: an output position, an output name, or an expression. */
function resolve(node: AstNode, targets: AstFields[]): string {
  const position = node.A_Const?.ival ? Number(node.A_Const.ival.ival ?? 0) : undefined;
  if (position !== undefined && targets[position - 1]) return keyOf(targets[position - 1].val as AstNode);
  const fields = node.ColumnRef?.fields as AstNode[] | undefined;
  const name = fields?.length === 1 ? (fields[0].String?.sval as string | undefined) : undefined;
  const named = name !== undefined ? targets.find((t) => t.name === name) : undefined;
  return keyOf(named ? (named.val as AstNode) : node);
}

/**
 * Postgres requires DISTINCT ON expressions to match the leading ORDER BY items (42P10);
 * DuckDB runs such a query and answers arbitrary rows. Checked here on the AST, with
 * Postgres's rule (parse_clause.c): once an ORDER BY item that is not a DISTINCT ON
 * expression is passed, no DISTINCT ON expression may follow or be missing. Changes nothing.
 */
export const checkDistinctOn: Rewrite = (stmt) => {
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      const f = path.node as AstFields;
      const distinct = (f.distinctClause ?? []) as AstNode[];
      const sorts = (f.sortClause ?? []) as AstNode[];
      if (!sorts.length || !distinct.length || Object.keys(distinct[0]).length === 0) return;
      const targets = ((f.targetList ?? []) as AstNode[]).map((t) => t.ResTarget as AstFields).filter(Boolean);
      const on = new Set(distinct.map((d) => resolve(d, targets)));
      const order = [...new Set(sorts.map((s) => resolve(s.SortBy?.node as AstNode, targets)))];
      const skipped = order.findIndex((o) => !on.has(o));
      if (skipped < 0) return;
      const prefix = new Set(order.slice(0, skipped));
      if (order.slice(skipped + 1).some((o) => on.has(o)) || [...on].some((d) => !prefix.has(d))) {
        throw new PgError(SqlStates.invalid_column_reference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
      }
    },
  });
  return { stmt, changed: false };
};
