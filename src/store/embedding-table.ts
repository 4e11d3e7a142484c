import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultTablesRepo } from '../catalog/index.js';
import { type Engine, quoteIdent, SOURCES_CATALOG, type VectorStaging } from '../engine/index.js';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import { buildHnswIndex, DEFAULT_HNSW, fsyncPath, RAW_VECTORS_FILE, teeRawVectors, VectorIndexError, type VectorEntry } from '../index/index.js';
import type { Logger } from '../log/index.js';
import type { EmbeddingModel, ModelRegistry } from '../models/index.js';
import type { SourceRegistry } from '../sources/index.js';

/** The Parquet file of a result table, inside `results/<name>/`. */
export const DATA_FILE = 'data.parquet';

/** What `jammi.create_embedding_table` needs from the server. */
export interface EmbeddingTableDeps {
  engine: Engine;
  sources: SourceRegistry;
  models: ModelRegistry;
  repo: ResultTablesRepo;
  log: Logger;
}

export interface CreateEmbeddingTableArgs {
  source: string;
  keyColumn: string;
  textColumn: string;
  model: string;
  options: Record<string, unknown>;
}

/** The row `jammi.create_embedding_table` returns. */
export interface EmbeddingTableResult {
  tableName: string;
  sourceId: string;
  modelId: string;
  status: 'ready';
  rowCount: number;
  dimensions: number;
}

/** Sidecar and build options common to every embedding-table function. */
export interface BuildOptions {
  name: string;
  m: number;
  ef_construction: number;
  ef_search: number;
  batch_size: number;
  /** register_embeddings: the model that made the vectors (so text queries can be embedded). */
  model?: string;
}

/** What a build reports as it goes: rows embedded (or read), then rows indexed. */
export interface BuildProgress {
  table: string;
  phase: 'embedding' | 'indexing';
  done: number;
  /** The rows to do, when known. */
  total: number | null;
}

export type ProgressListener = (p: BuildProgress) => void;

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const LIMITS: Record<'m' | 'ef_construction' | 'ef_search' | 'batch_size', [number, number]> = {
  m: [2, 256],
  ef_construction: [1, 4096],
  ef_search: [1, 4096],
  batch_size: [1, 8192],
};
const DEFAULT_BATCH = 512;

const bad = (msg: string, hint?: string) => new PgError(SqlStates.invalid_parameter_value, msg, hint ? { hint } : {});

/** `<source>_<model>` made into a lowercase identifier (`cities` + `hash-384` → `cities_hash_384`). */
export function defaultTableName(source: string, model: string): string {
  let n = `${source}_${model}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  if (!/^[a-z_]/.test(n)) n = `_${n}`;
  return n.slice(0, 63);
}

/**
 * Validate `options` of `jammi.<fn>` (22023 for an unknown key or a bad value); `allowed` names
 * the keys this function takes besides the HNSW ones, `defaults` fills what is not given.
 */
export function parseEmbeddingOptions(options: Record<string, unknown>, fn: string, defaults: Partial<BuildOptions> & { name: string }, allowed: readonly ('name' | 'model')[] = ['name']): BuildOptions {
  const out: BuildOptions = { ...DEFAULT_HNSW, batch_size: DEFAULT_BATCH, ...defaults };
  for (const [k, v] of Object.entries(options)) {
    if (k === 'name' && allowed.includes('name')) {
      if (typeof v !== 'string' || !TABLE_NAME.test(v)) {
        throw bad(`jammi.${fn}: option "name" must be a lowercase identifier, got ${JSON.stringify(v)}`, 'Letters, digits and underscores, starting with a letter or underscore, at most 63 characters.');
      }
      out.name = v;
    } else if (k === 'model' && allowed.includes('model')) {
      if (typeof v !== 'string' || v === '') throw bad(`jammi.${fn}: option "model" must be a model name, got ${JSON.stringify(v)}`);
      out.model = v;
    } else if (k in LIMITS) {
      const [lo, hi] = LIMITS[k as keyof typeof LIMITS];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi) {
        throw bad(`jammi.${fn}: option "${k}" must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
      }
      out[k as keyof typeof LIMITS] = v;
    } else {
      throw bad(`jammi.${fn}: unknown option "${k}"`, `Options: ${[...allowed, ...Object.keys(LIMITS)].join(', ')}.`);
    }
  }
  return out;
}

/** The index parameters recorded in the catalog (and compared by the search's index cache). */
export const indexParamsOf = (opts: BuildOptions) => ({ metric: 'cosine', m: opts.m, ef_construction: opts.ef_construction, ef_search: opts.ef_search, built_at: new Date().toISOString() });

