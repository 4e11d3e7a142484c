import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';
import { normalizeDatetimeLiteral, normalizeIntervalLiteral } from '../../types/datetime-input.js';

const datetimeTypes = new Set(['date', 'timestamp', 'timestamptz', 'time', 'timetz']);

/**
 * Date/time literals (`'03/15/2024'::date`, `DATE 'March 15, 2024'`, `'12:00+02'::timetz`,
 * `INTERVAL '+3 days'`) are read as Postgres reads them with DateStyle ISO, MDY, and
 * re-spelled in the ISO form DuckDB parses; an impossible date is 22008 as in Postgres.
 * @see https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-DATETIME-INPUT
 */
export const rewriteDatetimeLiterals: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const type = builtinTypeName(f.typeName as AstFields);
      const value = (f.arg as AstNode | undefined)?.A_Const?.sval?.sval as string | undefined;
      if (type === null || value === undefined || f.typeName?.arrayBounds) return;
      const normalized = type === 'interval' ? normalizeIntervalLiteral(value) : datetimeTypes.has(type) ? normalizeDatetimeLiteral(type, value) : null;
      if (normalized === null || normalized === value) return;
      (f.arg as AstNode).A_Const.sval.sval = normalized;
      changed = true;
    },
  });
  return { stmt, changed };
};
