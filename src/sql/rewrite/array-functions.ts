import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Postgres array functions jammi answers with its own macros, by the argument counts they take. */
const arities: Record<string, readonly number[]> = {
  array_length: [2],
  array_lower: [2],
  array_upper: [2],
  array_ndims: [1],
  array_dims: [1],
  cardinality: [1],
  array_positions: [2],
  array_remove: [2],
  array_append: [2],
  array_prepend: [2],
  array_cat: [2],
  array_to_string: [2, 3],
  string_to_array: [2, 3],
};

/**
 * DuckDB has most of Postgres's array functions under the same names with other types or
 * NULL rules: `array_length` is bigint and 0 for `{}` (Postgres: int4, NULL),
 * `cardinality` is for maps, `array_to_string` has no null string, `string_to_array('')`
 * is `{""}`. The calls go to jammi's macros (src/engine/pg-functions/arrays.ts) instead.
 * Runs after nameResultColumns, so the column keeps the function's name.
 * @see https://www.postgresql.org/docs/15/functions-array.html
 */
export const rewriteArrayFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]) ?? '';
      const argc = ((f.args as unknown[] | undefined) ?? []).length;
      if (!arities[name]?.includes(argc) || f.agg_star || f.over) return;
      f.funcname = pgFunctionName(name).map((sval) => ({ String: { sval } }));
      changed = true;
    },
  });
  return { stmt, changed };
};
