import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName } from './ast-build.js';

/** Postgres's built-in aggregates users commonly call (user-defined ones cannot be told from functions by name). */
const aggregateNames = new Set([
  'sum', 'avg', 'count', 'min', 'max', 'bool_and', 'bool_or', 'every', 'string_agg', 'array_agg', 'json_agg', 'jsonb_agg',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'bit_and', 'bit_or',
]);

/**
 * Whether an expression contains an aggregate or window call. DuckDB cannot type such an
 * argument when it picks a typed macro overload ("multiple overloads match"), so rewrites
 * that dispatch on types need another form for it.
 */
export function containsAggregate(node: AstNode): boolean {
  let found = false;
  traverse(node, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (f.over || aggregateNames.has(builtinName(f.funcname as AstNode[]) ?? '')) found = true;
    },
  });
  return found;
}
