/**
 * The conformance suite every VectorIndex implementation runs (STYLE.md #16). It is not
 * collected by vitest itself (vitest.config.ts excludes *.case.test.ts); each
 * implementation's test file calls runVectorIndexCases with a factory and its skip list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExactIndex, VectorIndexError, clusteredVectors, type Metric, type SearchHit, type VectorEntry, type VectorIndex } from './index.js';

export type IndexFactory = (opts: { dimensions: number; metric: Metric }, entries: VectorEntry[]) => Promise<VectorIndex>;

/** Cases an implementation skips, grouped under the reason it cannot pass them. */
export type SkipList = { reason: string; cases: CaseName[] }[];

export const CASES = [
  'reports size, dimensions and metric',
  'orders by similarity descending',
  'breaks ties by key ascending',
  'returns every row when k exceeds size',
  'returns nothing for k = 0 or an empty index',
  'rejects a bad k',
  'rejects a query of the wrong dimension',
  'rejects a non-finite query',
  'allow filters before ranking',
  'allow keeping fewer than k rows returns all of them',
  'cosine similarity is 1 - cosine distance',
  'cosine with zero vectors follows usearch',
  'l2sq distance is the squared euclidean distance',
  'ip similarity is the dot product',
  'agrees with exact search on a small set',
  'search after close throws',
] as const;
export type CaseName = (typeof CASES)[number];

const v = (...xs: number[]) => Float32Array.from(xs);
const e = (key: number, ...xs: number[]): VectorEntry => ({ key: BigInt(key), vector: v(...xs) });
const keys = (hits: SearchHit[]) => hits.map((h) => Number(h.key));

function expectOrdered(hits: SearchHit[]): void {
  for (let i = 1; i < hits.length; i++) {
    const a = hits[i - 1];
    const b = hits[i];
    expect(a.similarity > b.similarity || (a.similarity === b.similarity && a.key < b.key)).toBe(true);
  }
}

function expectIndexError(f: () => unknown, code: string): void {
  let err: unknown;
  try {
    f();
  } catch (x) {
    err = x;
  }
  expect(err).toBeInstanceOf(VectorIndexError);
  expect((err as VectorIndexError).code).toBe(code);
}