/** The source's first table, checked to have `columns` (42P01, 42703), and its DuckDB name. */
export function sourceTableOf(deps: EmbeddingTableDeps, source: string, columns: string[], tenant: string | null): { sql: string } {
  const src = deps.sources.get(source, tenant);
  if (!src || src.tables.length === 0) throw new PgError(SqlStates.undefined_table, `source "${source}" does not exist`);
  const table = src.tables[0];
  deps.sources.resolve(source, table.name, tenant); // an unavailable source fails here
  for (const col of columns) {
    if (!table.columns.some((c) => c.name === col)) {
      throw new PgError(SqlStates.undefined_column, `column "${col}" does not exist in source "${source}"`, { hint: `Columns: ${table.columns.map((c) => c.name).join(', ')}.` });
    }
  }
  return { sql: `${SOURCES_CATALOG}.${quoteIdent(source)}.${quoteIdent(table.name)}` };
}

/** What a new result table is recorded as while it is built. */
export interface NewResultTable {
  opts: BuildOptions;
  sourceId: string;
  modelId: string;
  keyColumn: string;
  /** The text column (create_embedding_table) or the vector column (register_embeddings). */
  column: string;
  kind: 'model' | 'registered';
}

/**
 * The life of a new result table: refuse a name in use, record it `building`, let `fill`
 * write data.parquet and the sidecar into a staging folder `results/.<name>.tmp-…/`, rename
 * the folder to `results/<name>/` and record it `ready`. Any failure (a model error, a cancel
 * through `signal`) records `failed` with the message, removes the staging folder and rethrows.
 */
