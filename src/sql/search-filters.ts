import { parseSync } from 'libpg-query';
import type { AstNode } from './ast.js';
import { quoteIdentPg } from '../engine/index.js';
import type { VectorSearchCall } from './rewrite/vector-search.js';

/**
 * Give each vector_search call with pushed-down conjuncts its `filterSql`: the keys of the
 * source's rows they keep, `SELECT <key> FROM <source>.<table> WHERE c1 AND …` (the key in its
 * own type: the searcher casts it to VARCHAR in DuckDB, as `_row_id` was made),
 * planned by `toSql` (the planner's full rewrite chain), so a conjunct with functions, casts
 * or parameters means in the search what it means in the WHERE it came from.
 */
export function planSearchFilters(calls: readonly VectorSearchCall[], toSql: (ast: AstNode) => string): void {
  for (const call of calls) {
    if (!call.filters?.length) continue;
    const t = call.table;
    const select = `SELECT ${quoteIdentPg(t.keyColumn)} FROM ${quoteIdentPg(t.view.schema)}.${quoteIdentPg(t.view.table)}`;
    const stmt = (parseSync(select) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
    const conjuncts = call.filters.map((f) => structuredClone(f.ast));
    (stmt.SelectStmt as Record<string, unknown>).whereClause = conjuncts.length === 1 ? conjuncts[0] : { BoolExpr: { boolop: 'AND_EXPR', args: conjuncts } };
    call.filterSql = toSql(stmt);
  }
}
