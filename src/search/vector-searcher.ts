import { join } from 'node:path';
import { type Engine, type EngineParam, quoteLiteral } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { ExactIndex, openHnswIndex, RAW_VECTORS_FILE, RawVectors, type SearchHit, SidecarError, VectorIndexError, type VectorIndex } from '../index/index.js';
import type { Logger } from '../log/index.js';
import type { ModelRegistry } from '../models/index.js';
import { checkEf, checkK, type EmbeddingTableInfo, type SearchArg, type VectorSearchCall } from '../sql/index.js';
import { parseVectorText, PgOid } from '../types/index.js';

/** What computing a vector_search's hits needs from the server. */
export interface SearchDeps {
  engine: Engine;
  models: ModelRegistry;
  log: Logger;
}

/** An opened index; `fallback` says why it is exact search over data.parquet instead of the sidecar. */
interface OpenedIndex {
  index: VectorIndex;
  fallback: string | null;
}

/**
 * Indexes opened so far, one per embedding table (its Parquet path), shared by every session:
 * a sidecar is verified and memory-mapped once. A table's data is immutable once ready; its
 * sidecar changes only through rebuild_index, which records a new `built_at`: an entry opened
 * for another `built_at` is replaced (searches holding the old one finish with it; it is
 * unmapped when collected).
 */
const opened = new Map<string, OpenedEntry>();

const sqlLiteral = (v: string) => quoteLiteral(v);

function argValue(arg: SearchArg<string | number>, params: readonly EngineParam[], what: string): string | number {
  if ('value' in arg) return arg.value;
  const p = params[arg.param - 1];
  if (p === undefined) throw new PgError(SqlStates.protocol_violation, `vector_search: no value for parameter $${arg.param}`);
  if (p === null) throw new PgError(SqlStates.null_value_not_allowed, `vector_search: ${what} must not be null`);
  if (p.kind !== 'text') throw new PgError(SqlStates.feature_not_supported, `vector_search: a binary ${what} parameter is not supported yet`, { hint: 'Send the parameter in text format.' });
  return p.value;
}

interface OpenedEntry {
  builtAt: string;
  index: Promise<OpenedIndex>;
  /** `_row_id` of each row position of data.parquet, read once on first use (a hit's key is its position). */
  rowIds?: Promise<string[]>;
  /** The raw vectors file (vectors.f32), opened on first use; null when missing or of the wrong size. */
  raw?: Promise<RawVectors | null>;
  /** Row position of each `_row_id`, built from rowIds on the first filtered search. */
  positions?: Promise<Map<string, number>>;
}

/** The cache entry of `table`'s index, opened (once) for its current `built_at`. */
function entryOf(deps: SearchDeps, table: EmbeddingTableInfo): OpenedEntry {
  const have = opened.get(table.parquetPath);
  if (have?.builtAt === table.builtAt) return have;
  const entry: OpenedEntry = { builtAt: table.builtAt, index: openIndex(deps, table) };
  opened.set(table.parquetPath, entry);
  entry.index.catch(() => opened.get(table.parquetPath) === entry && opened.delete(table.parquetPath));
  return entry;
}

/** Open (once) the sidecar of `table`; a missing or corrupt one falls back to exact search over data.parquet. */
function indexOf(deps: SearchDeps, table: EmbeddingTableInfo): Promise<OpenedIndex> {
  return entryOf(deps, table).index;
}

/** The table's raw vectors by row position, or null (then DuckDB ranks the rows from data.parquet). */
function rawVectorsOf(deps: SearchDeps, table: EmbeddingTableInfo): Promise<RawVectors | null> {
  const entry = entryOf(deps, table);
  entry.raw ??= entry.index.then(({ index }) => RawVectors.open(join(table.indexDir, RAW_VECTORS_FILE), table.dimensions, index.size)).catch(() => null);
  return entry.raw;
}

/** The row position of each `_row_id` of `table` (a filter's keys become positions without a join in DuckDB). */
function positionsOf(deps: SearchDeps, table: EmbeddingTableInfo): Promise<Map<string, number>> {
  const entry = entryOf(deps, table);
  entry.positions ??= rowIdsOf(deps, table).then((ids) => new Map(ids.map((id, i) => [id, i])));
  return entry.positions;
}

