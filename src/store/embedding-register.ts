import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Engine, quoteIdent, quoteLiteral } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { buildHnswIndex, fsyncPath, type HnswManifest, INDEX_FILE, MANIFEST_FILE, RAW_VECTORS_FILE, teeRawVectors, type VectorEntry } from '../index/index.js';
import {
  asBuildError,
  buildResultTable,
  countRows,
  DATA_FILE,
  defaultTableName,
  type EmbeddingTableDeps,
  type EmbeddingTableResult,
  indexParamsOf,
  parseEmbeddingOptions,
  type BuildOptions,
  type ProgressListener,
  sourceTableOf,
} from './embedding-table.js';

export interface RegisterEmbeddingsArgs {
  source: string;
  keyColumn: string;
  vectorColumn: string;
  options: Record<string, unknown>;
}

/** The row `jammi.rebuild_index` returns. */
export interface RebuildIndexResult {
  tableName: string;
  status: 'ready';
  rowCount: number;
  dimensions: number;
  indexParams: Record<string, unknown>;
}

/**
 * Build the HNSW sidecar of a result table's Parquet file into `dir`: its vectors streamed
 * chunk by chunk in file order, each keyed by its row position (`file_row_number`), as the
 * search maps hits back to `_row_id`; the raw vectors go to `vectors.f32` on the way.
 */
export async function indexParquet(
  engine: Engine,
  parquet: string,
  dir: string,
  dimensions: number,
  opts: BuildOptions,
  signal?: AbortSignal,
  onProgress?: (done: number) => void,
): Promise<HnswManifest> {
  const conn = await engine.connect();
  const onAbort = () => conn.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const stream = await conn.stream(`SELECT file_row_number, vector FROM read_parquet(${quoteLiteral(parquet)}, file_row_number = true)`);
    const entries: AsyncIterable<VectorEntry> = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          signal?.throwIfAborted();
          const chunk = await stream.next();
          if (!chunk) return;
          for (const [n, v] of chunk.getRows()) {
            yield { key: BigInt(n as number | bigint), vector: Float32Array.from((v as { items: number[] }).items) };
          }
        }
      },
    };
    return await buildHnswIndex(dir, teeRawVectors(entries, join(dir, RAW_VECTORS_FILE), dimensions), { dimensions, metric: 'cosine', m: opts.m, ef_construction: opts.ef_construction, ef_search: opts.ef_search, batch_size: opts.batch_size, signal, onProgress });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    conn.close();
  }
}

/**
 * `jammi.register_embeddings`: a result table over vectors the source already holds. DuckDB
 * copies (key, vector) of every row with both into `data.parquet` (streamed; rows with a NULL
 * key or vector are skipped, as create_embedding_table skips rows without text), the lengths
 * are checked to agree, then the sidecar is built from that file. `options.model` names the
 * model that made the vectors, so `vector_search` can embed text queries; without it only
 * vector queries work.
 */
export async function registerEmbeddings(deps: EmbeddingTableDeps, args: RegisterEmbeddingsArgs, tenant: string | null, signal?: AbortSignal, progress?: ProgressListener): Promise<EmbeddingTableResult> {
  const fn = 'register_embeddings';
  const from = sourceTableOf(deps, args.source, [args.keyColumn, args.vectorColumn], tenant).sql;
  const opts = parseEmbeddingOptions(args.options, fn, { name: defaultTableName(args.source, args.vectorColumn) }, ['name', 'model']);
  const model = opts.model === undefined ? null : deps.models.get(opts.model, tenant);
  const modelId = model?.name ?? '';
  const t = { opts, sourceId: args.source, modelId, keyColumn: args.keyColumn, column: args.vectorColumn, kind: 'registered' as const };
  return buildResultTable(
    deps,
    t,
    tenant,
    async (stage) => {
      const total = await countRows(deps.engine, from);
      progress?.({ table: opts.name, phase: 'embedding', done: 0, total });
      const tmp = join(stage, `${DATA_FILE}.tmp`);
      const key = quoteIdent(args.keyColumn);
      const vec = quoteIdent(args.vectorColumn);
      const conn = await deps.engine.connect();
      const onAbort = () => conn.interrupt();
      signal?.addEventListener('abort', onAbort, { once: true });
      let shape: { n: number; lo: number | null; hi: number | null };
      try {
        await conn.run(
          `COPY (SELECT CAST(${key} AS VARCHAR) AS _row_id, ${quoteLiteral(args.source)} AS _source_id, CAST(${vec} AS FLOAT[]) AS vector,
                        ${quoteLiteral(modelId)} AS model, CAST(${quoteLiteral(new Date().toISOString())} AS TIMESTAMPTZ) AS created_at
                   FROM ${from} WHERE ${key} IS NOT NULL AND ${vec} IS NOT NULL)
             TO ${quoteLiteral(tmp)} (FORMAT parquet)`,
        );
        const s = await conn.stream(`SELECT count(*), min(len(vector)), max(len(vector)) FROM read_parquet(${quoteLiteral(tmp)})`, true);
        const [n, lo, hi] = (await s.next())?.getRows()[0] ?? [0, null, null];
        shape = { n: Number(n), lo: lo === null ? null : Number(lo), hi: hi === null ? null : Number(hi) };
      } catch (e) {
        throw signal?.aborted ? asBuildError(e, signal) : vectorColumnError(e, args);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        conn.close();
      }
      if (shape.n === 0) throw new PgError(SqlStates.object_not_in_prerequisite_state, `source "${args.source}" has no rows with both "${args.keyColumn}" and "${args.vectorColumn}"`);
      if (shape.lo !== shape.hi) throw new PgError(SqlStates.data_exception, `column "${args.vectorColumn}" of source "${args.source}" holds vectors of different lengths (${shape.lo} and ${shape.hi})`);
      const dimensions = shape.lo as number;
      if (dimensions < 1) throw new PgError(SqlStates.data_exception, `column "${args.vectorColumn}" of source "${args.source}" holds empty vectors`);
      if (model && model.dimensions > 0 && model.dimensions !== dimensions) {
        throw new PgError(SqlStates.invalid_parameter_value, `jammi.${fn}: model "${model.name}" makes ${model.dimensions}-dimensional vectors, column "${args.vectorColumn}" holds ${dimensions}`);
      }
      await fsyncPath(tmp);
      await rename(tmp, join(stage, DATA_FILE));
      await fsyncPath(stage);
      const manifest = await indexParquet(deps.engine, join(stage, DATA_FILE), stage, dimensions, opts, signal, (done) => progress?.({ table: opts.name, phase: 'indexing', done, total: shape.n }));
      return { rowCount: manifest.row_count, dimensions };
    },
    signal,
  );
}

