import { PgError, SqlStates } from '../errors/index.js';

/** The wire formats the HTTP provider speaks. */
export type HttpFormat = 'openai' | 'ollama';

/** Options of an HTTP embedding model, as given to `jammi.register_model(name, 'http', options)`, with defaults applied. */
export interface HttpModelOptions {
  /** The base URL or the full endpoint (see `endpointOf`). */
  url: string;
  /** The model name sent to the endpoint. */
  model: string;
  /** Sent as `Authorization: Bearer …`. */
  api_key?: string;
  /** The expected vector length; learnt from the first answer when absent. */
  dimensions?: number;
  batch_size: number;
  timeout_ms: number;
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx. */
  max_retries: number;
  format: HttpFormat;
  /** Backoff before retry n (from 0) is min(retry_base_ms · 2ⁿ, retry_max_ms). */
  retry_base_ms: number;
  retry_max_ms: number;
}

const defaults = { batch_size: 64, timeout_ms: 30_000, max_retries: 3, format: 'openai', retry_base_ms: 250, retry_max_ms: 10_000 } as const;

/** Each option's check: an integer range, or a string (optionally one of a set). */
const rules: Record<keyof HttpModelOptions, { int: [number, number] } | { str: true; oneOf?: readonly string[] }> = {
  url: { str: true },
  model: { str: true },
  api_key: { str: true },
  dimensions: { int: [1, 65_536] },
  batch_size: { int: [1, 4096] },
  timeout_ms: { int: [1, 600_000] },
  max_retries: { int: [0, 20] },
  format: { str: true, oneOf: ['openai', 'ollama'] },
  retry_base_ms: { int: [0, 60_000] },
  retry_max_ms: { int: [0, 600_000] },
};

const bad = (msg: string, hint?: string) => new PgError(SqlStates.invalid_parameter_value, msg, hint ? { hint } : {});

/** Validate `raw` (the jsonb a client passed) and fill in defaults. Any problem is 22023 naming the option. */
export function parseHttpOptions(raw: Record<string, unknown>): HttpModelOptions {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(raw)) {
    const rule = rules[key as keyof HttpModelOptions];
    if (!rule) throw bad(`unknown option "${key}" for an http model`, `Valid options: ${Object.keys(rules).join(', ')}.`);
    if (value === null) continue;
    if ('int' in rule) {
      const [lo, hi] = rule.int;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) throw bad(`option "${key}" must be an integer from ${lo} to ${hi}, not ${JSON.stringify(value)}`);
    } else {
      if (typeof value !== 'string' || value === '') throw bad(`option "${key}" must be a non-empty string`);
      if (rule.oneOf && !rule.oneOf.includes(value)) throw bad(`option "${key}" must be one of ${rule.oneOf.join(', ')}, not "${value}"`);
    }
    out[key] = value;
  }
  for (const req of ['url', 'model'] as const) if (out[req] === undefined) throw bad(`an http model needs the option "${req}"`);
  let url: URL;
  try {
    url = new URL(out.url as string);
  } catch {
    throw bad(`option "url" is not a valid URL: ${String(out.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`option "url" must be an http:// or https:// URL, not ${url.protocol}`);
  return out as unknown as HttpModelOptions;
}

/**
 * The URL requests go to. A URL whose path already ends in the format's path (`/embeddings`,
 * `/api/embed`) is used as is; otherwise that path is appended: `/v1/embeddings` for openai
 * (`/embeddings` after a path ending in `/v1`), `/api/embed` for ollama.
 */
export function endpointOf(o: Pick<HttpModelOptions, 'url' | 'format'>): string {
  const u = new URL(o.url);
  const p = u.pathname.replace(/\/+$/, '');
  if (o.format === 'ollama') u.pathname = p.endsWith('/api/embed') ? p : `${p}/api/embed`;
  else u.pathname = p.endsWith('/embeddings') ? p : p.endsWith('/v1') ? `${p}/embeddings` : `${p}/v1/embeddings`;
  return u.toString();
}
