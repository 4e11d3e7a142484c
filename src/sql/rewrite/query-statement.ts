import { type AstNode, tagOf } from '../ast.js';

const queryTags = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'CreateTableAsStmt', 'ExplainStmt']);

/**
 * Whether a statement only computes values when it runs (a query or DML), so its expressions
 * may call jammi's compatibility functions: a stored definition (a view, a column default)
 * must not depend on the in-memory compatibility catalog.
 */
export const isQueryStatement = (stmt: AstNode): boolean => queryTags.has(tagOf(stmt));
