import { describe, expect, it } from 'vitest';
import { ExactIndex, VectorIndexError, asAsync, buildExactIndex, clusteredVectors } from './index.js';
import { runVectorIndexCases } from './vector-index.case.test.js';

runVectorIndexCases('ExactIndex', async (opts, entries) => ExactIndex.fromEntries(entries, opts), []);

describe('ExactIndex', () => {
  it('builds from a stream the same index as from entries', async () => {
    const spec = { count: 1000, dimensions: 16, clusters: 4, spread: 0.2, seed: 3 };
    const a = await buildExactIndex(asAsync(clusteredVectors(spec)), { dimensions: 16, metric: 'cosine' });
    const b = ExactIndex.fromEntries(clusteredVectors(spec), { dimensions: 16, metric: 'cosine' });
    const q = [...clusteredVectors({ ...spec, count: 1, seed: 4 })][0].vector;
    expect(a.size).toBe(1000);
    expect(a.search(q, 10)).toEqual(b.search(q, 10));
  });

  it('rejects duplicate keys and rows of the wrong dimension', () => {
    const v = (...xs: number[]) => Float32Array.from(xs);
    expect(() => ExactIndex.fromEntries([{ key: 1n, vector: v(1, 0) }, { key: 1n, vector: v(0, 1) }], { dimensions: 2, metric: 'cosine' })).toThrow(
      VectorIndexError,
    );
    expect(() => ExactIndex.fromEntries([{ key: 1n, vector: v(1, 0, 0) }], { dimensions: 2, metric: 'cosine' })).toThrow(/dimensions/);
    expect(() => new ExactIndex({ dimensions: 2, metric: 'cosine' }, new BigUint64Array(2), new Float32Array(3))).toThrow(VectorIndexError);
  });

  it('calls allow once per row and ranks only allowed rows', () => {
    const entries = [...clusteredVectors({ count: 500, dimensions: 4, clusters: 3, spread: 0.5, seed: 9 })];
    const ix = ExactIndex.fromEntries(entries, { dimensions: 4, metric: 'l2sq' });
    let calls = 0;
    const hits = ix.search(entries[0].vector, 10, {
      allow: (k) => {
        calls++;
        return k % 7n === 3n;
      },
    });
    expect(calls).toBe(500);
    expect(hits).toHaveLength(10);
    for (const h of hits) expect(h.key % 7n).toBe(3n);
  });
});
