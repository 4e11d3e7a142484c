import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import { quoteIdent } from '../../engine/index.js';
import { PgError, SqlStates } from '../../errors/index.js';
import type { EmbeddingTableInfo } from '../resolver.js';
import type { Rewrite } from './rewrite.types.js';
import { tableSearchSubquery, writableSearchTarget } from './vector-search-tables.js';

/** A literal or a bound parameter (`$n`, 1-based). */
export type SearchArg<T> = { value: T } | { param: number };

/** One `vector_search(…)` call found in FROM: the hits relation replaces `placeholder` at execution. */
export interface VectorSearchCall {
  placeholder: string;
  table: EmbeddingTableInfo;
  query: SearchArg<string>;
  /**
   * The query is a vector (`$1::real[]`, `'[…]'::vector`, `ARRAY[…]`), not text to embed. A text
   * query sent as a parameter is a vector too when its declared type is an array or `vector`.
   */
  queryIsVector: boolean;
  k: SearchArg<number>;
  /** `ef => n`: the HNSW candidate list size for this search (default: the table's ef_search). */
  ef?: SearchArg<number>;
  /**
   * Conjuncts of the enclosing WHERE (`vector_search` the only FROM item) and of `filter =>`
   * pushed into the search: each over the source's table with unqualified column names, and
   * the columns it names (all the source's).
   */
  filters?: SearchFilter[];
  /**
   * The keys of the source's rows the filters keep (one column, the key's own type), as a DuckDB
   * query that may use the statement's parameters: set by the planner from `filters`. The
   * searcher searches among them.
   */
  filterSql?: string;
}

/** One pushed-down WHERE conjunct, over the source's table with unqualified column names. */
export interface SearchFilter {
  ast: AstNode;
  /** The conjunct as written (Postgres SQL; for messages and tests). */
  sql: string;
  columns: string[];
}

/** The name a search's hits relation has in the planned SQL until the session renders the hits. */
export const hitsPlaceholder = (i: number) => `jammi_search_hits_${i}`;

/** The columns the hits relation must have (the session renders it as VALUES with these names). */
export const HITS_COLUMNS = ['_row_id', '_source_id', 'similarity', '_key'] as const;

const bad = (msg: string) => new PgError(SqlStates.invalid_parameter_value, msg);

function argOf(node: AstNode | undefined, what: string): SearchArg<string | number> {
  if (node?.ParamRef) return { param: node.ParamRef.number as number };
  const v = constValue(node);
  if (typeof v === 'string' || typeof v === 'number') return { value: v };
  throw new PgError(SqlStates.feature_not_supported, `vector_search: ${what} must be a constant or a parameter`);
}

/** Type names a query cast to makes it a vector: pgvector's `vector`, or an array of numbers. */
const VECTOR_TYPES = new Set(['vector', 'float4', 'float8', 'real', 'double precision', 'numeric', 'int4', 'int8', 'int2', 'integer', 'bigint', 'smallint']);

/** The query argument: text, or a vector (a cast to a vector type, or ARRAY[numbers]). */
function queryOf(node: AstNode | undefined): { arg: SearchArg<string>; vector: boolean } {
  const cast = node?.TypeCast as AstFields | undefined;
  if (cast) {
    const tn = cast.typeName as AstFields;
    const name = nameList((tn.names ?? []) as AstNode[]).filter((n) => n !== 'pg_catalog').join(' ');
    const isVector = name === 'vector' || (Boolean(tn.arrayBounds) && VECTOR_TYPES.has(name));
    if (!isVector && !['text', 'varchar'].includes(name)) throw bad(`vector_search: query must be text or a vector, not ${name}${tn.arrayBounds ? '[]' : ''}`);
    const inner = queryOf(cast.arg as AstNode);
    return { arg: inner.arg, vector: isVector || inner.vector };
  }
  const arr = node?.A_ArrayExpr as AstFields | undefined;
  if (arr) {
    const items = ((arr.elements ?? []) as AstNode[]).map((e) => constValue(e));
    if (!items.every((x) => typeof x === 'number')) throw new PgError(SqlStates.feature_not_supported, 'vector_search: an ARRAY query must list numeric constants', { hint: 'Send the vector as a parameter ($1::real[]) instead.' });
    return { arg: { value: `[${items.join(',')}]` }, vector: true };
  }
  const a = argOf(node, 'query');
  if ('value' in a && typeof a.value !== 'string') throw bad('vector_search: query must be text or a vector');
  return { arg: a as SearchArg<string>, vector: false };
}

