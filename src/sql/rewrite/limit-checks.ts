import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * A negative constant LIMIT or OFFSET fails as in Postgres (2201W / 2201X). DuckDB reports
 * both as one binder error, so the two cases are told apart here on the AST. Changes nothing.
 */
export const checkLimitOffset: Rewrite = (stmt) => {
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      const f = path.node as AstFields;
      const count = constValue(f.limitCount as AstNode | undefined);
      if (typeof count === 'number' && count < 0) throw new PgError(SqlStates.invalid_row_count_in_limit_clause, 'LIMIT must not be negative');
      const offset = constValue(f.limitOffset as AstNode | undefined);
      if (typeof offset === 'number' && offset < 0) throw new PgError(SqlStates.invalid_row_count_in_result_offset_clause, 'OFFSET must not be negative');
    },
  });
  return { stmt, changed: false };
};
