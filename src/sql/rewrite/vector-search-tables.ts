import { parseSync } from 'libpg-query';
import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { engineSchema } from '../ddl/table-meta.js';
import { quoteIdentPg } from '../../engine/index.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { PgOid } from '../../types/index.js';
import type { RewriteContext } from './rewrite.types.js';

/** A writable table `vector_search` runs over: its vector column and its key. */
export interface TableSearchTarget {
  /** The name as the call gave it (the rows' `_source_id`). */
  name: string;
  schema: string;
  table: string;
  vectorColumn: string;
  key: string;
  columns: string[];
}

/**
 * The writable table `name` (`t` or `schema.t`) names, when it is not a source: its one
 * `vector(n)` column and its single-column primary key (the rows' `_row_id`). Null when `name`
 * is a source or no writable table; 42703 without a vector column, 42702 with several, 0A000
 * without a single-column primary key.
 */
export function writableSearchTarget(ctx: RewriteContext, name: string): TableSearchTarget | null {
  if (ctx.resolver.isSource(name)) return null;
  const parts = name.split('.');
  if (parts.length > 2) return null;
  const [schema, table] = parts.length === 2 ? parts : ['public', parts[0]];
  const columns = ctx.resolver.writableTable(schema, table);
  if (!columns) return null;
  const vectors = columns.filter((c) => c.oid === PgOid.vector);
  if (vectors.length === 0) throw new PgError(SqlStates.undefined_column, `table "${name}" has no vector column for vector_search`, { hint: 'Declare one with the type vector(n) (pgvector).' });
  if (vectors.length > 1) throw new PgError(SqlStates.ambiguous_column, `table "${name}" has several vector columns (${vectors.map((c) => c.name).join(', ')}); vector_search needs exactly one`);
  const pk = ctx.resolver.tableDdl?.get(engineSchema(schema), table)?.constraints.find((c) => c.kind === 'primary');
  if (pk?.columns.length !== 1) {
    throw new PgError(SqlStates.feature_not_supported, `vector_search over table "${name}" needs a single-column primary key`, { hint: "The key is each row's _row_id." });
  }
  return { name, schema, table, vectorColumn: vectors[0].name, key: pk.columns[0], columns: columns.map((c) => c.name) };
}

/**
 * `vector_search` over a writable table with a pgvector column, as an exact search in SQL:
 * `(SELECT t.*, <key>::text AS _row_id, <name> AS _source_id, {vector}, {},
 * (1 − (t.v <=> q))::real AS similarity FROM t WHERE t.v IS NOT NULL [AND pushed conjuncts]
 * ORDER BY t.v <=> q, _row_id LIMIT k)`. The pushed conjuncts (the WHERE's and `filter =>`'s,
 * over the table's columns) filter before the LIMIT, so k rows come back whenever k qualify;
 * the rest of jammi's rewrites (pgvector's operators, the table's location) apply after this one.
 */
export function tableSearchSubquery(t: TableSearchTarget, query: AstNode, k: AstNode, filters: readonly AstNode[]): AstNode {
  const v = `t.${quoteIdentPg(t.vectorColumn)}`;
  const key = `CAST(t.${quoteIdentPg(t.key)} AS text)`;
  const distance = `${v} <=> CAST(jammi_search_query AS vector)`;
  const sql =
    `SELECT t.*, ${key} AS _row_id, ${quoteLiteralPg(t.name)} AS _source_id, CAST(ARRAY['vector'] AS text[]) AS retrieved_by, CAST('{}' AS text[]) AS annotated_by, ` +
    `CAST(1 - (${distance}) AS real) AS similarity FROM ${quoteIdentPg(t.schema)}.${quoteIdentPg(t.table)} AS t WHERE ${v} IS NOT NULL ORDER BY ${distance}, ${key} LIMIT jammi_search_k`;
  const stmt = (parseSync(sql) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
  traverse(stmt, {
    ColumnRef(p: AstPath) {
      const f = ((p.node.fields ?? []) as AstNode[]).map((x) => x.String?.sval);
      if (f.length !== 1) return;
      if (f[0] === 'jammi_search_query') p.replaceWith(structuredClone(query));
      else if (f[0] === 'jammi_search_k') p.replaceWith(structuredClone(k));
    },
  });
  const sel = stmt.SelectStmt as AstFields;
  if (filters.length) sel.whereClause = { BoolExpr: { boolop: 'AND_EXPR', args: [sel.whereClause, ...filters.map((f) => structuredClone(f))] } };
  return stmt;
}

const quoteLiteralPg = (s: string) => `'${s.replace(/'/g, "''")}'`;
