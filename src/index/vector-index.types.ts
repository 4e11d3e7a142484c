/**
 * The contract every vector index implements (exact brute force, usearch HNSW). The SQL
 * layer's `vector_search` talks to this interface only, so it can fall back from a missing
 * or corrupt ANN sidecar to exact search without changing anything else.
 */

/**
 * Distance functions, named after the distance they report (usearch's definitions):
 * - `cosine`: 1 − cos(a, b); similarity = 1 − distance = cos(a, b) (ARCHITECTURE.md's
 *   `similarity` column). A zero vector is at distance 1 from any non-zero vector and 0
 *   from another zero vector.
 * - `ip`: 1 − a·b; similarity = a·b.
 * - `l2sq`: squared Euclidean distance; similarity = −distance (pgvector's `<->` is its root).
 */
export type Metric = 'cosine' | 'l2sq' | 'ip';

export const METRICS: readonly Metric[] = ['cosine', 'l2sq', 'ip'];

export interface SearchHit {
  /** The caller's row key (for result tables: the row ordinal in the table's Parquet data). */
  key: bigint;
  distance: number;
  similarity: number;
}

export interface SearchOptions {
  /**
   * Size of the candidate list the ANN search keeps (HNSW `ef`); ≥ k. Ignored by exact
   * search. Defaults to the index's `ef_search`.
   */
  ef?: number;
  /**
   * Row filter: only keys for which it returns true can be hits. Exact search applies it
   * before ranking; HNSW oversamples (see `HnswIndex.search`).
   */
  allow?: (rowKey: bigint) => boolean;
  /**
   * Expected fraction of rows `allow` accepts (0 < s ≤ 1), when the caller knows it. HNSW
   * uses it to size its first oversampled round; a wrong hint costs rounds, never results.
   */
  selectivity?: number;
}

export interface VectorIndex {
  /**
   * The k nearest rows to `query`, ordered by similarity descending then key ascending.
   * Returns fewer than k hits only when fewer rows exist (or pass `allow`).
   * Throws `VectorIndexError` for a query of the wrong length, a non-finite component, a
   * bad k, or a closed index.
   */
  search(query: Float32Array, k: number, opts?: SearchOptions): SearchHit[];
  readonly size: number;
  readonly dimensions: number;
  readonly metric: Metric;
  /** Releases the index; later searches throw. Idempotent. */
  close(): void;
}

/** One row to index. */
export interface VectorEntry {
  key: bigint;
  vector: Float32Array;
}