/** The arguments of a call, positional (source, query, k) or named (`source =>`, `table =>`, `ef =>`, `filter =>`…). */
function callArgs(args: readonly AstNode[]): Map<string, AstNode> {
  const names = ['source', 'query', 'k'];
  const known = new Set([...names, 'table', 'ef', 'filter']);
  const out = new Map<string, AstNode>();
  args.forEach((a, i) => {
    const named = a.NamedArgExpr as AstFields | undefined;
    // `table` is a reserved word (written "table" => …); table_name is the unquoted spelling.
    const given = named ? (named.name as string) : names[i];
    const name = given === 'table_name' ? 'table' : given;
    if (!named && out.size > i) throw new PgError(SqlStates.syntax_error, 'vector_search: positional arguments cannot follow named ones');
    if (name === undefined) throw new PgError(SqlStates.undefined_function, `vector_search takes at most 3 positional arguments (source, query, k), got ${args.length}`, { hint: 'Name the others: table => …, ef => …, filter => ….' });
    if (!known.has(name)) throw new PgError(SqlStates.undefined_function, `vector_search has no parameter named "${name}"`, { hint: 'Parameters: source, query, k, "table" (or table_name), ef, filter.' });
    if (out.has(name)) throw new PgError(SqlStates.syntax_error, `vector_search: argument "${name}" given twice`);
    out.set(name, named ? (named.arg as AstNode) : a);
  });
  for (const n of names) if (!out.has(n)) throw new PgError(SqlStates.undefined_function, `vector_search: missing argument "${n}"`, { hint: 'vector_search(source, query, k [, table => …, ef => …, filter => …]).' });
  return out;
}

/** Check ef (1 … 4096), as a literal at planning or a parameter's value at execution. */
export function checkEf(ef: unknown): number {
  const n = typeof ef === 'string' && /^\s*\d+\s*$/.test(ef) ? Number(ef) : ef;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 4096) throw bad(`vector_search: ef must be an integer from 1 to 4096, got ${JSON.stringify(ef)}`);
  return n;
}

/** `filter => 'year > 2020'`: the text parsed as one boolean expression (42601 otherwise). */
function filterExpr(node: AstNode): AstNode {
  const text = constValue(node);
  if (typeof text !== 'string') throw new PgError(SqlStates.feature_not_supported, 'vector_search: filter must be a string constant', { hint: "filter => 'year > 2020'; or write the condition in WHERE." });
  let stmts: { stmt: AstNode }[];
  try {
    stmts = (parseSync(`SELECT 1 WHERE ${text}`) as { stmts: { stmt: AstNode }[] }).stmts;
  } catch (e) {
    throw new PgError(SqlStates.syntax_error, `vector_search: filter is not a valid condition: ${(e as Error).message}`);
  }
  const sel = stmts.length === 1 ? (stmts[0].stmt.SelectStmt as AstFields | undefined) : undefined;
  const keys = sel ? Object.keys(sel).filter((k) => !['targetList', 'whereClause', 'limitOption', 'op'].includes(k)) : ['x'];
  if (!sel?.whereClause || keys.length) throw new PgError(SqlStates.syntax_error, `vector_search: filter must be one condition, got ${JSON.stringify(text)}`);
  return sel.whereClause as AstNode;
}

/** Names that are the hits' own columns, not the source's: a conjunct naming one is not pushed. */
const CONTRACT_COLUMNS = new Set(['_row_id', '_source_id', 'similarity', 'retrieved_by', 'annotated_by']);

/** Functions whose value changes from row to row or call to call: a conjunct calling one is not pushed (it would run twice). */
const VOLATILE = new Set(['random', 'setseed', 'nextval', 'setval', 'currval', 'lastval', 'gen_random_uuid', 'uuid_generate_v4', 'clock_timestamp', 'timeofday', 'pg_sleep']);

const andArgs = (e: AstNode): AstNode[] => (e.BoolExpr?.boolop === 'AND_EXPR' ? ((e.BoolExpr.args ?? []) as AstNode[]).flatMap(andArgs) : [e]);

/**
 * The conjunct over the source's table (alias-qualified names made unqualified), or null when
 * it cannot be pushed: it names something that is not one of the source's columns (an outer
 * column, another relation, a contract column, `*`), holds a subquery, or calls a volatile
 * function. Anything else — functions, casts, parameters — is pushed: the planner runs it
 * through the same rewrites as any statement (src/sql/search-filters.ts).
 */
