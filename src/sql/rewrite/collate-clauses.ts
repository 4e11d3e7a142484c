import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Collations that order and compare by code point, as DuckDB's default does. */
const binaryCollations = new Set(['default', 'C', 'POSIX', 'ucs_basic', 'C.UTF-8', 'C.utf8']);

/**
 * `x COLLATE "C"` and `x COLLATE pg_catalog.default` (psql puts the latter after every name
 * pattern) mean what DuckDB does anyway: compare by code point. DuckDB knows no collation of
 * those names, so the clause is dropped. Other collations are left for DuckDB to refuse.
 */
export const rewriteCollateClauses: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    CollateClause(path: AstPath) {
      const clause = path.node as AstFields;
      const names = ((clause.collname ?? []) as AstNode[]).map((n) => n.String?.sval as string);
      const name = names[names.length - 1];
      if (!binaryCollations.has(name) || (names.length === 2 && names[0] !== 'pg_catalog')) return;
      if (path.tag !== 'CollateClause' || !clause.arg) return;
      replaceNode(path, clause.arg as AstNode);
      changed = true;
    },
  });
  return { stmt, changed };
};
