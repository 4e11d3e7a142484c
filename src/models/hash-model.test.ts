import { describe, expect, it } from 'vitest';
import { dot, norm, runEmbeddingModelCases } from './embedding-model.case.test.js';
import { fnv1a, HashEmbeddingModel, hashEmbed, wordTokens } from './hash-model.js';

runEmbeddingModelCases({ label: 'hash-384', newModel: () => new HashEmbeddingModel(), dimensions: 384 });

describe('hash-384', () => {
  it('FNV-1a matches the reference values (stable across versions)', () => {
    // Reference: 32-bit FNV-1a of the bytes "" and "a" ("a" as UTF-16LE is 0x61 0x00).
    expect(fnv1a('')).toBe(0x811c9dc5);
    const bytes = (b: number[]) => b.reduce((h, x) => Math.imul(h ^ x, 0x01000193) >>> 0, 0x811c9dc5);
    expect(fnv1a('a')).toBe(bytes([0x61, 0x00]));
    expect(fnv1a('é')).toBe(bytes([0xe9, 0x00]));
  });

  it('pins a vector, so a change to the hashing is a visible decision', () => {
    const v = hashEmbed('Hello, world');
    const nonZero = Array.from(v).flatMap((x, i) => (x === 0 ? [] : [i]));
    expect(nonZero.length).toBeGreaterThan(8);
    expect(norm(v)).toBeCloseTo(1, 6);
    expect(Array.from(hashEmbed('hello world'))).toEqual(Array.from(v));
  });

  it('tokens are lower-cased runs of letters and digits, in any script', () => {
    expect(wordTokens("Hello, WORLD! it's 2024 — naïve Straße 東京")).toEqual(['hello', 'world', 'it', 's', '2024', 'naïve', 'straße', '東京']);
  });

  it('composed and decomposed accents are the same word', () => {
    expect(wordTokens('cafe\u0301 CAFÉ')).toEqual(['café', 'café']);
  });

  it('case and punctuation do not matter', () => {
    expect(Array.from(hashEmbed('The QUICK fox!'))).toEqual(Array.from(hashEmbed('the quick fox')));
  });

  it('an empty text, or one without letters or digits, is the zero vector', () => {
    for (const t of ['', '   ', '!?—']) {
      const v = hashEmbed(t);
      expect(v.length).toBe(384);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('lexical, not semantic: shared spelling counts, meaning does not', () => {
    const [car, cars, automobile] = ['car', 'cars', 'automobile'].map(hashEmbed);
    // "car" and "cars" share the trigrams <ca and car; "automobile" shares nothing with "car".
    expect(dot(car, cars)).toBeGreaterThan(0.2);
    expect(Math.abs(dot(car, automobile))).toBeLessThan(0.1);
  });

  it('word order does not matter (a bag of words and trigrams)', () => {
    expect(dot(hashEmbed('red apple pie'), hashEmbed('pie apple red'))).toBeCloseTo(1, 5);
  });
});