export async function buildResultTable(
  deps: EmbeddingTableDeps,
  t: NewResultTable,
  tenant: string | null,
  fill: (stage: string) => Promise<{ rowCount: number; dimensions: number }>,
  signal?: AbortSignal,
): Promise<EmbeddingTableResult> {
  const { opts } = t;
  const existing = deps.repo.getGlobally(opts.name);
  if (existing?.status === 'ready') throw new PgError(SqlStates.duplicate_object, `embedding table "${opts.name}" already exists`, { hint: 'Pick another name with options {"name": "..."}.' });
  if (existing?.status === 'building') throw new PgError(SqlStates.object_in_use, `embedding table "${opts.name}" is being built`);

  const resultsDir = deps.engine.resultsDir;
  const finalDir = join(resultsDir, opts.name);
  const indexParams = indexParamsOf(opts);
  deps.repo.insertBuilding({ tableName: opts.name, sourceId: t.sourceId, modelId: t.modelId, parquetPath: join(finalDir, DATA_FILE), keyColumn: t.keyColumn, textColumn: t.column, kind: t.kind, indexParams, tenantId: tenant });

  const stage = join(resultsDir, `.${opts.name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let renamed = false;
  try {
    await mkdir(stage, { recursive: true });
    const { rowCount, dimensions } = await fill(stage);
    await rm(finalDir, { recursive: true, force: true }); // a failed build's leftovers, if any
    await rename(stage, finalDir);
    renamed = true;
    await fsyncPath(resultsDir);
    deps.repo.markReady(opts.name, { rowCount, dimensions, indexParams: { ...indexParams, built_at: new Date().toISOString() } });
    deps.log.info(`embedding table ${opts.name} ready: ${rowCount} rows × ${dimensions}`);
    return { tableName: opts.name, sourceId: t.sourceId, modelId: t.modelId, status: 'ready', rowCount, dimensions };
  } catch (e) {
    const err = asBuildError(e, signal);
    deps.repo.markFailed(opts.name, err.message);
    await rm(renamed ? finalDir : stage, { recursive: true, force: true }).catch(() => undefined);
    deps.log.warn(`embedding table ${opts.name} failed: ${err.message}`);
    throw err;
  }
}

/** A build's failure as the client sees it: a cancel is 57014, a bad vector 22023. */
export function asBuildError(e: unknown, signal?: AbortSignal): PgError {
  if (e instanceof VectorIndexError) return new PgError(SqlStates.invalid_parameter_value, e.message);
  if (signal?.aborted && !(e instanceof PgError)) return canceled(signal);
  return toPgError(e);
}

/** The number of rows of `from` (a source's table), for progress; null when counting fails. */
export async function countRows(engine: Engine, from: string): Promise<number | null> {
  try {
    const [r] = await engine.readRows(`SELECT count(*) AS n FROM ${from}`);
    return Number(r.n);
  } catch {
    return null;
  }
}

/**
 * `jammi.create_embedding_table`: stream the source's rows through the model batch by batch
 * (the HNSW sidecar via buildHnswIndex, keys = row positions in data.parquet; the vectors
 * into a DuckDB scratch table, then `data.parquet.tmp` → `data.parquet`) inside
 * buildResultTable's staging folder. JS holds one source chunk and one batch of vectors at a time.
 */
export async function createEmbeddingTable(deps: EmbeddingTableDeps, args: CreateEmbeddingTableArgs, tenant: string | null, signal?: AbortSignal, progress?: ProgressListener): Promise<EmbeddingTableResult> {
  const from = sourceTableOf(deps, args.source, [args.keyColumn, args.textColumn], tenant).sql;
  const model = deps.models.get(args.model, tenant);
  const opts = parseEmbeddingOptions(args.options, 'create_embedding_table', { name: defaultTableName(args.source, args.model) });
  const t: NewResultTable = { opts, sourceId: args.source, modelId: args.model, keyColumn: args.keyColumn, column: args.textColumn, kind: 'model' };
  return buildResultTable(deps, t, tenant, async (stage) => {
    const total = await countRows(deps.engine, from);
    const sql = `SELECT CAST(${quoteIdent(args.keyColumn)} AS VARCHAR), CAST(${quoteIdent(args.textColumn)} AS VARCHAR) FROM ${from}`;
    return build(deps.engine, sql, model, opts, stage, args.source, signal, (done) => progress?.({ table: opts.name, phase: 'embedding', done, total }));
  }, signal);
}

const canceled = (signal: AbortSignal): PgError =>
  signal.reason instanceof PgError ? signal.reason : new PgError(SqlStates.query_canceled, 'canceling statement due to user request');

/** Stream, embed, write the sidecar and the Parquet file into `stage`. */
async function build(engine: Engine, sql: string, model: EmbeddingModel, opts: BuildOptions, stage: string, sourceId: string, signal?: AbortSignal, onProgress?: (done: number) => void): Promise<{ rowCount: number; dimensions: number }> {
  const conn = await engine.connect();
  let staging: VectorStaging | null = null;
  const onAbort = () => conn.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const stream = await conn.stream(sql);
    let position = 0n;
    const keys: string[] = [];
    const texts: string[] = [];
    const embedBatch = async function* (): AsyncGenerator<VectorEntry> {
      if (keys.length === 0) return;
      const vectors = await model.embed(texts, signal);
      if (vectors.length !== keys.length) throw new PgError(SqlStates.data_exception, `model "${model.name}" returned ${vectors.length} vectors for ${keys.length} texts`);
      staging ??= await engine.openVectorStaging(vectors[0].length);
      for (let i = 0; i < keys.length; i++) {
        if (vectors[i].length !== staging.dimensions) throw new PgError(SqlStates.data_exception, `model "${model.name}" returned a vector of ${vectors[i].length} dimensions, expected ${staging.dimensions}`);
        staging.append(keys[i], vectors[i]);
        yield { key: position++, vector: vectors[i] };
      }
      staging.flush();
      keys.length = 0;
      texts.length = 0;
    };
    const rows = async function* (): AsyncGenerator<VectorEntry> {
      for (;;) {
        signal?.throwIfAborted();
        const chunk = await stream.next();
        if (!chunk) break;
        for (const [k, t] of chunk.getRows()) {
          // A row without a key or a text has nothing to embed or to point back to: skipped.
          if (k === null || t === null) continue;
          keys.push(String(k));
          texts.push(String(t));
          if (keys.length === opts.batch_size) yield* embedBatch();
        }
      }
      yield* embedBatch();
    };
    // A model that learns its dimension from its first answer reports 0 until then: embed the first batch before the index needs it.
    const it = rows()[Symbol.asyncIterator]();
    const first = await it.next();
    const dimensions = first.done ? model.dimensions : first.value.vector.length;
    if (dimensions <= 0) throw new PgError(SqlStates.object_not_in_prerequisite_state, `model "${model.name}" has no known dimension and the source has no rows to learn it from`);
    const all: AsyncIterable<VectorEntry> = {
      async *[Symbol.asyncIterator]() {
        if (!first.done) yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      },
    };
    const manifest = await buildHnswIndex(stage, teeRawVectors(all, join(stage, RAW_VECTORS_FILE), dimensions), { dimensions, metric: 'cosine', m: opts.m, ef_construction: opts.ef_construction, ef_search: opts.ef_search, batch_size: opts.batch_size, signal, onProgress });
    staging ??= await engine.openVectorStaging(dimensions);
    const tmp = join(stage, `${DATA_FILE}.tmp`);
    await (staging as VectorStaging).writeParquet(tmp, sourceId, model.name, new Date());
    await fsyncPath(tmp);
    await rename(tmp, join(stage, DATA_FILE));
    await fsyncPath(stage);
    return { rowCount: manifest.row_count, dimensions };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    (staging as VectorStaging | null)?.close();
    conn.close();
  }
}


/**
 * Start-up recovery: a build does not survive a restart, so every table still `building`
 * (the server was killed mid-build) is marked `failed`, its folder (if the crash came
 * between the rename and the catalog update) and every staging folder are removed.
 */
export async function recoverEmbeddingBuilds(repo: ResultTablesRepo, resultsDir: string, log: Logger): Promise<string[]> {
  const names = repo.failInterrupted('the server stopped while the table was being built');
  for (const n of names) {
    await rm(join(resultsDir, n), { recursive: true, force: true });
    log.warn(`embedding table ${n} was left building by a previous run: marked failed`);
  }
  for (const entry of await readdir(resultsDir).catch(() => [] as string[])) {
    if (entry.startsWith('.') && entry.includes('.tmp-')) await rm(join(resultsDir, entry), { recursive: true, force: true });
  }
  return names;
}
