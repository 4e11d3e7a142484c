import { checkDimensions, checkQuery } from './metric.js';
import { newUsearchIndex, type UsearchIndex } from './usearch-binding.js';
import type { Metric } from './vector-index.types.js';

/** One candidate of a LiveHnsw search: the caller's label and usearch's distance. */
export interface LiveHit {
  label: bigint;
  distance: number;
}

/**
 * An HNSW graph in memory that rows are added to and removed from as a table changes (the
 * sidecar HnswIndex is a read-only view of a file). usearch marks a removed row deleted and
 * keeps it as a routing node, so `tombstones` counts them: the owner rebuilds the graph when
 * they outnumber the live rows. Labels are the caller's; one is never reused.
 */
export class LiveHnsw {
  private native: UsearchIndex;
  private removed = 0;

  constructor(
    readonly dimensions: number,
    readonly metric: Metric,
    readonly m: number,
    readonly ef_construction: number,
  ) {
    checkDimensions(dimensions);
    this.native = newUsearchIndex({ dimensions, metric, m, ef_construction, ef_search: 40 });
  }

  /** Rows in the graph (removed ones excluded). */
  get size(): number {
    return this.native.size();
  }

  /** Removed rows still in the graph. */
  get tombstones(): number {
    return this.removed;
  }

  /** Add rows: `block` holds their vectors one after another, in `labels`' order. */
  add(labels: BigUint64Array, block: Float32Array): void {
    if (labels.length === 0) return;
    // threads = 0: usearch inserts a batch on every core.
    this.native.add(labels, block, 0);
  }

  /** Remove rows by label (labels not in the graph are ignored). */
  remove(labels: bigint[]): void {
    if (labels.length === 0) return;
    const n = this.native.remove(BigUint64Array.from(labels));
    this.removed += Array.isArray(n) ? n.reduce((a, b) => a + b, 0) : n;
  }

  /** Up to `wanted` nearest rows to `query`, nearest first (the search beam is at least `wanted` wide). */
  search(query: Float32Array, wanted: number): LiveHit[] {
    checkQuery(query, this.dimensions);
    const n = Math.min(wanted, this.native.size());
    if (n <= 0) return [];
    const r = this.native.search(query, n, 1);
    const out: LiveHit[] = [];
    for (let i = 0; i < Math.min(r.keys.length, n); i++) out.push({ label: r.keys[i], distance: r.distances[i] });
    return out;
  }
}
