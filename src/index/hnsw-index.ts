import { join } from 'node:path';
import { SidecarError, VectorIndexError } from './errors.js';
import { checkEf, checkK, checkQuery, compareHits, similarityOf } from './metric.js';
import { INDEX_FILE, readManifest, verifyFiles, type HnswManifest } from './sidecar.js';
import { newUsearchIndex, type UsearchIndex } from './usearch-binding.js';
import type { Metric, SearchHit, SearchOptions, VectorIndex } from './vector-index.types.js';

/** First filtered round asks for k × this many candidates when no selectivity is given. */
export const OVERSAMPLE_INITIAL = 4;
/** Each further filtered round asks for this many times more candidates. */
export const OVERSAMPLE_GROWTH = 4;

/**
 * HNSW search over a usearch index memory-mapped from a sidecar (`openHnswIndex`).
 *
 * ef: usearch fixes `expansion_search` when the index object is made and has no per-query
 * setter, but its search uses max(expansion, wanted) as the beam width
 * (include/usearch/index.hpp, `search`), so a query with ef asks for max(k, ef) results
 * and keeps the best k.
 *
 * Filtered search (`allow`): usearch's JS binding takes no filter callback, so it
 * oversamples. Round one asks for k / selectivity × 1.5 candidates (k × 4 without a hint);
 * the allowed ones are kept; while fewer than k are allowed and the graph returned all it
 * was asked for, the next round asks for 4× more, up to the whole index (a beam as wide as
 * the index walks every reachable node, so the last round is exhaustive). Cost grows as
 * k / selectivity; the caller chooses exact search over the allowed rows when they are
 * few (see the decision note).
 */
export class HnswIndex implements VectorIndex {
  private native: UsearchIndex | null;

  private constructor(
    native: UsearchIndex,
    readonly manifest: HnswManifest,
    readonly dir: string,
  ) {
    this.native = native;
  }

  get size(): number {
    return this.manifest.row_count;
  }
  get dimensions(): number {
    return this.manifest.dimensions;
  }
  get metric(): Metric {
    return this.manifest.metric;
  }

  /** @internal Opened by openHnswIndex only. */
  static fromView(native: UsearchIndex, manifest: HnswManifest, dir: string): HnswIndex {
    return new HnswIndex(native, manifest, dir);
  }

  search(query: Float32Array, k: number, opts?: SearchOptions): SearchHit[] {
    const native = this.native;
    if (!native) throw new VectorIndexError('closed', 'the index is closed');
    checkQuery(query, this.dimensions);
    checkK(k);
    checkEf(opts?.ef);
    const n = this.size;
    if (k === 0 || n === 0) return [];
    const ef = opts?.ef ?? this.manifest.ef_search;
    const allow = opts?.allow;
    if (!allow) return this.candidates(native, query, Math.min(n, Math.max(k, ef))).slice(0, k);

    const s = opts?.selectivity;
    if (s !== undefined && !(s > 0 && s <= 1)) {
      throw new VectorIndexError('bad_argument', `selectivity must be in (0, 1], got ${s}`);
    }
    let wanted = Math.min(n, Math.max(ef, s ? Math.ceil((k / s) * 1.5) : k * OVERSAMPLE_INITIAL));
    for (;;) {
      const found = this.candidates(native, query, wanted);
      const hits = found.filter((h) => allow(h.key));
      if (hits.length >= k || found.length < wanted || wanted >= n) return hits.slice(0, k);
      wanted = Math.min(n, wanted * OVERSAMPLE_GROWTH);
    }
  }

  /** The `wanted` nearest rows the graph finds, in result order. */
  private candidates(native: UsearchIndex, query: Float32Array, wanted: number): SearchHit[] {
    // threads = 1: one query runs on the calling thread; concurrency comes from callers.
    const r = native.search(query, wanted, 1);
    const hits: SearchHit[] = [];
    const count = Math.min(r.keys.length, wanted);
    for (let i = 0; i < count; i++) {
      const distance = r.distances[i];
      hits.push({ key: r.keys[i], distance, similarity: similarityOf(this.metric, distance) });
    }
    return hits.sort(compareHits);
  }

  /**
   * Drops the native index. usearch's binding has no explicit free: the mapping is released
   * when the garbage collector finalizes the native object.
   */
  close(): void {
    this.native = null;
  }
}

export interface OpenHnswOptions {
  /** Overrides the manifest's ef_search default for searches without `ef`. */
  ef_search?: number;
}

/**
 * Opens a sidecar written by buildHnswIndex: reads and validates manifest.json, checks the
 * size and SHA-256 of every file it lists (streamed), then memory-maps index.usearch with
 * usearch's `view` (the vectors and graph stay in the page cache, not the heap). The checks
 * are not optional: usearch trusts the file, and viewing a truncated or garbage file
 * crashes the process (SIGSEGV, measured with 2.25.3) instead of throwing.
 * Throws SidecarError when the sidecar is missing, incomplete or corrupt.
 */
export async function openHnswIndex(dir: string, opts: OpenHnswOptions = {}): Promise<HnswIndex> {
  const manifest = await readManifest(dir);
  await verifyFiles(dir, manifest);
  const ef_search = opts.ef_search ?? manifest.ef_search;
  checkEf(ef_search);
  const native = newUsearchIndex({ ...manifest, ef_search });
  try {
    native.view(join(dir, INDEX_FILE));
  } catch (e) {
    throw new SidecarError('corrupt_index', dir, `usearch cannot view ${INDEX_FILE}: ${(e as Error).message}`, { cause: e });
  }
  if (native.size() !== manifest.row_count || native.dimensions() !== manifest.dimensions) {
    throw new SidecarError(
      'corrupt_index',
      dir,
      `${INDEX_FILE} holds ${native.size()} rows of ${native.dimensions()} dimensions, ` +
        `the manifest says ${manifest.row_count} of ${manifest.dimensions}`,
    );
  }
  return HnswIndex.fromView(native, { ...manifest, ef_search }, dir);
}
