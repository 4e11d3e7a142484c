import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `SELECT … FOR UPDATE / FOR SHARE [NOWAIT | SKIP LOCKED]` runs without its locking clause.
 * DuckDB has no row locks: its transactions are optimistic, so the row a client meant to
 * lock is protected differently — a concurrent transaction that writes it first makes this
 * transaction's own later write fail with 40001 instead of waiting (docs/sql.md,
 * "Transactions"). ORMs and job queues send these clauses routinely.
 */
export const dropLockingClauses: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      const f = path.node as AstFields;
      if (!f.lockingClause) return;
      delete f.lockingClause;
      changed = true;
    },
  });
  return { stmt, changed };
};
