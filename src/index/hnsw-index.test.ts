import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExactIndex, asAsync, buildHnswIndex, clusteredVectors, openHnswIndex, type HnswIndex, type VectorEntry } from './index.js';
import { runVectorIndexCases } from './vector-index.case.test.js';

let root: string;
let serial = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jammi-hnsw-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

runVectorIndexCases(
  'HnswIndex',
  async (opts, entries) => {
    const dir = join(root, `case-${serial++}`);
    await buildHnswIndex(dir, asAsync(entries), { ...opts, m: 16, ef_construction: 64, ef_search: 64, batch_size: 7 });
    return openHnswIndex(dir);
  },
  // Nothing skipped: the cases that compare with exact search ask for recall, not identity.
  [],
);

/**
 * Recall against ExactIndex on 20k × 64 clustered vectors (50 clusters, σ = 0.3), 200
 * queries drawn from the same distribution but not indexed.
 */
describe('HnswIndex recall', () => {
  const N = 20_000;
  const D = 64;
  const spec = { count: N + 200, dimensions: D, clusters: 50, spread: 0.3, seed: 42 };
  const rows = function* (): Generator<VectorEntry> {
    for (const e of clusteredVectors(spec)) if (e.key < BigInt(N)) yield e;
  };
  const queries = [...clusteredVectors(spec)].slice(N).map((e) => e.vector);
  let ann: HnswIndex;
  let exact: ExactIndex;

  beforeAll(async () => {
    const t0 = performance.now();
    let progress = 0;
    await buildHnswIndex(join(root, 'recall'), asAsync(rows()), {
      dimensions: D,
      metric: 'cosine',
      m: 16,
      ef_construction: 64,
      ef_search: 64,
      onProgress: (done) => (progress = done),
    });
    const ms = performance.now() - t0;
    console.log(`hnsw build ${N}x${D}: ${ms.toFixed(0)} ms`);
    expect(progress).toBe(N);
    ann = await openHnswIndex(join(root, 'recall'));
    exact = ExactIndex.fromEntries(rows(), { dimensions: D, metric: 'cosine' });
  });

  const recall = (allow?: (k: bigint) => boolean, selectivity?: number) => {
    let found = 0;
    let wanted = 0;
    for (const q of queries) {
      const got = ann.search(q, 10, { allow, selectivity });
      const truth = exact.search(q, 10, { allow });
      expect(got).toHaveLength(truth.length);
      if (allow) for (const h of got) expect(allow(h.key)).toBe(true);
      const keys = new Set(got.map((h) => h.key));
      for (const h of truth) if (keys.has(h.key)) found++;
      wanted += truth.length;
    }
    return found / wanted;
  };

  it('recall@10 ≥ 0.95 unfiltered', () => {
    const r = recall();
    console.log(`recall@10 unfiltered: ${r.toFixed(4)}`);
    expect(r).toBeGreaterThanOrEqual(0.95);
  });

  it('recall@10 ≥ 0.95 with 10% of rows allowed', () => {
    const r = recall((k) => k % 10n === 3n);
    console.log(`recall@10 filtered 10%: ${r.toFixed(4)}`);
    expect(r).toBeGreaterThanOrEqual(0.95);
  });

  it('recall@10 ≥ 0.95 with 1% of rows allowed (with and without a selectivity hint)', () => {
    const allow = (k: bigint) => k % 100n === 7n;
    const r = recall(allow);
    const hinted = recall(allow, 0.01);
    console.log(`recall@10 filtered 1%: ${r.toFixed(4)} (hinted ${hinted.toFixed(4)})`);
    expect(r).toBeGreaterThanOrEqual(0.95);
    expect(hinted).toBeGreaterThanOrEqual(0.95);
  });

  it('a filter keeping only 3 rows still finds all 3 (oversampling reaches the whole index)', () => {
    const allowed = new Set([5n, 12_345n, 19_999n]);
    const hits = ann.search(queries[0], 10, { allow: (k) => allowed.has(k) });
    expect(new Set(hits.map((h) => h.key))).toEqual(allowed);
  });

  it('a larger ef does not lower recall and k > ef still returns k hits', () => {
    let found = 0;
    for (const q of queries.slice(0, 50)) {
      const got = new Set(ann.search(q, 10, { ef: 256 }).map((h) => h.key));
      for (const h of exact.search(q, 10)) if (got.has(h.key)) found++;
    }
    expect(found / 500).toBeGreaterThanOrEqual(0.98);
    expect(ann.search(queries[0], 200, { ef: 16 })).toHaveLength(200);
  });
});
