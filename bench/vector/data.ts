// The data set of bench/vector: seeded clustered vectors, held-out queries from the same
// clusters, the filters and the exact ground truth. No DuckDB here: the in-process search
// children import this module too, so the Parquet writer lives in parquet.ts.
import { ExactIndex, clusteredVectors, type ClusteredSpec } from '../../src/index/index.js';

export interface DataSpec {
  rows: number;
  dimensions: number;
  queries: number;
  clusters: number;
  /** Per-component standard deviation around a cluster centre (centres are in [-1, 1]^d). */
  spread: number;
  seed: number;
}

/** Rows and queries as flat Float32Array blocks (row i at i × d): JS holds no per-row arrays. */
export interface DataSet {
  spec: DataSpec;
  /** rows × d: the indexed vectors; row i has id i. */
  block: Float32Array;
  /** queries × d: drawn after the rows from the same generator, so from the same clusters but not indexed. */
  queries: Float32Array;
}

/** A WHERE on the source's columns and the same predicate on a row id, for the ground truth and in-process arms. */
export interface Filter {
  name: string;
  /** Share of rows kept. */
  fraction: number;
  /** The conjunct appended to the SQL (`WHERE …`), or null for no filter. */
  sql: string | null;
  allow: ((id: bigint) => boolean) | null;
}

/** bucket = id % 100, so "bucket < 10" keeps every tenth row and "bucket = 0" every hundredth, spread over all clusters. */
export const FILTERS: readonly Filter[] = [
  { name: 'none', fraction: 1, sql: null, allow: null },
  { name: '10%', fraction: 0.1, sql: 'bucket < 10', allow: (id) => Number(id % 100n) < 10 },
  { name: '1%', fraction: 0.01, sql: 'bucket = 0', allow: (id) => id % 100n === 0n },
];

export function generate(spec: DataSpec): DataSet {
  const d = spec.dimensions;
  const cs: ClusteredSpec = { count: spec.rows + spec.queries, dimensions: d, clusters: spec.clusters, spread: spec.spread, seed: spec.seed };
  const block = new Float32Array(spec.rows * d);
  const queries = new Float32Array(spec.queries * d);
  let i = 0;
  for (const { vector } of clusteredVectors(cs)) {
    if (i < spec.rows) block.set(vector, i * d);
    else queries.set(vector, (i - spec.rows) * d);
    i++;
  }
  return { spec, block, queries };
}

export function row(block: Float32Array, d: number, i: number): Float32Array {
  return block.subarray(i * d, (i + 1) * d);
}

export interface GroundTruth {
  /** Per filter name: per query, the exact top-10 ids. */
  ids: Map<string, bigint[][]>;
  /** Per filter name: in-process exact search queries per second (JS brute force, one thread). */
  exactQps: Map<string, number>;
}

/**
 * Exact top-k by cosine for every query and filter. Unfiltered: ExactIndex over all rows;
 * filtered: ExactIndex over just the qualifying rows (what a search that knows the filter's
 * rows does), timed, so the same pass also gives the in-process exact arm's throughput.
 */
export function groundTruth(data: DataSet, k: number): GroundTruth {
  const d = data.spec.dimensions;
  const ids = new Map<string, bigint[][]>();
  const exactQps = new Map<string, number>();
  for (const f of FILTERS) {
    const index = exactSubset(data, f);
    const t0 = performance.now();
    const perQuery: bigint[][] = [];
    for (let q = 0; q < data.spec.queries; q++) perQuery.push(index.search(row(data.queries, d, q), k).map((h) => h.key));
    exactQps.set(f.name, data.spec.queries / ((performance.now() - t0) / 1000));
    ids.set(f.name, perQuery);
    index.close();
  }
  return { ids, exactQps };
}

function exactSubset(data: DataSet, f: Filter): ExactIndex {
  const d = data.spec.dimensions;
  const opts = { dimensions: d, metric: 'cosine' as const };
  if (!f.allow) {
    const keys = new BigUint64Array(data.spec.rows);
    for (let i = 0; i < keys.length; i++) keys[i] = BigInt(i);
    // ExactIndex takes ownership of the block; it only reads it, so sharing is safe here.
    return new ExactIndex(opts, keys, data.block);
  }
  const kept: number[] = [];
  for (let i = 0; i < data.spec.rows; i++) if (f.allow(BigInt(i))) kept.push(i);
  const keys = BigUint64Array.from(kept, (i) => BigInt(i));
  const block = new Float32Array(kept.length * d);
  kept.forEach((i, j) => block.set(row(data.block, d, i), j * d));
  return new ExactIndex(opts, keys, block);
}

/** Mean over queries of |found ∩ truth| / |truth|. */
export function recall(found: readonly (readonly bigint[])[], truth: readonly (readonly bigint[])[]): number {
  let sum = 0;
  for (let q = 0; q < truth.length; q++) {
    const t = new Set(truth[q]);
    let hit = 0;
    for (const id of found[q] ?? []) if (t.has(id)) hit++;
    sum += t.size ? hit / t.size : 1;
  }
  return truth.length ? sum / truth.length : 1;
}