/** The `_row_id` of every row position of `table`'s data.parquet (about 50 bytes a row in memory). */
function rowIdsOf(deps: SearchDeps, table: EmbeddingTableInfo): Promise<string[]> {
  const entry = entryOf(deps, table);
  if (!entry.rowIds) {
    entry.rowIds = deps.engine.readRows(`SELECT _row_id FROM read_parquet(${sqlLiteral(table.parquetPath)}, file_row_number = true) ORDER BY file_row_number`).then((rows) => rows.map((r) => String(r._row_id)));
    entry.rowIds.catch(() => (entry.rowIds = undefined));
  }
  return entry.rowIds;
}

async function openIndex(deps: SearchDeps, table: EmbeddingTableInfo): Promise<OpenedIndex> {
  try {
    return { index: await openHnswIndex(table.indexDir), fallback: null };
  } catch (e) {
    if (!(e instanceof SidecarError)) throw e;
    deps.log.warn(`embedding table ${table.name}: ${e.message}; searching exactly over its Parquet data`);
    return { index: await exactIndex((sql) => deps.engine.readRows(sql), table), fallback: e.reason };
  }
}

/** Exact search over the vectors of data.parquet (all, or those `where` keeps; keys: row positions, as in the sidecar). */
async function exactIndex(run: ParamQuery, table: EmbeddingTableInfo, where = ''): Promise<ExactIndex> {
  const rows = await run(`SELECT file_row_number AS n, vector FROM read_parquet(${sqlLiteral(table.parquetPath)}, file_row_number = true)${where} ORDER BY file_row_number`);
  const d = table.dimensions;
  const keys = new BigUint64Array(rows.length);
  const block = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    keys[i] = BigInt(r.n as number | bigint);
    // Plain arrays from the admin connection, DuckDB list values from a session's.
    const v = r.vector as number[] | { items: number[] };
    block.set(Array.isArray(v) ? v : v.items, i * d);
  });
  return new ExactIndex({ dimensions: d, metric: 'cosine' }, keys, block);
}

/** Parameter types that make a text query a vector: arrays of numbers and pgvector's vector. */
const VECTOR_PARAM_OIDS = new Set<number>([PgOid.vector, 1021, 1022, 1231, 1007, 1016, 1005]);

/** A vector written as text (src/types/vector-text.ts), or 22P02. */
function vectorOf(text: string): Float32Array {
  const v = parseVectorText(text);
  if (!v) throw new PgError(SqlStates.invalid_text_representation, `invalid input syntax for type vector: "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`, { hint: 'A vector is written [1,2,3] (or {1,2,3}) with finite numbers.' });
  return v;
}

/** The query as a vector: parsed when it is one, embedded with the table's model when it is text. */
async function queryVector(deps: SearchDeps, call: VectorSearchCall, params: readonly EngineParam[], paramOids: readonly number[], tenant: string | null, signal?: AbortSignal): Promise<Float32Array> {
  const table = call.table;
  const query = String(argValue(call.query, params, 'query'));
  const declaredVector = 'param' in call.query && VECTOR_PARAM_OIDS.has(paramOids[call.query.param - 1] ?? 0);
  // A table of registered vectors without a model can only be searched by a vector: text is read as one.
  const vector = call.queryIsVector || declaredVector || table.model === '' ? vectorOf(query) : (await deps.models.get(table.model, tenant).embed([query], signal))[0];
  if (vector?.length !== table.dimensions) {
    throw new PgError(SqlStates.invalid_parameter_value, `vector_search: the query has ${vector?.length ?? 0} dimensions, embedding table "${table.name}" has ${table.dimensions}`);
  }
  return vector;
}

/**
 * When a filtered search is exact: a filter keeping at most `exactMaxRows` rows, or at most
 * `exactFraction` of the table, is searched exactly over those rows; above both, by the
 * index with `allow`. HNSW's oversampled search loses recall as the kept fraction shrinks
 * (usearch in-process, 1M × 128: recall@10 0.98 at 10% kept, 0.85 at 1%), while exact search
 * costs in proportion to the rows kept (100k × 384, 10% kept: ~60 ms). (Mutable so tests can
 * force either branch.)
 */
