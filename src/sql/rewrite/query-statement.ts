import { type AstNode, tagOf } from '../ast.js';

const queryTags = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'CreateTableAsStmt', 'ExplainStmt', 'ViewStmt']);

/**
 * Whether a statement's expressions compute query values (a query, DML, or a view, which is a
 * stored query), so they get Postgres's numeric semantics through jammi's compatibility
 * functions. A view then depends on the compatibility catalog, which jammi attaches at every
 * start before any query; column defaults and other DDL expressions keep DuckDB's arithmetic.
 */
export const isQueryStatement = (stmt: AstNode): boolean => queryTags.has(tagOf(stmt));
