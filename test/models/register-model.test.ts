/**
 * jammi.register_model over the wire: an HTTP model against a real embeddings server
 * started in this file, `_jammi_models`, the built-in hash-384, the bad paths with their
 * SQLSTATEs (the connection survives each, and the catalog is unchanged), and a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { startJammi } from '../../src/server/index.js';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/embedding-server.js';
import { useJammi } from '../helpers/jammi.js';
import { pgError } from '../helpers/thrown.js';

const j = useJammi({ client: true });
let embeddings: EmbeddingServer;
beforeAll(async () => {
  embeddings = await startEmbeddingServer();
});
afterAll(() => embeddings.close());

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const register = (name: string, provider: string, options: unknown) =>
  j.client.query(`select * from jammi.register_model(${lit(name)}, ${lit(provider)}, ${lit(JSON.stringify(options))})`);

const models = async () => (await j.client.query('select model_id, backend, dimensions, status, metadata::text as metadata from _jammi_models order by model_id')).rows;

describe('jammi.register_model', () => {
  it('hash-384 is listed before anything is registered', async () => {
    expect(await models()).toEqual([{ model_id: 'hash-384', backend: 'builtin', dimensions: 384, status: 'ready', metadata: '{}' }]);
  });

  it('registers an http model: one row back, listed in _jammi_models without its api_key', async () => {
    const r = await register('openai-small', 'http', { url: embeddings.url, model: 'text-embedding-3-small', api_key: 'sk-secret', batch_size: 8 });
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['name', 25],
      ['provider', 25],
      ['dimensions', 23],
      ['status', 25],
    ]);
    expect(r.rows).toEqual([{ name: 'openai-small', provider: 'http', dimensions: null, status: 'registered' }]);
    const row = (await models()).find((m) => m.model_id === 'openai-small');
    expect(row).toEqual({ model_id: 'openai-small', backend: 'http', dimensions: null, status: 'registered', metadata: expect.any(String) });
    expect(JSON.parse(row!.metadata as string)).toEqual({ url: embeddings.url, model: 'text-embedding-3-small', batch_size: 8 });
    expect(embeddings.requests).toEqual([]); // registering sends nothing
  });

  it('the registered model embeds through the endpoint, and its learnt dimension is recorded', async () => {
    const m = j.server.jammi.services.models.get('openai-small', null);
    const vs = await m.embed(Array.from({ length: 10 }, (_, i) => `doc ${i}`));
    expect(vs.map((v) => v.length)).toEqual(Array(10).fill(384));
    expect(embeddings.requests.map((r) => [r.path, r.body.input?.length, r.authorization])).toEqual([
      ['/v1/embeddings', 8, 'Bearer sk-secret'],
      ['/v1/embeddings', 2, 'Bearer sk-secret'],
    ]);
    expect((await models()).find((r) => r.model_id === 'openai-small')).toMatchObject({ dimensions: 384, status: 'ready' });
  });

  it('takes $n parameters, and an ollama model with its dimensions', async () => {
    const r = await j.client.query('select * from jammi.register_model($1, $2, $3)', ['nomic', 'http', JSON.stringify({ url: embeddings.url, model: 'nomic-embed-text', format: 'ollama', dimensions: 384 })]);
    expect(r.rows).toEqual([{ name: 'nomic', provider: 'http', dimensions: 384, status: 'ready' }]);
    const [v] = await j.server.jammi.services.models.get('nomic', null).embed(['hello']);
    expect(v.length).toBe(384);
    expect(embeddings.requests.at(-1)?.path).toBe('/api/embed');
  });

  describe('bad calls fail with their SQLSTATE; the connection and the catalog survive', () => {
    const good = () => ({ url: embeddings.url, model: 'm' });
    it.each([
      ['a taken name', () => register('openai-small', 'http', good()), '42710', 'model "openai-small" already exists'],
      ['the built-in name', () => register('hash-384', 'http', good()), '42710', 'model "hash-384" already exists'],
      ['an unknown provider', () => register('x', 'onnx', good()), '22023', 'unknown model provider "onnx"'],
      ['a missing url', () => register('x', 'http', { model: 'm' }), '22023', 'an http model needs the option "url"'],
      ['an unknown option', () => register('x', 'http', { ...good(), retries: 2 }), '22023', 'unknown option "retries" for an http model'],
      ['a bad option value', () => register('x', 'http', { ...good(), timeout_ms: -1 }), '22023', 'option "timeout_ms" must be an integer from 1 to 600000, not -1'],
      ['options that are not an object', () => register('x', 'http', [1]), '22023', 'jammi.register_model: argument "options" must be a JSON object'],
      ['options that are not JSON', () => j.client.query("select * from jammi.register_model('x', 'http', '{nope')"), '22P02', 'invalid input syntax for type json'],
      ['a NULL name', () => j.client.query("select * from jammi.register_model(null, 'http', '{}')"), '22004', 'jammi.register_model: argument "name" must not be NULL'],
      ['a bad name', () => register('no spaces please', 'http', good()), '42602', 'invalid model name "no spaces please"'],
      ['a missing argument', () => j.client.query("select * from jammi.register_model('x', 'http')"), '42883', 'function jammi.register_model: missing argument "options"'],
    ])('%s', async (_what, run, code, message) => {
      const before = await models();
      const e = await pgError(run());
      expect([e.code, e.message]).toEqual([code, message]);
      expect((await j.client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      expect(await models()).toEqual(before);
    });
  });
});

describe('persistence', () => {
  it('registered models survive a restart on the same data dir', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-models-'));
    const config = loadConfig({ port: '0', dataDir: path.join(dir, 'data'), fileRoots: dir, demo: false, logLevel: 'silent' }, {});
    try {
      let jammi = await startJammi(config, silentLogger);
      const c1 = new pg.Client({ connectionString: jammi.url });
      await c1.connect();
      await c1.query(`select * from jammi.register_model('kept', 'http', ${lit(JSON.stringify({ url: embeddings.url, model: 'm' }))})`);
      await c1.end();
      await jammi.close();
      jammi = await startJammi(config, silentLogger);
      try {
        const c2 = new pg.Client({ connectionString: jammi.url });
        await c2.connect();
        expect((await c2.query('select model_id, backend from _jammi_models order by model_id')).rows).toEqual([
          { model_id: 'hash-384', backend: 'builtin' },
          { model_id: 'kept', backend: 'http' },
        ]);
        await c2.end();
        const [v] = await jammi.services.models.get('kept', null).embed(['after restart']);
        expect(v.length).toBe(384);
      } finally {
        await jammi.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