export const searchTuning = { exactMaxRows: 5000, exactFraction: 0.02 };

/** Runs a query with the statement's parameters bound (the session's connection), returning plain JS rows. */
export type ParamQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * The k nearest rows among those the call's pushed-down filter keeps (`filterSql`, planned
 * with jammi's rewrites, run with the statement's parameters): exact search over their vectors
 * when they are few (searchTuning) — read by position from vectors.f32, or ranked by DuckDB from
 * data.parquet when that file is missing — otherwise the index's search with `allow` (HNSW
 * oversamples until k allowed hits). Null when the call has no pushed filter.
 */
async function filteredSearch(deps: SearchDeps, call: VectorSearchCall, run: ParamQuery, index: VectorIndex, vector: Float32Array, k: number, ef?: number): Promise<SearchHit[] | null> {
  if (!call.filterSql) return null;
  // The filter's keys, as text the way `_row_id` was made, then their row positions.
  const keys = await run(`SELECT CAST(f.k AS VARCHAR) AS k FROM (${call.filterSql}) AS f(k)`);
  const positionOf = await positionsOf(deps, call.table);
  const sorted = keys.flatMap((r) => positionOf.get(String(r.k)) ?? []).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const n = Math.max(index.size, 1);
  if (sorted.length <= searchTuning.exactMaxRows || sorted.length <= n * searchTuning.exactFraction) {
    const raw = await rawVectorsOf(deps, call.table);
    if (!raw) return exactInEngine(run, call.table, ` WHERE file_row_number IN (${sorted.join(', ')})`, vector, k);
    const exact = new ExactIndex({ dimensions: call.table.dimensions, metric: 'cosine' }, BigUint64Array.from(sorted, (p) => BigInt(p)), await raw.read(sorted), true);
    return exact.search(vector, Math.min(k, exact.size));
  }
  const positions = new Set(sorted.map((p) => BigInt(p)));
  return index.search(vector, Math.min(k, positions.size), { allow: (key) => positions.has(key), selectivity: Math.min(1, positions.size / n), ...(ef === undefined ? {} : { ef: Math.max(ef, k) }) });
}

/**
 * The k rows of data.parquet nearest to `query` among those `where` keeps, ranked by DuckDB
 * (vectors never reach JS): cosine similarity in double precision, with ExactIndex's
 * convention for zero vectors (0 against a non-zero vector, 1 between two zero vectors).
 */
async function exactInEngine(run: ParamQuery, table: EmbeddingTableInfo, where: string, query: Float32Array, k: number): Promise<SearchHit[]> {
  let qn = 0;
  for (const x of query) qn += x * x;
  qn = Math.sqrt(qn);
  const q = `CAST([${Array.from(query, (x) => String(x)).join(',')}] AS DOUBLE[])`;
  const v = 'CAST(vector AS DOUBLE[])';
  const similarity = qn === 0 ? `CASE WHEN list_dot_product(${v}, ${v}) = 0 THEN 1.0 ELSE 0.0 END` : `coalesce(list_dot_product(${v}, ${q}) / nullif(sqrt(list_dot_product(${v}, ${v})) * ${qn}, 0), 0.0)`;
  const rows = await run(`SELECT file_row_number AS n, ${similarity} AS s FROM read_parquet(${sqlLiteral(table.parquetPath)}, file_row_number = true)${where} ORDER BY s DESC, n LIMIT ${k}`);
  return rows.map((r) => {
    const sim = Number(r.s);
    return { key: BigInt(r.n as number | bigint), similarity: sim, distance: 1 - sim };
  });
}

/** The typed hits relation with no rows. */
const emptyHits = `(SELECT CAST(NULL AS VARCHAR) AS _row_id, CAST(NULL AS VARCHAR) AS _source_id, CAST(NULL AS DOUBLE) AS similarity WHERE false)`;

