/**
 * The HTTP provider against a real HTTP server started in this file (node:http on
 * 127.0.0.1) that speaks OpenAI's and Ollama's embedding APIs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/embedding-server.js';
import { PgError } from '../../src/errors/index.js';
import { norm, runEmbeddingModelCases } from '../../src/models/embedding-model.case.test.js';
import { hashEmbed } from '../../src/models/hash-model.js';
import { HttpEmbeddingModel } from '../../src/models/http-model.js';
import { parseHttpOptions } from '../../src/models/http-options.js';

let server: EmbeddingServer;
beforeAll(async () => {
  server = await startEmbeddingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.script.length = 0;
});

/** A model on the test server; small backoffs so retries take milliseconds. */
const model = (opts: Record<string, unknown> = {}, onDims?: (d: number) => void) =>
  new HttpEmbeddingModel('test-model', parseHttpOptions({ url: server.url, model: 'm1', retry_base_ms: 1, retry_max_ms: 5, ...opts }), onDims);

/** What `p` rejects with, checked to be a PgError. */
async function failure(p: Promise<unknown>): Promise<PgError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PgError);
  return e as PgError;
}

runEmbeddingModelCases({ label: 'http (openai, dimensions given)', newModel: () => model({ dimensions: 384, batch_size: 16 }), dimensions: 384 });
runEmbeddingModelCases({
  label: 'http (ollama, dimensions learnt)',
  newModel: () => model({ format: 'ollama', batch_size: 100 }),
  dimensions: 384,
  skip: [{ reason: 'without the dimensions option the dimension is learnt from the first answer (0 before)', cases: ['the dimension is known before the first call'] }],
});

describe('http model: requests', () => {
  it('sends {model, input} to /v1/embeddings with the api key, and normalises the answer', async () => {
    const [v] = await model({ api_key: 'sk-test' }).embed(['hello world']);
    expect(server.requests).toEqual([{ path: '/v1/embeddings', body: { model: 'm1', input: ['hello world'] }, authorization: 'Bearer sk-test' }]);
    expect(norm(v)).toBeCloseTo(1, 5);
    // The server's vector is hash-384's times 3: normalised, it is hash-384's again.
    Array.from(hashEmbed('hello world')).forEach((x, i) => expect(v[i]).toBeCloseTo(x, 6));
  });

  it('ollama goes to /api/embed, with no authorization header when no key is set', async () => {
    await model({ format: 'ollama' }).embed(['a']);
    expect(server.requests).toEqual([{ path: '/api/embed', body: { model: 'm1', input: ['a'] }, authorization: undefined }]);
  });

  it('batches by batch_size and keeps the order across batches', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `text ${i}`);
    const vs = await model({ batch_size: 4 }).embed(texts);
    expect(server.requests.map((r) => r.body.input)).toEqual([texts.slice(0, 4), texts.slice(4, 8), texts.slice(8)]);
    vs.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(hashEmbed(texts[i]))));
  });

  it('learns the dimension from the first answer and reports it once', async () => {
    const seen: number[] = [];
    const m = model({}, (d) => seen.push(d));
    expect(m.dimensions).toBe(0);
    await m.embed(['a', 'b']);
    await m.embed(['c']);
    expect(m.dimensions).toBe(384);
    expect(seen).toEqual([384]);
  });
});

