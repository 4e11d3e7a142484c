import { USER_CATALOG } from '../engine/index.js';
import type { AstFields, AstNode } from './ast.js';

/** Statements DuckDB runs as written that may change a writable table (COMMENT ON, ALTER TYPE … ADD VALUE…) or what pg_catalog shows (views, schemas, types, sequences). */
const changing = new Set(['CommentStmt', 'AlterEnumStmt', 'AlterTableStmt', 'RenameStmt', 'AlterObjectSchemaStmt', 'IndexStmt', 'ViewStmt', 'CreateSchemaStmt', 'CreateEnumStmt', 'CreateSeqStmt', 'AlterSeqStmt', 'DropStmt']);

/**
 * Whether a statement that goes to DuckDB as it is may create or change a writable table, so
 * the registry is reconciled once it commits: CREATE TABLE AS and SELECT INTO of the user
 * catalog, and the statements above. (Jammi's own DDL programs say so in their plan.)
 */
export function changesTables(ast: AstNode): boolean {
  const into = (ast.CreateTableAsStmt?.into ?? ast.SelectStmt?.intoClause) as AstFields | undefined;
  if (into) {
    const rel = into.rel as AstFields;
    return rel.relpersistence !== 't' && (!rel.catalogname || rel.catalogname === USER_CATALOG);
  }
  return changing.has(Object.keys(ast)[0]);
}
