import { type AstNode, fieldsOf, tagOf } from '../ast.js';
import { castTarget } from './cast-target.js';
import { computedTypmod } from './computed-typmod.js';
import { sessionNames } from './session-names.js';
import { jsonbResult } from './jsonb-result.js';
import type { ColumnTypeHint, HintRule, ResultTypeHints } from './result-types.types.js';

export type { ColumnTypeHint, HintRule, ResultTypeHints } from './result-types.types.js';

/**
 * Every rule, in order; the first hint for an expression wins. Area-specific rules go
 * before `computedTypmod`, the catch-all for "not a column, not a cast".
 */
const rules: readonly HintRule[] = [castTarget, sessionNames, jsonbResult, computedTypmod];

/** The statement's output expressions: a plain SELECT's targets or a DML's RETURNING list. */
function outputExpressions(stmt: AstNode): AstNode[] | null {
  const tag = tagOf(stmt);
  const f = fieldsOf(stmt);
  if (tag === 'SelectStmt') {
    // Set operations take their types from every branch; VALUES has no targets.
    if (f.op && f.op !== 'SETOP_NONE') return null;
    return f.targetList ? (f.targetList as AstNode[]).map((t) => t.ResTarget?.val as AstNode) : null;
  }
  if (tag === 'InsertStmt' || tag === 'UpdateStmt' || tag === 'DeleteStmt') {
    const list = (f.returningClause?.exprs ?? f.returningList) as AstNode[] | undefined;
    return list ? list.map((t) => t.ResTarget?.val as AstNode) : null;
  }
  return null;
}

/** A `*` or `t.*` expands to several columns, so positions after it are unknown. */
const isStar = (e: AstNode | undefined) => Boolean(e?.ColumnRef && (e.ColumnRef.fields as AstNode[]).some((n) => n.A_Star));

/**
 * A SELECT whose FROM is only function calls (`FROM generate_series(…) AS g(n)`, `unnest`):
 * every column it reads is a function result, and Postgres's function results carry no typmod.
 */
function readsOnlyFunctions(stmt: AstNode): boolean {
  const from = stmt.SelectStmt?.fromClause as AstNode[] | undefined;
  return Boolean(from?.length && from.every((item) => item.RangeFunction));
}

const functionResult: ColumnTypeHint = { typmod: -1 };

/**
 * Type hints for a statement's result as the user wrote it, or undefined when there is
 * nothing to say (no select list, a `*` over tables, or no rule had an opinion).
 */
export function resultTypeHints(stmt: AstNode): ResultTypeHints | undefined {
  const exprs = outputExpressions(stmt);
  if (!exprs || exprs.some((e) => !e)) return undefined;
  const overFunctions = readsOnlyFunctions(stmt);
  if (exprs.some(isStar)) return overFunctions && exprs.every(isStar) ? { columns: [], rest: functionResult } : undefined;
  const hints = exprs.map((e) => {
    for (const rule of rules) {
      const h = rule(e);
      if (h) return h;
    }
    return overFunctions && e.ColumnRef ? functionResult : null;
  });
  return hints.some(Boolean) ? { columns: hints } : undefined;
}
