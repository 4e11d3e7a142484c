import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import { quoteIdent } from '../../engine/index.js';
import { PgError, SqlStates } from '../../errors/index.js';
import type { EmbeddingTableInfo } from '../resolver.js';
import type { Rewrite } from './rewrite.types.js';

/** A literal or a bound parameter (`$n`, 1-based). */
export type SearchArg<T> = { value: T } | { param: number };

/** One `vector_search(…)` call found in FROM: the hits relation replaces `placeholder` at execution. */
export interface VectorSearchCall {
  placeholder: string;
  table: EmbeddingTableInfo;
  query: SearchArg<string>;
  k: SearchArg<number>;
  /**
   * Conjuncts of the enclosing WHERE pushed into the search (`vector_search` the only FROM
   * item): each as SQL over the source's table with unqualified column names, and the columns
   * it names. The searcher keeps those whose columns are all the source's (an unqualified
   * name may be an outer column otherwise) and searches among the rows they keep.
   */
  filters?: SearchFilter[];
}

/** One pushed-down WHERE conjunct. */
export interface SearchFilter {
  sql: string;
  columns: string[];
}

/** The name a search's hits relation has in the planned SQL until the session renders the hits. */
export const hitsPlaceholder = (i: number) => `jammi_search_hits_${i}`;

/** The columns the hits relation must have (the session renders it as VALUES with these names). */
export const HITS_COLUMNS = ['_row_id', '_source_id', 'similarity'] as const;

const bad = (msg: string) => new PgError(SqlStates.invalid_parameter_value, msg);

function argOf(node: AstNode | undefined, what: string): SearchArg<string | number> {
  if (node?.NamedArgExpr) throw new PgError(SqlStates.feature_not_supported, `vector_search: named arguments are not supported yet`);
  if (node?.ParamRef) return { param: node.ParamRef.number as number };
  const v = constValue(node);
  if (typeof v === 'string' || typeof v === 'number') return { value: v };
  throw new PgError(SqlStates.feature_not_supported, `vector_search: ${what} must be a constant or a parameter`);
}

/** Names that are the hits' own columns, not the source's: a conjunct naming one is not pushed. */
const CONTRACT_COLUMNS = new Set(['_row_id', '_source_id', 'similarity', 'retrieved_by', 'annotated_by']);

/**
 * What a pushed conjunct may contain. The filter runs in DuckDB as deparsed, without jammi's
 * other rewrites, so only forms whose Postgres and DuckDB meanings agree are pushed: columns,
 * constants, comparisons, `+ - * %`, IN lists, BETWEEN, LIKE/ILIKE without backslashes,
 * IS [NOT] NULL, AND/OR/NOT. (No function calls, casts, subqueries or parameters.)
 */
const PUSHABLE_TAGS = new Set(['ColumnRef', 'String', 'A_Const', 'Integer', 'Float', 'Boolean', 'A_Expr', 'BoolExpr', 'NullTest', 'List']);
const PUSHABLE_OPS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '+', '-', '*', '%', '~~', '!~~', '~~*', '!~~*']);
const PUSHABLE_KINDS = new Set(['AEXPR_OP', 'AEXPR_IN', 'AEXPR_BETWEEN', 'AEXPR_NOT_BETWEEN', 'AEXPR_LIKE', 'AEXPR_ILIKE']);

