import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * Postgres date/time functions DuckDB lacks (`to_char`, `justify_*`, `make_interval`,
 * `to_date`, `to_timestamp(text, fmt)`, `OVERLAPS`) or answers with another type
 * (`date_trunc` of a date is a timestamptz in Postgres), with their compatibility functions
 * in src/engine/pg-functions/datetime.ts and to-char.ts.
 */
const routed = new Set(['to_char', 'justify_days', 'justify_hours', 'justify_interval', 'make_interval', 'to_date', 'to_timestamp', 'date_trunc', 'overlaps']);

/**
 * Calls of the functions above go to the compatibility function of the same name; named
 * arguments (`make_interval(days => 3)`) pass through as DuckDB's named macro parameters.
 * @see https://www.postgresql.org/docs/15/functions-datetime.html
 */
export const rewriteDatetimeFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      if (!name || !routed.has(name) || f.agg_star || f.over) return;
      replaceNode(path, funcCall(pgFunctionName(name), (f.args as AstNode[] | undefined) ?? []));
      changed = true;
    },
  });
  return { stmt, changed };
};
