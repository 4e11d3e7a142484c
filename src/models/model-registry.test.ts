import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, ModelsRepo, packageRoot, readMigrations } from '../catalog/index.js';
import { PgError } from '../errors/index.js';
import { thrown } from '../../test/helpers/thrown.js';
import { HashEmbeddingModel } from './hash-model.js';
import { HttpEmbeddingModel } from './http-model.js';
import { ModelRegistry } from './model-registry.js';

let db: Database.Database;
let registry: ModelRegistry;
const tenantA = '00000000-0000-0000-0000-00000000000a';
const tenantB = '00000000-0000-0000-0000-00000000000b';
const http = { url: 'http://127.0.0.1:9/v1', model: 'text-embedding-3-small' };

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, readMigrations(path.join(packageRoot(), 'migrations')));
  registry = new ModelRegistry(new ModelsRepo(db));
});
afterEach(() => db.close());

describe('ModelRegistry', () => {
  it('hash-384 is built in: listed, and available without registration', () => {
    expect(registry.list(null)).toEqual([{ name: 'hash-384', provider: 'builtin', dimensions: 384, status: 'ready', tenantId: null }]);
    expect(registry.get('hash-384', tenantA)).toBeInstanceOf(HashEmbeddingModel);
    // A second registry over the same catalog does not add it twice.
    new ModelRegistry(new ModelsRepo(db));
    expect(registry.list(null)).toHaveLength(1);
  });

  it('registers an http model and returns it', () => {
    expect(registry.register('emb', 'http', http, null)).toEqual({ name: 'emb', provider: 'http', dimensions: null, status: 'registered', tenantId: null });
    expect(registry.register('emb-384', 'http', { ...http, dimensions: 384 }, null)).toMatchObject({ dimensions: 384, status: 'ready' });
    const m = registry.get('emb', null);
    expect(m).toBeInstanceOf(HttpEmbeddingModel);
    expect((m as HttpEmbeddingModel).endpoint).toBe('http://127.0.0.1:9/v1/embeddings');
    expect(registry.get('emb', null)).toBe(m);
    expect(registry.list(null).map((i) => i.name)).toEqual(['emb', 'emb-384', 'hash-384']);
  });

  it('keeps the options (api_key included) in the catalog row', () => {
    registry.register('emb', 'http', { ...http, api_key: 'sk-1' }, null);
    const row = db.prepare("SELECT backend, source, metadata, model_type, task FROM models WHERE model_id = 'emb'").get();
    expect(row).toEqual({ backend: 'http', source: http.url, metadata: JSON.stringify({ ...http, api_key: 'sk-1' }), model_type: 'embedding', task: 'embedding' });
  });

  it('is tenant-filtered: a tenant sees its own models and global ones', () => {
    registry.register('mine', 'http', http, tenantA);
    expect(registry.list(tenantA).map((i) => i.name)).toEqual(['hash-384', 'mine']);
    expect(registry.list(tenantB).map((i) => i.name)).toEqual(['hash-384']);
    expect(thrown(PgError, () => registry.get('mine', tenantB)).code).toBe('42704');
  });

  it.each([
    ['an existing name', () => registry.register('hash-384', 'http', http, null), '42710', 'model "hash-384" already exists'],
    ['an unknown provider', () => registry.register('x', 'onnx', http, null), '22023', 'unknown model provider "onnx"'],
    ['bad options', () => registry.register('x', 'http', { url: 'http://h' }, null), '22023', 'an http model needs the option "model"'],
    ['a bad name', () => registry.register('has space', 'http', http, null), '42602', 'invalid model name "has space"'],
    ['an unknown model', () => registry.get('nope', null), '42704', 'model "nope" does not exist'],
  ])('%s is refused', (_what, fn, code, message) => {
    const e = thrown(PgError, fn);
    expect([e.code, e.message]).toEqual([code, message]);
  });

  it('a name taken by another tenant is taken (names are global, as for sources)', () => {
    registry.register('shared', 'http', http, tenantA);
    expect(thrown(PgError, () => registry.register('shared', 'http', http, tenantB)).code).toBe('42710');
  });
});