describe('http model: retries and failures', () => {
  it('retries after 500 and 429, then succeeds', async () => {
    server.script.push({ status: 500 }, { status: 429, retryAfter: 0 });
    const vs = await model({ max_retries: 3 }).embed(['x']);
    expect(vs).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it('waits Retry-After, capped by retry_max_ms', async () => {
    server.script.push({ status: 429, retryAfter: 0.2 }, { status: 503, retryAfter: 3600 });
    const started = Date.now();
    await model({ retry_base_ms: 0, retry_max_ms: 400 }).embed(['x']);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(580);
    expect(took).toBeLessThan(3000);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    server.script.push({ destroy: true });
    expect(await model().embed(['x'])).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after max_retries with 08006 naming the endpoint and status', async () => {
    server.script.push({ status: 503 }, { status: 503 }, { status: 503 });
    const e = await failure(model({ max_retries: 2 }).embed(['x']));
    expect(e.code).toBe('08006');
    expect(e.message).toBe(`embedding endpoint ${server.url}/v1/embeddings answered HTTP 503 Service Unavailable (after 3 attempts)`);
    expect(e.fields.detail).toContain('scripted 503');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 400, and reports it as 22023 with the body', async () => {
    server.script.push({ status: 400, body: '{"error":"model m1 not found"}' });
    const e = await failure(model({ max_retries: 3 }).embed(['x']));
    expect(e.code).toBe('22023');
    expect(e.message).toBe(`embedding endpoint ${server.url}/v1/embeddings answered HTTP 400 Bad Request`);
    expect(e.fields.detail).toBe('{"error":"model m1 not found"}');
    expect(server.requests).toHaveLength(1);
  });

  it('an unknown path (404) is not retried either', async () => {
    const e = await failure(model({ url: `${server.url}/nowhere/embeddings` }).embed(['x']));
    expect([e.code, server.requests.length]).toEqual(['22023', 1]);
  });

  it('times out each request after timeout_ms (08006), retrying timeouts', async () => {
    server.script.push({ delayMs: 1000 }, { delayMs: 1000 });
    const started = Date.now();
    const e = await failure(model({ timeout_ms: 50, max_retries: 1 }).embed(['x']));
    expect(e.code).toBe('08006');
    expect(e.message).toBe(`embedding endpoint ${server.url}/v1/embeddings did not answer within 50 ms (after 2 attempts)`);
    expect(Date.now() - started).toBeLessThan(900);
    expect(server.requests).toHaveLength(2);
  });

  it('an endpoint that cannot be reached is 08001', async () => {
    const gone = await startEmbeddingServer();
    const url = gone.url;
    await gone.close();
    const e = await failure(new HttpEmbeddingModel('m', parseHttpOptions({ url, model: 'm', max_retries: 1, retry_base_ms: 1 })).embed(['x']));
    expect(e.code).toBe('08001');
    expect(e.message).toMatch(new RegExp(`^could not reach embedding endpoint ${url}/v1/embeddings: ECONNREFUSED \\(after 2 attempts\\)$`));
  });

  it('a vector of the wrong dimension is 22000', async () => {
    const e = await failure(model({ dimensions: 8 }).embed(['x']));
    expect(e.code).toBe('22000');
    expect(e.message).toBe(`embedding endpoint ${server.url}/v1/embeddings returned a 384-dimensional vector for input 0; model "test-model" has 8 dimensions`);
  });

  it('vectors of different lengths in one answer are 22000', async () => {
    server.script.push({ raw: JSON.stringify({ embeddings: [[1, 2, 3], [1, 2]] }) });
    const e = await failure(model({ format: 'ollama' }).embed(['a', 'b']));
    expect([e.code, e.message]).toEqual(['22000', `embedding endpoint ${server.url}/api/embed returned a 2-dimensional vector for input 1; model "test-model" has 3 dimensions`]);
  });

  it('a malformed answer is 22000 and not retried', async () => {
    for (const raw of ['not json', '{"data": 5}', '{"data":[{"index":0,"embedding":[1,"x"]}]}', '{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]}']) {
      server.script.push({ raw });
      const e = await failure(model().embed(['a', 'b']));
      expect(e.code).toBe('22000');
      expect(e.message).toMatch(/^embedding endpoint .* returned an invalid response: /);
    }
    expect(server.requests).toHaveLength(4);
  });

  it('a count that does not match the input is 22000', async () => {
    server.script.push({ raw: JSON.stringify({ embeddings: [[1, 0]] }) });
    const e = await failure(model({ format: 'ollama' }).embed(['a', 'b']));
    expect(e.message).toContain('1 embeddings for 2 inputs');
  });
});

describe('http model: cancel', () => {
  it('an abort during a request stops at once with 57014', async () => {
    server.script.push({ delayMs: 5000 });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const e = await failure(model().embed(['x'], ac.signal));
    expect(e.code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('an abort during the backoff stops at once, without another attempt', async () => {
    server.script.push({ status: 500 });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const e = await failure(model({ retry_base_ms: 10_000, retry_max_ms: 10_000 }).embed(['x'], ac.signal));
    expect(e.code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('the signal reason is raised when it is a PgError', async () => {
    const ac = new AbortController();
    const reason = new PgError('57014', 'canceling statement due to statement timeout');
    ac.abort(reason);
    expect(await failure(model().embed(['x'], ac.signal))).toBe(reason);
  });
});
