import type { EmbeddingModel } from './embedding-model.types.js';
import { l2Normalize } from './normalize.js';
import { throwIfAborted } from './abort.js';

/** The built-in model's name and dimension. */
export const HASH_MODEL_NAME = 'hash-384';
const DIMENSIONS = 384;

/** A whole word weighs more than any one of its trigrams: sharing a word is stronger evidence. */
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;

/**
 * 32-bit FNV-1a over the UTF-16 code units of `s` (each fed as two bytes, low first), from
 * `basis`. Written here so the vectors never change with a dependency's version.
 * @see http://www.isthe.com/chongo/tech/comp/fnv/index.html#FNV-1a
 */
export function fnv1a(s: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193) >>> 0;
    h = Math.imul(h ^ (c >>> 8), 0x01000193) >>> 0;
  }
  return h;
}

/** A second, independent hash for the sign (a different offset basis). */
const SIGN_BASIS = 0x9747b28c;

/**
 * Lower-cased words: maximal runs of letters (with their combining marks) and digits, in any
 * script, after NFC normalisation so a composed and a decomposed "é" are the same word.
 */
export function wordTokens(text: string): string[] {
  return text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter((t) => t.length > 0);
}

function addFeature(v: Float32Array, feature: string, weight: number): void {
  const idx = fnv1a(feature) % DIMENSIONS;
  const sign = fnv1a(feature, SIGN_BASIS) & 1 ? -1 : 1;
  v[idx] += sign * weight;
}

/** The hashed, normalised vector of one text. */
export function hashEmbed(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  for (const word of wordTokens(text)) {
    addFeature(v, `w:${word}`, WORD_WEIGHT);
    // Boundary marks make prefixes and suffixes their own trigrams; a one-letter word still has one.
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(v, `c:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  }
  return l2Normalize(v);
}

/**
 * `hash-384`: deterministic feature hashing ("the hashing trick") of lower-cased word
 * tokens and of character trigrams within words (with `<`/`>` word-boundary marks), each
 * added with a sign from a second hash into one of 384 buckets, then L2-normalised.
 *
 * It is LEXICAL, NOT SEMANTIC: texts are close when they share words or spellings, so
 * "car" and "cars" are close but "car" and "automobile" are not. It needs no network and
 * no weights and never changes, which is what tests and demos want.
 *
 * A text with no letters or digits (including the empty text) gets the zero vector: it has
 * no direction, so its cosine similarity to anything is 0 (not 1, and not an error).
 */
export class HashEmbeddingModel implements EmbeddingModel {
  readonly name = HASH_MODEL_NAME;
  readonly dimensions = DIMENSIONS;

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    throwIfAborted(signal);
    return texts.map((t) => hashEmbed(t));
  }
}
