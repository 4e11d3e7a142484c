import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `INSERT INTO t VALUES (1)` into a table of three columns: Postgres fills the first columns
 * in order and gives the rest their defaults; DuckDB wants a value for every column. Rows of
 * VALUES shorter than the writable table get the column list Postgres implies (the first n
 * columns, n the longest row), so the rest take their defaults in DuckDB too.
 */
export const rewriteInsertImplicitColumns: Rewrite = (stmt, ctx) => {
  const f = stmt.InsertStmt as AstFields | undefined;
  const rel = f?.relation as AstFields | undefined;
  const rows = ((f?.selectStmt as AstNode | undefined)?.SelectStmt?.valuesLists ?? []) as AstNode[];
  if (!f || !rel || (f.cols as unknown[] | undefined)?.length || rows.length === 0 || rel.catalogname) return { stmt, changed: false };
  const schema = (rel.schemaname as string | undefined) ?? 'public';
  const columns = ctx.resolver.writableTable(schema, rel.relname as string);
  if (!columns) return { stmt, changed: false };
  const width = Math.max(...rows.map((r) => ((r.List?.items ?? []) as unknown[]).length));
  if (width >= columns.length) return { stmt, changed: false };
  f.cols = columns.slice(0, width).map((c) => ({ ResTarget: { name: c.name, location: -1 } }));
  return { stmt, changed: true };
};
