import { VectorIndexError } from './errors.js';
import { checkDimensions, checkEntry, checkK, checkQuery, distanceAt, norm, similarityOf } from './metric.js';
import { TopK } from './top-k.js';
import { METRICS, type Metric, type SearchHit, type SearchOptions, type VectorEntry, type VectorIndex } from './vector-index.types.js';

export interface ExactIndexOptions {
  dimensions: number;
  metric: Metric;
}

/**
 * Brute-force search over vectors held in one Float32Array block (row i at i × dimensions).
 * Exact top-k in O(n·d + n log k); `allow` filters before ranking, so a filtered search
 * always returns min(k, allowed rows) hits. It is the fallback when an ANN sidecar is
 * missing or corrupt, the plan when a filter keeps few rows, and the oracle for recall.
 */
export class ExactIndex implements VectorIndex {
  readonly dimensions: number;
  readonly metric: Metric;
  private block: Float32Array | null;
  private readonly keys: BigUint64Array;
  private readonly norms: Float64Array;
  private readonly count: number;

  /**
   * Takes ownership of `keys` and `block` (block.length must be keys.length × dimensions).
   * `verified`: the rows were checked when they were first indexed (finite values, unique keys),
   * so only their norms are computed.
   */
  constructor(opts: ExactIndexOptions, keys: BigUint64Array, block: Float32Array, verified = false) {
    checkDimensions(opts.dimensions);
    checkMetric(opts.metric);
    if (block.length !== keys.length * opts.dimensions) {
      throw new VectorIndexError(
        'dimension_mismatch',
        `vector block holds ${block.length} floats, expected ${keys.length} rows × ${opts.dimensions}`,
      );
    }
    this.dimensions = opts.dimensions;
    this.metric = opts.metric;
    this.keys = keys;
    this.block = block;
    this.count = keys.length;
    this.norms = new Float64Array(this.count);
    if (verified) {
      for (let i = 0; i < this.count; i++) this.norms[i] = norm(block, i * this.dimensions, this.dimensions);
      return;
    }
    const seen = new Set<bigint>();
    for (let i = 0; i < this.count; i++) {
      const row = block.subarray(i * this.dimensions, (i + 1) * this.dimensions);
      checkEntry(keys[i], row, this.dimensions);
      if (seen.has(keys[i])) throw new VectorIndexError('duplicate_key', `duplicate row key ${keys[i]}`);
      seen.add(keys[i]);
      this.norms[i] = norm(row);
    }
  }

  static fromEntries(entries: Iterable<VectorEntry>, opts: ExactIndexOptions): ExactIndex {
    const acc = new BlockBuilder(opts.dimensions);
    for (const e of entries) acc.push(e);
    return acc.finish(opts);
  }

  get size(): number {
    return this.count;
  }

  search(query: Float32Array, k: number, opts?: SearchOptions): SearchHit[] {
    const block = this.block;
    if (!block) throw new VectorIndexError('closed', 'the index is closed');
    checkQuery(query, this.dimensions);
    checkK(k);
    const allow = opts?.allow;
    const top = new TopK(k);
    if (k === 0) return [];
    const qNorm = norm(query);
    for (let i = 0; i < this.count; i++) {
      const key = this.keys[i];
      if (allow && !allow(key)) continue;
      const distance = distanceAt(this.metric, query, qNorm, block, i, this.norms[i]);
      const similarity = similarityOf(this.metric, distance);
      if (top.wouldKeep(similarity, key)) top.push({ key, distance, similarity });
    }
    return top.sorted();
  }

  close(): void {
    this.block = null;
  }
}

/** Builds an ExactIndex from a stream; the block grows by doubling. */
export async function buildExactIndex(entries: AsyncIterable<VectorEntry>, opts: ExactIndexOptions): Promise<ExactIndex> {
  const acc = new BlockBuilder(opts.dimensions);
  for await (const e of entries) acc.push(e);
  return acc.finish(opts);
}

class BlockBuilder {
  private block: Float32Array;
  private keys: BigUint64Array;
  private n = 0;
  constructor(private readonly dimensions: number) {
    checkDimensions(dimensions);
    this.block = new Float32Array(64 * dimensions);
    this.keys = new BigUint64Array(64);
  }

  push(e: VectorEntry): void {
    checkEntry(e.key, e.vector, this.dimensions);
    if (this.n === this.keys.length) {
      const block = new Float32Array(this.block.length * 2);
      block.set(this.block);
      const keys = new BigUint64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.block = block;
      this.keys = keys;
    }
    this.block.set(e.vector, this.n * this.dimensions);
    this.keys[this.n++] = e.key;
  }

  finish(opts: ExactIndexOptions): ExactIndex {
    if (opts.dimensions !== this.dimensions) throw new VectorIndexError('bad_argument', 'dimensions changed');
    return new ExactIndex(opts, this.keys.slice(0, this.n), this.block.slice(0, this.n * this.dimensions));
  }
}

export function checkMetric(metric: Metric): void {
  if (!METRICS.includes(metric)) {
    throw new VectorIndexError('bad_argument', `unknown metric ${String(metric)}; expected one of ${METRICS.join(', ')}`);
  }
}
