/**
 * Seeded synthetic vectors for tests and bench/vector: deterministic across runs and
 * machines, so recall numbers are comparable. Not part of the serving path.
 */
import type { VectorEntry } from './vector-index.types.js';

/** mulberry32: a 32-bit seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a uniform source. */
export function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export interface ClusteredSpec {
  count: number;
  dimensions: number;
  clusters: number;
  /** Standard deviation of each component around its cluster centre (centres are in [-1, 1]^d). */
  spread: number;
  seed: number;
}

/**
 * Rows 0..count-1 (key = row number) drawn around `clusters` random centres; the cluster of
 * each row is random, so key order says nothing about position. Lazy: holds one vector.
 */
export function* clusteredVectors(spec: ClusteredSpec): Generator<VectorEntry> {
  const rand = mulberry32(spec.seed);
  const normal = gaussian(rand);
  const centres = Array.from({ length: spec.clusters }, () =>
    Float32Array.from({ length: spec.dimensions }, () => rand() * 2 - 1),
  );
  for (let i = 0; i < spec.count; i++) {
    const c = centres[Math.floor(rand() * spec.clusters)];
    const v = new Float32Array(spec.dimensions);
    for (let j = 0; j < spec.dimensions; j++) v[j] = c[j] + normal() * spec.spread;
    yield { key: BigInt(i), vector: v };
  }
}

/** The same stream as an AsyncIterable, as a build reads it. */
export async function* asAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  for (const x of it) yield x;
}