function simpleEnough(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(simpleEnough);
  if (v === null || typeof v !== 'object') return true;
  for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
    const code = key.charCodeAt(0);
    if (code >= 65 && code <= 90) {
      if (!PUSHABLE_TAGS.has(key)) return false;
      if (key === 'A_Expr') {
        const e = child as AstFields;
        const kind = e.kind as string;
        if (!PUSHABLE_KINDS.has(kind)) return false;
        const op = nameList((e.name ?? []) as AstNode[]);
        if (kind !== 'AEXPR_IN' && !kind.includes('BETWEEN') && !(op.length === 1 && PUSHABLE_OPS.has(op[0]))) return false;
        const pattern = constValue(e.rexpr as AstNode);
        if ((kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') && (typeof pattern !== 'string' || pattern.includes('\\'))) return false;
      }
    }
    if (!simpleEnough(child)) return false;
  }
  return true;
}

const andArgs = (e: AstNode): AstNode[] => (e.BoolExpr?.boolop === 'AND_EXPR' ? ((e.BoolExpr.args ?? []) as AstNode[]).flatMap(andArgs) : [e]);

/**
 * The conjunct as SQL over the source's table (alias-qualified names made unqualified), or null
 * when it cannot be pushed: a form outside PUSHABLE_TAGS, `*`, a name qualified by another
 * relation, a contract column.
 */
function pushable(conjunct: AstNode, alias: string): SearchFilter | null {
  if (!simpleEnough(conjunct)) return null;
  const copy = structuredClone(conjunct);
  const columns = new Set<string>();
  let ok = true;
  traverse(copy, {
    ColumnRef(p: AstPath) {
      const fields = (p.node.fields ?? []) as AstNode[];
      const names = fields.map((f) => f.String?.sval as string | undefined);
      if (names.some((x) => x === undefined)) return void (ok = false);
      let col: string;
      if (names.length === 1) col = names[0] as string;
      else if (names.length === 2 && names[0] === alias) col = names[1] as string;
      else return void (ok = false);
      if (CONTRACT_COLUMNS.has(col)) ok = false;
      columns.add(col);
      p.node.fields = [fields[fields.length - 1]];
    },
  });
  if (!ok || columns.size === 0) return null;
  return { sql: deparseSync(copy, { pretty: false }), columns: [...columns] };
}

/** Check k (a literal at planning; a parameter's value at execution). */
export function checkK(k: unknown): number {
  const n = typeof k === 'string' && /^\s*[+-]?\d+\s*$/.test(k) ? Number(k) : k;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw bad(`vector_search: k must be an integer, got ${JSON.stringify(k)}`);
  if (n <= 0) throw new PgError(SqlStates.invalid_row_count_in_limit_clause, `vector_search: k must be positive, got ${n}`);
  return n;
}

/**
 * `vector_search(source, query, k)` (also `jammi.vector_search`) in FROM becomes a subquery
 * that joins the source's table with its hits (ARCHITECTURE.md, "Retrieval table functions"):
 * `(SELECT s.*, h._row_id, h._source_id, ['vector'] AS retrieved_by, [] AS annotated_by,
 * h.similarity FROM <source> s JOIN jammi_search_hits_<i> h ON CAST(s.<key> AS VARCHAR) = h._row_id
 * ORDER BY similarity DESC, _row_id)`. The hits are not known while planning: the call is
 * recorded in `ctx.searches`, and the session replaces the placeholder by the hits it computes
 * (src/search/vector-searcher.ts). When the call is its SELECT's only FROM item, the WHERE's
 * simple conjuncts over its columns are recorded too (`filters`: pushdown, so k rows come back
 * whenever k qualify); the WHERE stays. Runs early, next to rewriteSourceTables (its subquery
 * names the source's view itself).
 */
export const rewriteVectorSearch: Rewrite = (stmt, ctx) => {
  let changed = false;
  traverse(stmt, {
    RangeFunction(path: AstPath) {
      const rf = path.node;
      const fns = rf.functions as AstNode[] | undefined;
      if (fns?.length !== 1) return;
      const call = ((fns[0].List?.items ?? []) as AstNode[])[0]?.FuncCall;
      if (!call) return;
      const name = nameList(call.funcname as AstNode[]);
      if (!(name.length === 1 && name[0] === 'vector_search') && !(name.length === 2 && name[0] === 'jammi' && name[1] === 'vector_search')) return;
      if (rf.ordinality || rf.is_rowsfrom || rf.coldeflist) throw new PgError(SqlStates.feature_not_supported, 'vector_search: WITH ORDINALITY, ROWS FROM and column definitions are not supported');
      const args = (call.args ?? []) as AstNode[];
      if (args.length !== 3) throw new PgError(SqlStates.feature_not_supported, `vector_search takes (source, query, k) for now, got ${args.length} arguments`, { hint: 'The named arguments table, ef and filter are not supported yet.' });
      const source = argOf(args[0], 'source');
      if (!('value' in source) || typeof source.value !== 'string') throw new PgError(SqlStates.feature_not_supported, 'vector_search: source must be a string constant');
      const query = argOf(args[1], 'query');
      if ('value' in query && typeof query.value !== 'string') throw bad('vector_search: query must be text');
      const k = argOf(args[2], 'k');
      if ('value' in k) checkK(k.value);
      if (!ctx.resolver.embeddingTable) throw new PgError(SqlStates.feature_not_supported, 'vector_search is not available here');
      const table = ctx.resolver.embeddingTable(source.value);
      if (!table) {
        throw new PgError(SqlStates.object_not_in_prerequisite_state, `source "${source.value}" has no ready embedding table`, {
          hint: `Create one with SELECT * FROM jammi.create_embedding_table('${source.value}', '<key column>', '<text column>', 'hash-384').`,
        });
      }
      const searches = (ctx.searches ??= []);
      const placeholder = hitsPlaceholder(searches.length);
      const alias = (rf.alias as AstFields | undefined) ?? { aliasname: 'vector_search' };
      const found: VectorSearchCall = { placeholder, table, query: query as SearchArg<string>, k: k as SearchArg<number> };
      // Pushdown: the call is its SELECT's only FROM item and the SELECT has a WHERE.
      const sel = path.parent;
      const from = sel?.tag === 'SelectStmt' ? (sel.node.fromClause as AstNode[] | undefined) : undefined;
      if (sel && from?.length === 1 && path.container === from && sel.node.whereClause) {
        const filters = andArgs(sel.node.whereClause as AstNode).flatMap((c) => pushable(c, alias.aliasname as string) ?? []);
        if (filters.length) found.filters = filters;
      }
      searches.push(found);
      const v = table.view;
      const sql =
        `SELECT s.*, h._row_id, h._source_id, CAST(ARRAY['vector'] AS TEXT[]) AS retrieved_by, CAST(ARRAY[] AS TEXT[]) AS annotated_by, CAST(h.similarity AS REAL) AS similarity ` +
        `FROM ${quoteIdent(v.catalog)}.${quoteIdent(v.schema)}.${quoteIdent(v.table)} AS s JOIN ${placeholder} AS h ON CAST(s.${quoteIdent(table.keyColumn)} AS VARCHAR) = h._row_id ` +
        `ORDER BY h.similarity DESC, h._row_id`;
      const subquery = (parseSync(sql) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
      path.replaceWith({ RangeSubselect: { lateral: rf.lateral, subquery, alias } });
      changed = true;
      return false;
    },
  });
  return { stmt, changed };
};