/** A vector column DuckDB cannot read as a list of floats: 42804 with the column named. */
function vectorColumnError(e: unknown, args: RegisterEmbeddingsArgs): unknown {
  const msg = (e as Error)?.message ?? '';
  if (!/conversion|cast|convert/i.test(msg)) return e;
  return new PgError(SqlStates.datatype_mismatch, `column "${args.vectorColumn}" of source "${args.source}" is not a vector column`, {
    detail: msg.split('\n')[0],
    hint: 'register_embeddings takes a list of numbers (FLOAT[], DOUBLE[], FLOAT[n]) or text in the form [1,2,3].',
  });
}

/** Result tables whose sidecar is being rebuilt in this process (one rebuild at a time per table). */
const rebuilding = new Set<string>();

/**
 * `jammi.rebuild_index(table, options)`: build the table's HNSW sidecar again from its
 * data.parquet (after a missing or corrupt sidecar made searches fall back to exact, or with
 * other parameters). The table stays readable throughout: the sidecar is written under a
 * staging name and swapped in, and searches that opened the old one keep it until they finish.
 */
export async function rebuildIndex(deps: EmbeddingTableDeps, name: string, options: Record<string, unknown>, tenant: string | null, signal?: AbortSignal, progress?: ProgressListener): Promise<RebuildIndexResult> {
  const rec = deps.repo.visible(name, tenant);
  if (!rec) throw new PgError(SqlStates.undefined_table, `embedding table "${name}" does not exist`);
  if (rec.status !== 'ready' || rec.dimensions === null) {
    throw new PgError(SqlStates.object_not_in_prerequisite_state, `embedding table "${name}" is ${rec.status}, not ready`, { hint: 'Only a ready table has data to index; build a failed one again.' });
  }
  if (rebuilding.has(name)) throw new PgError(SqlStates.object_in_use, `the index of embedding table "${name}" is being rebuilt`);
  const p = rec.indexParams;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const defaults = Object.fromEntries(Object.entries({ m: num(p.m), ef_construction: num(p.ef_construction), ef_search: num(p.ef_search) }).filter(([, v]) => v !== undefined));
  const opts = parseEmbeddingOptions(options, 'rebuild_index', { name, ...defaults }, []);
  const dir = dirname(rec.parquetPath);
  const stage = join(dirname(dir), `.${name}.tmp-index-${process.pid}`);
  rebuilding.add(name);
  try {
    const manifest = await indexParquet(deps.engine, rec.parquetPath, stage, rec.dimensions, opts, signal, (done) => progress?.({ table: name, phase: 'indexing', done, total: rec.rowCount }));
    await swapSidecar(stage, dir);
    const indexParams = indexParamsOf(opts);
    deps.repo.setIndexParams(name, indexParams);
    deps.log.info(`embedding table ${name}: index rebuilt (${manifest.row_count} rows)`);
    return { tableName: name, status: 'ready', rowCount: manifest.row_count, dimensions: rec.dimensions, indexParams };
  } catch (e) {
    throw asBuildError(e, signal);
  } finally {
    rebuilding.delete(name);
    await rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Move a freshly built sidecar from `stage` into the table's folder: the manifest is removed
 * first and put back last, so a crash in between leaves "no usable sidecar" (exact search, a
 * NOTICE), never a manifest describing another index file.
 */
async function swapSidecar(stage: string, dir: string): Promise<void> {
  await rm(join(dir, MANIFEST_FILE), { force: true });
  await fsyncPath(dir);
  await rename(join(stage, INDEX_FILE), join(dir, INDEX_FILE));
  await rename(join(stage, RAW_VECTORS_FILE), join(dir, RAW_VECTORS_FILE));
  await fsyncPath(dir);
  await rename(join(stage, MANIFEST_FILE), join(dir, MANIFEST_FILE));
  await fsyncPath(dir);
}
