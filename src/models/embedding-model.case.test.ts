/**
 * The conformance suite every EmbeddingModel runs (STYLE #16). An implementation calls
 * `runEmbeddingModelCases` from its own test file, naming the cases it skips under a reason.
 * This file holds no tests of its own (vitest.config.ts excludes `*.case.test.ts`).
 */
import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import type { EmbeddingModel } from './embedding-model.types.js';

export const embeddingCases = [
  'one vector per text, in order, of the declared dimension',
  'the dimension is known before the first call',
  'vectors are L2-normalised',
  'deterministic across calls and batch positions',
  'similar texts are closer than unrelated ones',
  'no texts give no vectors',
  'many texts at once',
  'an aborted signal rejects with 57014',
] as const;
export type EmbeddingCase = (typeof embeddingCases)[number];

export interface EmbeddingCaseSetup {
  /** Shown in the suite's title. */
  label: string;
  /** A fresh model for each case. */
  newModel: () => EmbeddingModel;
  /** The dimension every vector must have. */
  dimensions: number;
  skip?: { reason: string; cases: EmbeddingCase[] }[];
}

export const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
export const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

export function runEmbeddingModelCases(setup: EmbeddingCaseSetup): void {
  const skipped = new Set(setup.skip?.flatMap((s) => s.cases) ?? []);
  const test = (name: EmbeddingCase, fn: () => Promise<void>) => (skipped.has(name) ? it.skip : it)(name, fn);

  describe(`EmbeddingModel conformance: ${setup.label}`, () => {
    test('one vector per text, in order, of the declared dimension', async () => {
      const m = setup.newModel();
      const texts = ['alpha beta', 'gamma delta', 'epsilon'];
      const vs = await m.embed(texts);
      expect(vs).toHaveLength(3);
      for (const v of vs) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v.length).toBe(setup.dimensions);
      }
      expect(m.dimensions).toBe(setup.dimensions);
      // Order: each position holds its own text's vector.
      for (let i = 0; i < texts.length; i++) expect(Array.from(vs[i])).toEqual(Array.from((await m.embed([texts[i]]))[0]));
    });

    test('the dimension is known before the first call', async () => {
      expect(setup.newModel().dimensions).toBe(setup.dimensions);
    });

    test('vectors are L2-normalised', async () => {
      const vs = await setup.newModel().embed(['The quick brown fox', 'x', 'Ünïcödé wörds and 1234 digits']);
      for (const v of vs) expect(norm(v)).toBeCloseTo(1, 5);
    });

    test('deterministic across calls and batch positions', async () => {
      const m = setup.newModel();
      const [a] = await m.embed(['same text here']);
      const [, b] = await m.embed(['other', 'same text here']);
      const [c] = await setup.newModel().embed(['same text here']);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(Array.from(c)).toEqual(Array.from(a));
    });

    test('similar texts are closer than unrelated ones', async () => {
      const [q, near, far] = await setup.newModel().embed(['the quick brown fox jumps over the lazy dog', 'a quick brown fox jumped over a lazy dog', 'quarterly revenue and tax filing deadlines']);
      expect(dot(q, near)).toBeGreaterThan(dot(q, far));
      expect(dot(q, near)).toBeGreaterThan(0.5);
    });

    test('no texts give no vectors', async () => {
      expect(await setup.newModel().embed([])).toEqual([]);
    });

    test('many texts at once', async () => {
      const texts = Array.from({ length: 300 }, (_, i) => `document number ${i} about topic ${i % 7}`);
      const vs = await setup.newModel().embed(texts);
      expect(vs).toHaveLength(300);
      const [v17] = await setup.newModel().embed([texts[17]]);
      expect(Array.from(vs[17])).toEqual(Array.from(v17));
    });

    test('an aborted signal rejects with 57014', async () => {
      const ac = new AbortController();
      ac.abort();
      const e = await setup.newModel().embed(['text'], ac.signal).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(PgError);
      expect((e as PgError).code).toBe('57014');
    });
  });
}
