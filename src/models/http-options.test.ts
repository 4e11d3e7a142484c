import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { thrown } from '../../test/helpers/thrown.js';
import { endpointOf, parseHttpOptions } from './http-options.js';

describe('parseHttpOptions', () => {
  it('fills in the defaults', () => {
    expect(parseHttpOptions({ url: 'http://h:1', model: 'm' })).toEqual({
      url: 'http://h:1',
      model: 'm',
      batch_size: 64,
      timeout_ms: 30000,
      max_retries: 3,
      format: 'openai',
      retry_base_ms: 250,
      retry_max_ms: 10000,
    });
  });

  it.each([
    [{ model: 'm' }, 'an http model needs the option "url"'],
    [{ url: 'http://h' }, 'an http model needs the option "model"'],
    [{ url: 'not a url', model: 'm' }, 'option "url" is not a valid URL: not a url'],
    [{ url: 'ftp://h/x', model: 'm' }, 'option "url" must be an http:// or https:// URL, not ftp:'],
    [{ url: 'http://h', model: 'm', batch_size: 0 }, 'option "batch_size" must be an integer from 1 to 4096, not 0'],
    [{ url: 'http://h', model: 'm', timeout_ms: '5' }, 'option "timeout_ms" must be an integer from 1 to 600000, not "5"'],
    [{ url: 'http://h', model: 'm', dimensions: 1.5 }, 'option "dimensions" must be an integer from 1 to 65536, not 1.5'],
    [{ url: 'http://h', model: 'm', format: 'cohere' }, 'option "format" must be one of openai, ollama, not "cohere"'],
    [{ url: 'http://h', model: 7 }, 'option "model" must be a non-empty string'],
    [{ url: 'http://h', model: 'm', batchsize: 3 }, 'unknown option "batchsize" for an http model'],
  ])('%j is refused with 22023: %s', (opts, message) => {
    const e = thrown(PgError, () => parseHttpOptions(opts));
    expect([e.code, e.message]).toEqual(['22023', message]);
  });
});

describe('endpointOf', () => {
  it.each([
    ['http://h:1', 'openai', 'http://h:1/v1/embeddings'],
    ['http://h:1/', 'openai', 'http://h:1/v1/embeddings'],
    ['http://h:1/v1', 'openai', 'http://h:1/v1/embeddings'],
    ['https://api.example.com/v1/embeddings', 'openai', 'https://api.example.com/v1/embeddings'],
    ['http://h/openai/deployments/x/embeddings?api-version=1', 'openai', 'http://h/openai/deployments/x/embeddings?api-version=1'],
    ['http://h:11434', 'ollama', 'http://h:11434/api/embed'],
    ['http://h:11434/api/embed', 'ollama', 'http://h:11434/api/embed'],
  ] as const)('%s (%s) → %s', (url, format, want) => {
    expect(endpointOf({ url, format })).toBe(want);
  });
});
