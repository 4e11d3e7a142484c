import { PgError, SqlStates } from '../errors/index.js';
import type { HttpFormat } from './http-options.js';

/** A malformed answer from an endpoint: 22000, naming the endpoint. */
export const badResponse = (endpoint: string, what: string) => new PgError(SqlStates.data_exception, `embedding endpoint ${endpoint} returned an invalid response: ${what}`);

const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * The vectors of one answer, in input order.
 * OpenAI: `{ data: [{ index, embedding }] }`, ordered by `index` (servers may reorder).
 * Ollama: `{ embeddings: [[…], …] }` in input order.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings
 */
export function vectorsOf(body: unknown, format: HttpFormat, count: number, endpoint: string): number[][] {
  const fail = (what: string) => badResponse(endpoint, what);
  if (!body || typeof body !== 'object') throw fail('the body is not a JSON object');
  let vectors: unknown[];
  if (format === 'ollama') {
    const e = (body as { embeddings?: unknown }).embeddings;
    if (!Array.isArray(e)) throw fail('no "embeddings" array');
    vectors = e;
  } else {
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) throw fail('no "data" array');
    vectors = new Array(data.length);
    for (const item of data as { index?: unknown; embedding?: unknown }[]) {
      const i = item?.index;
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= data.length || vectors[i] !== undefined) throw fail(`bad or repeated "index" ${JSON.stringify(i)}`);
      vectors[i] = item.embedding;
    }
  }
  if (vectors.length !== count) throw fail(`${vectors.length} embeddings for ${count} inputs`);
  vectors.forEach((v, i) => {
    if (!isVector(v)) throw fail(`embedding ${i} is not a non-empty array of finite numbers`);
  });
  return vectors as number[][];
}
