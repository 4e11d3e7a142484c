import { PgError, SqlStates } from '../errors/index.js';
import { cancelError, sleep, throwIfAborted } from './abort.js';
import type { EmbeddingModel } from './embedding-model.types.js';
import { badResponse, vectorsOf } from './http-response.js';
import { endpointOf, type HttpModelOptions } from './http-options.js';
import { l2Normalize } from './normalize.js';

/** A failure worth another attempt (network error, timeout, 429, 5xx), with the error to raise if none is left. */
class Retryable {
  constructor(
    readonly error: PgError,
    /** The server's Retry-After, when it sent one. */
    readonly afterMs?: number,
  ) {}
}

const snippet = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** Retry-After in seconds (the HTTP-date form is ignored: the backoff applies then). */
function retryAfterMs(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  const s = h === null || h.trim() === '' ? NaN : Number(h);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

/**
 * An embedding model behind an HTTP endpoint speaking OpenAI's `/v1/embeddings`
 * (`{model, input: [...]}` → `data[i].embedding` by `index`) or Ollama's `/api/embed`
 * (`{model, input}` → `embeddings`). Texts go in batches of `batch_size`, one batch at a
 * time; each request has its own `timeout_ms`. Network errors, timeouts, 429 and 5xx are
 * retried up to `max_retries` times with capped exponential backoff; other statuses fail at
 * once. Errors (all PgError, naming the endpoint):
 * - 08001 the endpoint cannot be reached; 08006 it timed out or kept answering 429/5xx;
 * - 22023 it refused the request (another 4xx: bad key, unknown model, bad input);
 * - 22000 its answer is malformed, or a vector has the wrong dimension;
 * - 57014 the caller's signal aborted (or that signal's PgError reason).
 */
export class HttpEmbeddingModel implements EmbeddingModel {
  readonly endpoint: string;
  private dims: number | undefined;

  constructor(
    readonly name: string,
    private readonly options: HttpModelOptions,
    /** Called once when the dimension is first learnt from an answer. */
    private readonly onDimensions?: (dimensions: number) => void,
  ) {
    this.endpoint = endpointOf(options);
    this.dims = options.dimensions;
  }

  get dimensions(): number {
    return this.dims ?? 0;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    throwIfAborted(signal);
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.options.batch_size) {
      out.push(...(await this.embedBatch(texts.slice(i, i + this.options.batch_size), i, signal)));
    }
    return out;
  }

  private async embedBatch(batch: readonly string[], offset: number, signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const { max_retries, retry_base_ms, retry_max_ms } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.toVectors(await this.request(batch, signal), batch.length, offset);
      } catch (e) {
        if (!(e instanceof Retryable)) throw e;
        if (attempt >= max_retries) {
          const tries = attempt + 1;
          throw new PgError(e.error.code, `${e.error.message} (after ${tries} attempt${tries === 1 ? '' : 's'})`, e.error.fields);
        }
        const backoff = Math.min(retry_base_ms * 2 ** attempt, retry_max_ms);
        await sleep(e.afterMs === undefined ? backoff : Math.min(e.afterMs, retry_max_ms), signal);
      }
    }
  }

  /** One POST. Throws Retryable for what may pass, PgError for what will not. */
  private async request(batch: readonly string[], signal: AbortSignal | undefined): Promise<unknown> {
    throwIfAborted(signal);
    const ac = new AbortController();
    let timedOut = false;
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.options.timeout_ms);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.api_key) headers.authorization = `Bearer ${this.options.api_key}`;
    try {
      const res = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify({ model: this.options.model, input: batch }), signal: ac.signal });
      const text = await res.text();
      if (!res.ok) {
        const msg = `embedding endpoint ${this.endpoint} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
        const detail = text ? { detail: snippet(text) } : {};
        if (res.status === 429 || res.status >= 500) throw new Retryable(new PgError(SqlStates.connection_failure, msg, detail), retryAfterMs(res));
        throw new PgError(SqlStates.invalid_parameter_value, msg, { ...detail, hint: 'Check the model\'s options (url, model, api_key) with the endpoint\'s documentation.' });
      }
      try {
        return JSON.parse(text);
      } catch {
        throw badResponse(this.endpoint, `the body is not JSON: ${snippet(text)}`);
      }
    } catch (e) {
      if (e instanceof Retryable || e instanceof PgError) throw e;
      if (signal?.aborted) throw cancelError(signal);
      if (timedOut) throw new Retryable(new PgError(SqlStates.connection_failure, `embedding endpoint ${this.endpoint} did not answer within ${this.options.timeout_ms} ms`));
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new Retryable(new PgError(SqlStates.sqlclient_unable_to_establish_sqlconnection, `could not reach embedding endpoint ${this.endpoint}: ${why}`));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Check the answer's shape and every vector's dimension, then normalise. */
  private toVectors(body: unknown, count: number, offset: number): Float32Array[] {
    return vectorsOf(body, this.options.format, count, this.endpoint).map((v, i) => {
      if (this.dims === undefined) {
        this.dims = v.length;
        this.onDimensions?.(v.length);
      }
      if (v.length !== this.dims) {
        throw new PgError(SqlStates.data_exception, `embedding endpoint ${this.endpoint} returned a ${v.length}-dimensional vector for input ${offset + i}; model "${this.name}" has ${this.dims} dimensions`);
      }
      return l2Normalize(Float32Array.from(v));
    });
  }
}
