import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import type { AstNode } from './ast.js';

/**
 * The key columns of a CREATE INDEX statement as DuckDB records it (duckdb_indexes().sql):
 * a column's name, or an expression's text. Null when the text is not Postgres grammar.
 */
export function indexKeyColumns(sql: string): string[] | null {
  try {
    const parsed = parseSync(sql) as { stmts?: { stmt: AstNode }[] };
    const params = parsed.stmts?.[0]?.stmt.IndexStmt?.indexParams as AstNode[] | undefined;
    if (!params) return null;
    return params.map((p) => {
      const e = p.IndexElem;
      return (e?.name as string | undefined) ?? deparseSync(e?.expr as AstNode);
    });
  } catch {
    return null;
  }
}
