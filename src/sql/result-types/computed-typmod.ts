import type { HintRule } from './result-types.types.js';

/**
 * Postgres carries a typmod only through a column reference or a cast with one; any other
 * expression (a function, an operator, an aggregate, a CASE) reports typmod -1, even when
 * DuckDB's result type has a precision (`sum(n)` is DECIMAL(38,2) there, numeric -1 here).
 */
export const computedTypmod: HintRule = (expr) => {
  if (expr.ColumnRef || expr.TypeCast || expr.ParamRef) return undefined;
  return { typmod: -1 };
};