export function runVectorIndexCases(name: string, factory: IndexFactory, skips: SkipList = []): void {
  const skipped = new Set(skips.flatMap((s) => s.cases));
  const open: VectorIndex[] = [];
  const make = async (opts: { dimensions: number; metric: Metric }, entries: VectorEntry[]) => {
    const ix = await factory(opts, entries);
    open.push(ix);
    return ix;
  };
  const test = (c: CaseName, body: () => Promise<void>) => (skipped.has(c) ? it.skip : it)(c, body);

  describe(`VectorIndex conformance: ${name}`, () => {
    afterEach(() => {
      for (const ix of open.splice(0)) ix.close();
    });

    const square = [e(1, 1, 0), e(2, 0, 1), e(3, 1, 1), e(4, -1, 0), e(5, 1, 0.2)];

    test('reports size, dimensions and metric', async () => {
      const ix = await make({ dimensions: 2, metric: 'l2sq' }, square);
      expect([ix.size, ix.dimensions, ix.metric]).toEqual([5, 2, 'l2sq']);
    });

    test('orders by similarity descending', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      const hits = ix.search(v(1, 0), 5);
      expect(keys(hits)).toEqual([1, 5, 3, 2, 4]);
      expectOrdered(hits);
    });

    test('breaks ties by key ascending', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, [e(9, 1, 0), e(3, 2, 0), e(5, 1, 0), e(7, 0, 1), e(1, 0, 3)]);
      expect(keys(ix.search(v(1, 0), 5))).toEqual([3, 5, 9, 1, 7]);
      // k cuts through the tie: the smaller keys win.
      expect(keys(ix.search(v(1, 0), 2))).toEqual([3, 5]);
    });

    test('returns every row when k exceeds size', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      const hits = ix.search(v(0, 1), 100);
      expect(hits).toHaveLength(5);
      expect(new Set(keys(hits))).toEqual(new Set([1, 2, 3, 4, 5]));
      expectOrdered(hits);
    });

    test('returns nothing for k = 0 or an empty index', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      expect(ix.search(v(1, 0), 0)).toEqual([]);
      const empty = await make({ dimensions: 3, metric: 'cosine' }, []);
      expect(empty.size).toBe(0);
      expect(empty.search(v(1, 0, 0), 10)).toEqual([]);
    });

    test('rejects a bad k', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      expectIndexError(() => ix.search(v(1, 0), -1), 'bad_k');
      expectIndexError(() => ix.search(v(1, 0), 1.5), 'bad_k');
      expectIndexError(() => ix.search(v(1, 0), Number.NaN), 'bad_k');
    });

    test('rejects a query of the wrong dimension', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      expectIndexError(() => ix.search(v(1, 0, 0), 3), 'dimension_mismatch');
      // A multiple of the dimension must not be read as a batch of queries.
      expectIndexError(() => ix.search(v(1, 0, 1, 0), 3), 'dimension_mismatch');
      expectIndexError(() => ix.search(v(1), 3), 'dimension_mismatch');
    });

    test('rejects a non-finite query', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      expectIndexError(() => ix.search(v(Number.NaN, 0), 3), 'bad_vector');
      expectIndexError(() => ix.search(v(Number.POSITIVE_INFINITY, 0), 3), 'bad_vector');
    });

    test('allow filters before ranking', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      const odd = (k: bigint) => k % 2n === 1n;
      const hits = ix.search(v(1, 0), 2, { allow: odd });
      expect(keys(hits)).toEqual([1, 5]);
      expect(keys(ix.search(v(0, 1), 3, { allow: odd }))).toEqual([3, 5, 1]);
      expect(ix.search(v(1, 0), 3, { allow: () => false })).toEqual([]);
    });

    test('allow keeping fewer than k rows returns all of them', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      expect(keys(ix.search(v(1, 0), 4, { allow: (k) => k === 4n || k === 2n }))).toEqual([2, 4]);
    });

    test('cosine similarity is 1 - cosine distance', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      const byKey = new Map(ix.search(v(1, 0), 5).map((h) => [Number(h.key), h]));
      const expected: Record<number, number> = { 1: 1, 2: 0, 3: Math.SQRT1_2, 4: -1, 5: 1 / Math.sqrt(1.04) };
      for (const [k, sim] of Object.entries(expected)) {
        const h = byKey.get(Number(k))!;
        expect(h.similarity).toBeCloseTo(sim, 5);
        expect(h.similarity).toBeCloseTo(1 - h.distance, 12);
      }
    });

    test('cosine with zero vectors follows usearch', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, [e(1, 0, 0), e(2, 1, 0)]);
      expect(ix.search(v(1, 0), 2).map((h) => [Number(h.key), h.distance])).toEqual([
        [2, 0],
        [1, 1],
      ]);
      expect(ix.search(v(0, 0), 2).map((h) => [Number(h.key), h.distance])).toEqual([
        [1, 0],
        [2, 1],
      ]);
    });

    test('l2sq distance is the squared euclidean distance', async () => {
      const ix = await make({ dimensions: 2, metric: 'l2sq' }, square);
      const hits = ix.search(v(1, 0), 5);
      expect(keys(hits)).toEqual([1, 5, 3, 2, 4]);
      expect(hits.map((h) => h.distance)).toEqual([0, Math.fround(0.04), 1, 2, 4].map((x) => expect.closeTo(x, 6)));
      for (const h of hits) expect(h.similarity).toBe(-h.distance);
    });

    test('ip similarity is the dot product', async () => {
      const ix = await make({ dimensions: 2, metric: 'ip' }, square);
      const hits = ix.search(v(2, 1), 5);
      expect(keys(hits)).toEqual([3, 5, 1, 2, 4]);
      expect(hits.map((h) => h.similarity)).toEqual([3, 2.2, 2, 1, -2].map((x) => expect.closeTo(x, 5)));
    });

    // HNSW is approximate even with ef ≥ rows (usearch inserts in parallel, so the graph differs
    // run to run): the case asks for recall ≥ 0.95 against exact search, and for each hit the
    // similarity exact search gives the same row.
    test('agrees with exact search on a small set', async () => {
      for (const metric of ['cosine', 'l2sq', 'ip'] as const) {
        const entries = [...clusteredVectors({ count: 300, dimensions: 8, clusters: 5, spread: 0.3, seed: 7 })];
        const ix = await make({ dimensions: 8, metric }, entries);
        const oracle = ExactIndex.fromEntries(entries, { dimensions: 8, metric });
        let found = 0;
        let wanted = 0;
        for (const q of [...clusteredVectors({ count: 20, dimensions: 8, clusters: 5, spread: 0.3, seed: 8 })]) {
          const got = ix.search(q.vector, 10, { ef: 300 });
          const all = new Map(oracle.search(q.vector, 300).map((h) => [h.key, h.similarity]));
          const want = new Set(keys(oracle.search(q.vector, 10)));
          found += keys(got).filter((k) => want.has(k)).length;
          wanted += want.size;
          got.forEach((h) => expect(h.similarity).toBeCloseTo(all.get(h.key)!, 4));
        }
        expect(found / wanted).toBeGreaterThanOrEqual(0.95);
      }
    });

    test('search after close throws', async () => {
      const ix = await make({ dimensions: 2, metric: 'cosine' }, square);
      ix.close();
      ix.close();
      expectIndexError(() => ix.search(v(1, 0), 1), 'closed');
    });
  });
}