/**
 * The hits with `_key`, each `_row_id` as the key column's own type: the statement joins the
 * source on it, so DuckDB can push the hits' key range into the source's scan (a join on the
 * key cast to text would scan every row).
 */
const withKey = (hits: string, table: EmbeddingTableInfo) => `(SELECT h.*, CAST(h._row_id AS ${table.keyType}) AS _key FROM ${hits} AS h)`;

/** A WHERE that keeps the parameters the call consumed referenced, so the statement keeps its parameter numbering. */
function paramGuard(call: VectorSearchCall): string {
  const keep = [call.query, call.k, ...(call.ef ? [call.ef] : [])].flatMap((a) => ('param' in a ? [`CAST($${a.param} AS VARCHAR) IS NOT NULL`] : []));
  return keep.length ? ` WHERE ${keep.join(' AND ')}` : '';
}

/** The call's hits relation with no rows: what a statement is prepared with before its parameters are known (Describe). */
export function placeholderHits(call: VectorSearchCall): string {
  const where = paramGuard(call);
  return withKey(where ? `(SELECT * FROM ${emptyHits} AS e${where})` : emptyHits, call.table);
}

/** One search's hits, in order: the rows' `_row_id`s and similarities. */
export interface SearchHits {
  rowIds: string[];
  similarities: number[];
}

/**
 * The call's hits relation reading its rows from two parameters, `$idsParam` (a JSON array of
 * `_row_id`s) and `$simsParam` (a JSON array of similarities): the statement's text does not
 * depend on the hits, so its prepared statement is reused from one execution to the next.
 */
export function hitsRelation(call: VectorSearchCall, idsParam: number, simsParam: number): string {
  const rows =
    `(SELECT unnest(CAST(from_json($${idsParam}, '["VARCHAR"]') AS VARCHAR[])) AS _row_id, CAST(${sqlLiteral(call.table.source)} AS VARCHAR) AS _source_id, ` +
    `unnest(CAST(from_json($${simsParam}, '["DOUBLE"]') AS DOUBLE[])) AS similarity)`;
  const where = paramGuard(call);
  return withKey(where ? `(SELECT * FROM ${rows} AS r${where})` : rows, call.table);
}

/**
 * Compute one vector_search call's hits: the query embedded with the table's model (or read as
 * a vector), the k nearest rows from the sidecar (or exact search, with `notice` told why),
 * their row positions mapped to `_row_id` through data.parquet's `_row_id` column (read once
 * per table). The session binds them to hitsRelation's parameters.
 */
export async function renderHits(
  deps: SearchDeps,
  call: VectorSearchCall,
  params: readonly EngineParam[],
  paramOids: readonly number[],
  tenant: string | null,
  notice: (message: string) => void,
  /** Runs the pushed-down filter with the statement's parameters. */
  run: ParamQuery,
  signal?: AbortSignal,
): Promise<SearchHits> {
  const table = call.table;
  const k = checkK(argValue(call.k, params, 'k'));
  const ef = call.ef ? checkEf(argValue(call.ef, params, 'ef')) : undefined;
  const vector = await queryVector(deps, call, params, paramOids, tenant, signal);
  const { index, fallback } = await indexOf(deps, table);
  if (fallback) notice(`embedding table "${table.name}" has no usable index (${fallback}): searching exactly`);
  let hits;
  try {
    hits = (await filteredSearch(deps, call, run, index, vector, k, ef)) ?? index.search(vector, Math.min(k, Math.max(index.size, 1)), ef === undefined ? {} : { ef: Math.max(ef, k) });
  } catch (e) {
    if (e instanceof VectorIndexError) throw new PgError(SqlStates.invalid_parameter_value, `vector_search: ${e.message}`);
    throw e;
  }
  const rowIds = await rowIdsOf(deps, table);
  return {
    rowIds: hits.map((h) => {
      const id = rowIds[Number(h.key)];
      if (id === undefined) throw new PgError(SqlStates.internal_error, `embedding table "${table.name}": row ${h.key} of its index is not in ${table.parquetPath}`);
      return id;
    }),
    similarities: hits.map((h) => (Number.isFinite(h.similarity) ? h.similarity : 0)),
  };
}
