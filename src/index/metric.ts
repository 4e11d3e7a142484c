import { VectorIndexError } from './errors.js';
import type { Metric, SearchHit } from './vector-index.types.js';

/** Similarity from a distance; monotone decreasing, so ranking by either agrees. */
export function similarityOf(metric: Metric, distance: number): number {
  return metric === 'l2sq' ? -distance : 1 - distance;
}

/** The result order of every index: similarity descending, then key ascending. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.similarity !== b.similarity) return b.similarity - a.similarity;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function checkQuery(query: Float32Array, dimensions: number): void {
  if (!(query instanceof Float32Array)) {
    throw new VectorIndexError('bad_vector', 'query vector must be a Float32Array');
  }
  if (query.length !== dimensions) {
    throw new VectorIndexError(
      'dimension_mismatch',
      `query vector has ${query.length} dimensions, the index has ${dimensions}`,
    );
  }
  checkFinite(query, 'query vector');
}

export function checkEntry(key: bigint, vector: Float32Array, dimensions: number): void {
  if (typeof key !== 'bigint' || key < 0n || key > 0xffff_ffff_ffff_ffffn) {
    throw new VectorIndexError('bad_argument', `row key ${String(key)} is not an unsigned 64-bit integer`);
  }
  if (!(vector instanceof Float32Array) || vector.length !== dimensions) {
    throw new VectorIndexError(
      'dimension_mismatch',
      `row ${key}: vector has ${vector?.length} dimensions, the index has ${dimensions}`,
    );
  }
  checkFinite(vector, `row ${key}: vector`);
}

function checkFinite(v: Float32Array, what: string): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new VectorIndexError('bad_vector', `${what} has a non-finite component at ${i}`);
  }
}

/** k must be a non-negative safe integer; 0 returns no hits. */
export function checkK(k: number): void {
  if (!Number.isSafeInteger(k) || k < 0) {
    throw new VectorIndexError('bad_k', `k must be a non-negative integer, got ${k}`);
  }
}

export function checkEf(ef: number | undefined): void {
  if (ef !== undefined && (!Number.isSafeInteger(ef) || ef < 1)) {
    throw new VectorIndexError('bad_argument', `ef must be a positive integer, got ${ef}`);
  }
}

export function checkDimensions(dimensions: number): void {
  if (!Number.isSafeInteger(dimensions) || dimensions < 1) {
    throw new VectorIndexError('bad_argument', `dimensions must be a positive integer, got ${dimensions}`);
  }
}

/**
 * Distance between `q` (with precomputed norm `qNorm`) and row `row` of `block`. Accumulates
 * in float64 and rounds to float32, the precision usearch reports, so both implementations
 * produce the same ties. Zero vectors follow usearch: cos distance 0 between two zero
 * vectors, 1 between a zero and a non-zero vector.
 */
export function distanceAt(
  metric: Metric,
  q: Float32Array,
  qNorm: number,
  block: Float32Array,
  row: number,
  rowNorm: number,
): number {
  const d = q.length;
  const off = row * d;
  if (metric === 'l2sq') {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const x = q[i] - block[off + i];
      s += x * x;
    }
    return Math.fround(s);
  }
  let dot = 0;
  for (let i = 0; i < d; i++) dot += q[i] * block[off + i];
  if (metric === 'ip') return Math.fround(1 - dot);
  if (qNorm === 0 || rowNorm === 0) return qNorm === 0 && rowNorm === 0 ? 0 : 1;
  return Math.fround(1 - dot / (qNorm * rowNorm));
}

export function norm(v: Float32Array, off = 0, d = v.length): number {
  let s = 0;
  for (let i = off; i < off + d; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