function pushable(conjunct: AstNode, alias: string, sourceColumns: ReadonlySet<string>): SearchFilter | null {
  const copy = structuredClone(conjunct);
  const columns = new Set<string>();
  let ok = true;
  traverse(copy, {
    SubLink() {
      ok = false;
      return false;
    },
    FuncCall(p: AstPath) {
      const name = nameList((p.node.funcname ?? []) as AstNode[]);
      if (VOLATILE.has(name[name.length - 1]) || p.node.over) ok = false;
    },
    ColumnRef(p: AstPath) {
      const fields = (p.node.fields ?? []) as AstNode[];
      const names = fields.map((f) => f.String?.sval as string | undefined);
      if (names.some((x) => x === undefined)) return void (ok = false);
      let col: string;
      if (names.length === 1) col = names[0] as string;
      else if (names.length === 2 && names[0] === alias) col = names[1] as string;
      else return void (ok = false);
      if (CONTRACT_COLUMNS.has(col) || !sourceColumns.has(col)) ok = false;
      columns.add(col);
      p.node.fields = [fields[fields.length - 1]];
    },
  });
  if (!ok || columns.size === 0) return null;
  return { ast: copy, sql: deparseSync(copy, { pretty: false }), columns: [...columns] };
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
 * h.similarity FROM <source> s JOIN jammi_search_hits_<i> h ON s.<key> = h._key
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
      const args = callArgs((call.args ?? []) as AstNode[]);
      const source = argOf(args.get('source'), 'source');
      if (!('value' in source) || typeof source.value !== 'string') throw new PgError(SqlStates.feature_not_supported, 'vector_search: source must be a string constant');
      const query = queryOf(args.get('query'));
      const k = argOf(args.get('k'), 'k');
      if ('value' in k) checkK(k.value);
      const efNode = args.get('ef');
      const ef = efNode ? argOf(efNode, 'ef') : undefined;
      if (ef && 'value' in ef) checkEf(ef.value);
      const alias = (rf.alias as AstFields | undefined) ?? { aliasname: 'vector_search' };
      // filter => '…': applied to the search's rows (inside the subquery) and pushed into the search.
      const filterNode = args.get('filter');
      const filter = filterNode ? filterExpr(filterNode) : undefined;
      /** Conjuncts of `filter =>` and (when the call is its SELECT's only FROM item) of the WHERE, over `columns`. */
      const pushedOver = (columns: ReadonlySet<string>, filterAlias: string): SearchFilter[] => {
        const out = filter ? andArgs(filter).flatMap((c) => pushable(c, filterAlias, columns) ?? []) : [];
        const sel = path.parent;
        const from = sel?.tag === 'SelectStmt' ? (sel.node.fromClause as AstNode[] | undefined) : undefined;
        if (sel && from?.length === 1 && path.container === from && sel.node.whereClause) {
          out.push(...andArgs(sel.node.whereClause as AstNode).flatMap((c) => pushable(c, alias.aliasname as string, columns) ?? []));
        }
        return out;
      };
      const writable = writableSearchTarget(ctx, source.value);
      if (writable) {
        // A writable table with a pgvector column: an exact search in SQL, the filters inside it.
        const filters = pushedOver(new Set(writable.columns), 't').map((f) => f.ast);
        const subquery = tableSearchSubquery(writable, args.get('query') as AstNode, args.get('k') as AstNode, filters);
        path.replaceWith({ RangeSubselect: { lateral: rf.lateral, subquery, alias } });
        changed = true;
        return false;
      }
      const tableNode = args.get('table');
      const tableName = tableNode ? constValue(tableNode) : undefined;
      if (tableNode && typeof tableName !== 'string') throw new PgError(SqlStates.feature_not_supported, 'vector_search: table must be a string constant');
      if (!ctx.resolver.embeddingTable) throw new PgError(SqlStates.feature_not_supported, 'vector_search is not available here');
      const table = ctx.resolver.embeddingTable(source.value, tableName as string | undefined);
      if (!table) {
        throw new PgError(SqlStates.object_not_in_prerequisite_state, `source "${source.value}" has no ready embedding table`, {
          hint: `Create one with SELECT * FROM jammi.create_embedding_table('${source.value}', '<key column>', '<text column>', 'hash-384').`,
        });
      }
      const searches = (ctx.searches ??= []);
      const placeholder = hitsPlaceholder(searches.length);
      const found: VectorSearchCall = { placeholder, table, query: query.arg, queryIsVector: query.vector, k: k as SearchArg<number> };
      if (ef) found.ef = ef as SearchArg<number>;
      const filters = pushedOver(new Set(table.columns), 's');
      if (filters.length) found.filters = filters;
      searches.push(found);
      const v = table.view;
      const sql =
        `SELECT s.*, h._row_id, h._source_id, CAST(ARRAY['vector'] AS TEXT[]) AS retrieved_by, CAST(ARRAY[] AS TEXT[]) AS annotated_by, CAST(h.similarity AS REAL) AS similarity ` +
        `FROM ${quoteIdent(v.catalog)}.${quoteIdent(v.schema)}.${quoteIdent(v.table)} AS s JOIN ${placeholder} AS h ON s.${quoteIdent(table.keyColumn)} = h._key ` +
        `ORDER BY h.similarity DESC, h._row_id`;
      const subquery = (parseSync(sql) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
      if (filter) (subquery.SelectStmt as AstFields).whereClause = filter;
      path.replaceWith({ RangeSubselect: { lateral: rf.lateral, subquery, alias } });
      changed = true;
      return false;
    },
  });
  return { stmt, changed };
};
