import { parseSync } from 'libpg-query';
import type { AstFields, AstNode } from '../ast.js';
import type { VectorIndexMeta } from '../ddl/table-meta.js';
import { builtinOperator, builtinTypeName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';
import type { SearchArg } from './vector-search.js';

/** The HNSW metric (src/index) each pgvector operator orders by, and the operator class that serves it. */
const OPERATORS: Record<string, { metric: 'l2sq' | 'cosine' | 'ip'; opclass: VectorIndexMeta['opclass'] }> = {
  '<->': { metric: 'l2sq', opclass: 'vector_l2_ops' },
  '<=>': { metric: 'cosine', opclass: 'vector_cosine_ops' },
  '<#>': { metric: 'ip', opclass: 'vector_ip_ops' },
};

/** The index a statement is planned onto: where its table is and how its graph is built. */
export interface VectorIndexTarget extends VectorIndexMeta {
  /** DuckDB schema (`main` for public) and table. */
  schema: string;
  table: string;
  metric: 'l2sq' | 'cosine' | 'ip';
}

/**
 * `SELECT … FROM t ORDER BY col <op> q LIMIT k` planned onto an HNSW index: at execution the
 * session asks the index for candidate keys and puts them in place of `placeholder`.
 */
export interface VectorIndexScan {
  placeholder: string;
  index: VectorIndexTarget;
  /** pgvector's text `[1,2,3]`, as a literal or a parameter. */
  query: SearchArg<string>;
  limit: SearchArg<number>;
  /** A constant OFFSET (0 without one): the index must find limit + offset rows. */
  offset: number;
}

/** The relation of candidate keys in the planned SQL until the session renders them; its one column is KEY_COLUMN. */
export const scanPlaceholder = (i: number) => `jammi_ann_keys_${i}`;
export const KEY_COLUMN = 'jammi_ann_key';

/** A literal or parameter, possibly cast to vector: pgvector's query operand. */
function queryArg(e: AstNode | undefined): SearchArg<string> | null {
  let node = e;
  if (node?.TypeCast) {
    if (builtinTypeName(node.TypeCast.typeName as AstFields) !== 'vector' || (node.TypeCast.typeName as AstFields).arrayBounds) return null;
    node = node.TypeCast.arg as AstNode;
  }
  if (node?.ParamRef) return { param: node.ParamRef.number as number };
  const s = node?.A_Const?.sval?.sval;
  return typeof s === 'string' ? { value: s } : null;
}

/** A column reference to `column` of the FROM item (bare, or qualified by its alias or name). */
function isColumn(e: AstNode | undefined, column: string, qualifier: string): boolean {
  const names = ((e?.ColumnRef?.fields ?? []) as AstNode[]).map((f) => f.String?.sval as string | undefined);
  if (names.length === 1) return names[0] === column;
  return names.length === 2 && names[0] === qualifier && names[1] === column;
}

function intConst(e: AstNode | undefined): number | null {
  const v = e?.A_Const?.ival;
  if (v === undefined) return null;
  const n = (v as { ival?: number }).ival ?? 0;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Any window function (`… OVER (…)`) in the select list: it would see only the candidate rows. */
function hasWindow(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasWindow);
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  if (o.FuncCall && (o.FuncCall as AstFields).over) return true;
  return Object.values(o).some(hasWindow);
}

/** The ORDER BY key: an expression, or the select-list expression an output name stands for. */
function sortExpression(sort: AstFields, targets: AstNode[]): AstNode | undefined {
  const node = sort.node as AstNode;
  const names = ((node.ColumnRef?.fields ?? []) as AstNode[]).map((f) => f.String?.sval as string | undefined);
  if (names.length === 1) {
    const t = targets.find((x) => x.ResTarget?.name === names[0]);
    if (t) return t.ResTarget!.val as AstNode;
  }
  return node;
}

/**
 * pgvector's nearest-neighbour query on a writable table with an HNSW index —
 * `SELECT … FROM t ORDER BY col <op> q LIMIT k [OFFSET n]` with `q` a literal, a parameter or
 * either cast to vector, and `<op>` the one the index's operator class serves — gets the
 * conjunct `WHERE t.<key> IN (SELECT jammi_ann_key FROM jammi_ann_keys_<i>)` and is recorded in
 * `ctx.vectorScans`; the ORDER BY stays, so the rows the index proposes are ranked by their
 * exact distances. The session renders the candidate keys at execution, or runs the statement
 * planned without this rewrite (an exact scan) when the index cannot answer. Only the top-level
 * SELECT is matched, and only in the shape where the candidates cannot change the answer's
 * size: one table, no WHERE, GROUP BY, DISTINCT, window functions, set operations, CTEs or
 * locking. A WHERE clause is left to the exact scan (results are never fewer than k when k
 * rows qualify).
 */
export const rewriteVectorIndexScan: Rewrite = (stmt, ctx) => {
  const f = stmt.SelectStmt as AstFields | undefined;
  const meta = ctx.resolver.tableDdl;
  if (!f || !meta || (f.op && f.op !== 'SETOP_NONE') || f.intoClause || f.whereClause || f.groupClause || f.havingClause || f.distinctClause || f.windowClause || f.withClause || f.lockingClause || f.valuesLists) return { stmt, changed: false };
  const from = (f.fromClause ?? []) as AstNode[];
  const rv = from.length === 1 ? from[0].RangeVar : undefined;
  const sorts = (f.sortClause ?? []) as AstNode[];
  if (!rv || rv.catalogname || rv.relpersistence === 't' || !sorts.length || !f.limitCount || (f.limitOption && f.limitOption !== 'LIMIT_OPTION_COUNT' && f.limitOption !== 'LIMIT_OPTION_DEFAULT')) return { stmt, changed: false };
  const targets = (f.targetList ?? []) as AstNode[];
  if (hasWindow(targets)) return { stmt, changed: false };
  const schema = !rv.schemaname || rv.schemaname === 'public' ? 'main' : (rv.schemaname as string);
  const table = rv.relname as string;
  const indexes = meta.get(schema, table)?.vectorIndexes;
  if (!indexes?.length) return { stmt, changed: false };
  const sort = sorts[0].SortBy as AstFields;
  if ((sort.sortby_dir && sort.sortby_dir !== 'SORTBY_DEFAULT' && sort.sortby_dir !== 'SORTBY_ASC') || (sort.sortby_nulls && sort.sortby_nulls !== 'SORTBY_NULLS_DEFAULT' && sort.sortby_nulls !== 'SORTBY_NULLS_LAST')) return { stmt, changed: false };
  const e = sortExpression(sort, targets)?.A_Expr as AstFields | undefined;
  const op = e ? OPERATORS[builtinOperator(e) ?? ''] : undefined;
  if (!e || !op) return { stmt, changed: false };
  const qualifier = ((rv.alias as AstFields | undefined)?.aliasname as string | undefined) ?? table;
  const index = indexes.find((ix) => ix.opclass === op.opclass && (isColumn(e.lexpr as AstNode, ix.column, qualifier) || isColumn(e.rexpr as AstNode, ix.column, qualifier)));
  if (!index) return { stmt, changed: false };
  const query = queryArg((isColumn(e.lexpr as AstNode, index.column, qualifier) ? e.rexpr : e.lexpr) as AstNode);
  const limitParam = (f.limitCount as AstNode).ParamRef?.number as number | undefined;
  const limitValue = intConst(f.limitCount as AstNode);
  const offset = f.limitOffset ? intConst(f.limitOffset as AstNode) : 0;
  if (!query || offset === null || (limitParam === undefined && limitValue === null)) return { stmt, changed: false };
  const scans = (ctx.vectorScans ??= []);
  const placeholder = scanPlaceholder(scans.length);
  scans.push({ placeholder, index: { ...index, schema, table, metric: op.metric }, query, limit: limitParam !== undefined ? { param: limitParam } : { value: limitValue! }, offset });
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const probe = parseSync(`SELECT 1 WHERE ${ident(qualifier)}.${ident(index.key)} IN (SELECT ${KEY_COLUMN} FROM ${placeholder})`) as { stmts: { stmt: AstNode }[] };
  f.whereClause = (probe.stmts[0].stmt.SelectStmt as AstFields).whereClause;
  return { stmt, changed: true };
};
