/**
 * jammi.create_embedding_table over the wire, against real files: the demo sources `cities`
 * (CSV) and `trips` (Parquet) embedded with hash-384; the result listed in
 * `_jammi_result_tables`; data.parquet read back; the HNSW sidecar opened and searched; the
 * bad calls with their SQLSTATEs (the connection survives); an HTTP model whose endpoint
 * fails mid-build leaves the table `failed` and nothing readable; start-up recovery of a
 * table left `building`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultTablesRepo } from '../../src/catalog/index.js';
import { openHnswIndex } from '../../src/index/index.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { startJammi } from '../../src/server/index.js';
import { recoverEmbeddingBuilds } from '../../src/store/index.js';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/embedding-server.js';
import { useJammi } from '../helpers/jammi.js';
import { sendCancel } from '../helpers/raw-client.js';
import { pgError } from '../helpers/thrown.js';

const j = useJammi({ client: true });
let embeddings: EmbeddingServer;
beforeAll(async () => {
  embeddings = await startEmbeddingServer();
});
afterAll(() => embeddings.close());

const create = (source: string, key: string, textCol: string, model: string, options?: unknown) =>
  j.client.query(
    options === undefined ? 'select * from jammi.create_embedding_table($1, $2, $3, $4)' : 'select * from jammi.create_embedding_table($1, $2, $3, $4, $5)',
    options === undefined ? [source, key, textCol, model] : [source, key, textCol, model, JSON.stringify(options)],
  );

const resultTable = async (name: string) =>
  (await j.client.query('select table_name, source_id, model_id, status, row_count, dimensions, index_params::text as index_params, error_message, completed_at is not null as completed from _jammi_result_tables where table_name = $1', [name])).rows[0];

const resultsDir = () => path.join(j.server.dataDir, 'results');
const readParquet = (name: string, cols = '*') => j.server.jammi.services.engine.readRows(`select ${cols} from read_parquet('${path.join(resultsDir(), name, 'data.parquet')}')`);

describe('jammi.create_embedding_table', () => {
  it('embeds the cities CSV with hash-384: one row back, listed ready', async () => {
    const r = await create('cities', 'name', 'name', 'hash-384');
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['table_name', 25],
      ['source_id', 25],
      ['model_id', 25],
      ['status', 25],
      ['row_count', 20],
      ['dimensions', 23],
    ]);
    expect(r.rows).toEqual([{ table_name: 'cities_hash_384', source_id: 'cities', model_id: 'hash-384', status: 'ready', row_count: '6', dimensions: 384 }]);
    const row = await resultTable('cities_hash_384');
    expect(row).toMatchObject({ status: 'ready', row_count: '6', dimensions: 384, error_message: null, completed: true });
    expect(JSON.parse(row.index_params as string)).toEqual({ metric: 'cosine', m: 16, ef_construction: 64, ef_search: 64, built_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('data.parquet holds one row per source row, with normalised vectors; nothing temporary is left', async () => {
    const rows = await readParquet('cities_hash_384', '_row_id, _source_id, model, len(vector)::int as d, list_dot_product(vector::float[], vector::float[]) as norm2, created_at');
    expect(rows.map((r) => r._row_id)).toEqual(['Amsterdam', 'Berlin', 'Lisbon', 'Madrid', 'Paris', 'Rome']);
    for (const r of rows) {
      expect(r).toMatchObject({ _source_id: 'cities', model: 'hash-384', d: 384 });
      expect(Math.abs((r.norm2 as number) - 1)).toBeLessThan(1e-5);
      expect(r.created_at).toBeInstanceOf(Date);
    }
    const types = await j.server.jammi.services.engine.readRows(`select column_name, column_type from (describe select * from read_parquet('${path.join(resultsDir(), 'cities_hash_384', 'data.parquet')}'))`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual([
      ['_row_id', 'VARCHAR'],
      ['_source_id', 'VARCHAR'],
      // Parquet has no fixed-size list: DuckDB writes FLOAT[384] as a list and reads FLOAT[] back (every length is 384, checked above).
      ['vector', 'FLOAT[]'],
      ['model', 'VARCHAR'],
      ['created_at', 'TIMESTAMP WITH TIME ZONE'],
    ]);
    expect(readdirSync(path.join(resultsDir(), 'cities_hash_384')).sort()).toEqual(['data.parquet', 'index.usearch', 'manifest.json', 'vectors.f32']);
    expect(readdirSync(resultsDir()).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('embeds the trips Parquet in batches; the sidecar finds each row first for its own vector (key = row position)', async () => {
    const r = await create('trips', 'trip_id', 'city', 'hash-384', { name: 'trip_vecs', batch_size: 300, m: 8, ef_construction: 32, ef_search: 40 });
    expect(r.rows).toEqual([{ table_name: 'trip_vecs', source_id: 'trips', model_id: 'hash-384', status: 'ready', row_count: '2000', dimensions: 384 }]);
    const count = await j.server.jammi.services.engine.readRows(`select count(*)::int as n, count(distinct _row_id)::int as keys from read_parquet('${path.join(resultsDir(), 'trip_vecs', 'data.parquet')}')`);
    expect(count).toEqual([{ n: 2000, keys: 2000 }]);
    // Cities repeat across trips, so equal vectors tie: check with the cities table, whose texts differ.
    const index = await openHnswIndex(path.join(resultsDir(), 'cities_hash_384'));
    try {
      expect(index.size).toBe(6);
      const rows = await readParquet('cities_hash_384', 'vector');
      rows.forEach((row, pos) => {
        const hits = index.search(Float32Array.from(row.vector as number[]), 3);
        expect(hits[0].key).toBe(BigInt(pos));
        expect(hits[0].similarity).toBeCloseTo(1, 5);
      });
    } finally {
      index.close();
    }
    const trips = await openHnswIndex(path.join(resultsDir(), 'trip_vecs'));
    try {
      expect(trips.size).toBe(2000);
      const [row] = await readParquet('trip_vecs', 'vector, _row_id');
      expect(trips.search(Float32Array.from(row.vector as number[]), 1)[0].similarity).toBeCloseTo(1, 5);
    } finally {
      trips.close();
    }
  });

  describe('bad calls fail with their SQLSTATE; the connection survives', () => {
    it.each([
      ['unknown source', ['nope', 'name', 'name', 'hash-384'], '42P01', 'source "nope" does not exist'],
      ['unknown key column', ['cities', 'id', 'name', 'hash-384'], '42703', 'column "id" does not exist in source "cities"'],
      ['unknown text column', ['cities', 'name', 'body', 'hash-384'], '42703', 'column "body" does not exist in source "cities"'],
      ['unknown model', ['cities', 'name', 'name', 'nomodel'], '42704', 'model "nomodel" does not exist'],
      ['bad name option', ['cities', 'name', 'name', 'hash-384', { name: 'Bad Name' }], '22023', 'option "name" must be a lowercase identifier'],
      ['bad m', ['cities', 'name', 'name', 'hash-384', { name: 'x1', m: 0 }], '22023', 'option "m" must be an integer from 2 to 256, got 0'],
      ['bad ef_search', ['cities', 'name', 'name', 'hash-384', { name: 'x2', ef_search: 'lots' }], '22023', 'option "ef_search"'],
      ['bad batch_size', ['cities', 'name', 'name', 'hash-384', { name: 'x3', batch_size: 1.5 }], '22023', 'option "batch_size"'],
      ['unknown option', ['cities', 'name', 'name', 'hash-384', { name: 'x4', colour: 'red' }], '22023', 'unknown option "colour"'],
      ['existing ready table', ['cities', 'name', 'country', 'hash-384'], '42710', 'embedding table "cities_hash_384" already exists'],
    ] as const)('%s', async (_label, a, code, message) => {
      const [s, k, t, m, o] = a as unknown as [string, string, string, string, unknown];
      const e = await pgError(create(s, k, t, m, o));
      expect([e.code, e.message]).toEqual([code, expect.stringContaining(message)]);
      expect((await j.client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
      expect((await j.client.query("select count(*)::int as n from _jammi_result_tables where table_name like 'x%'")).rows).toEqual([{ n: 0 }]);
    });
  });

  it('an HTTP model whose endpoint fails mid-build leaves the table failed and no data', async () => {
    await j.client.query('select * from jammi.register_model($1, $2, $3)', ['flaky', 'http', JSON.stringify({ url: embeddings.url, model: 'm', batch_size: 2, max_retries: 0 })]);
    embeddings.script.push({ delayMs: 0 }, { status: 400, body: JSON.stringify({ error: { message: 'input too long' } }) });
    const e = await pgError(create('cities', 'name', 'name', 'flaky', { batch_size: 2 }));
    expect(e.code).toBe('22023');
    const row = await resultTable('cities_flaky');
    expect(row).toMatchObject({ status: 'failed', completed: true });
    expect(row.error_message).toMatch(/400|input too long/);
    expect(existsSync(path.join(resultsDir(), 'cities_flaky'))).toBe(false);
    expect(readdirSync(resultsDir()).filter((f) => f.includes('.tmp'))).toEqual([]);
    // A failed table can be built again once the endpoint answers.
    const again = await create('cities', 'name', 'name', 'flaky', { batch_size: 2 });
    expect(again.rows[0]).toMatchObject({ table_name: 'cities_flaky', status: 'ready', row_count: '6', dimensions: 384 });
    expect(await readParquet('cities_flaky', 'count(*)::int as n')).toEqual([{ n: 6 }]);
  });

  it('a CancelRequest stops a build with 57014: the table is failed, nothing is left, the connection works', async () => {
    await j.client.query('select * from jammi.register_model($1, $2, $3)', ['slow', 'http', JSON.stringify({ url: embeddings.url, model: 'm', batch_size: 2, dimensions: 384 })]);
    embeddings.script.push(...Array.from({ length: 10 }, () => ({ delayMs: 400 })));
    const c = await j.connect();
    try {
      const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
      const q = pgError(c.query('select * from jammi.create_embedding_table($1, $2, $3, $4)', ['trips', 'trip_id', 'city', 'slow']));
      await new Promise((r) => setTimeout(r, 600));
      await sendCancel(j.server.port, processID, secretKey);
      const e = await q;
      expect([e.code, e.message]).toEqual(['57014', 'canceling statement due to user request']);
      expect((await c.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      embeddings.script.length = 0;
      await c.end();
    }
    expect(await resultTable('trips_slow')).toMatchObject({ status: 'failed', error_message: 'canceling statement due to user request' });
    expect(existsSync(path.join(resultsDir(), 'trips_slow'))).toBe(false);
    expect(readdirSync(resultsDir()).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('start-up recovery marks a table left building as failed and removes its staging folder', async () => {
    const repo = new ResultTablesRepo(j.server.jammi.services.catalogDb);
    repo.insertBuilding({ tableName: 'crashed', sourceId: 'cities', modelId: 'hash-384', parquetPath: '/x', keyColumn: 'name', textColumn: 'name', kind: 'model', indexParams: {}, tenantId: null });
    mkdirSync(path.join(resultsDir(), '.crashed.tmp-1-abcd'));
    writeFileSync(path.join(resultsDir(), '.crashed.tmp-1-abcd', 'index.usearch.tmp'), 'half');
    expect(await recoverEmbeddingBuilds(repo, resultsDir(), silentLogger)).toEqual(['crashed']);
    expect(await resultTable('crashed')).toMatchObject({ status: 'failed', error_message: expect.stringContaining('server stopped') });
    expect(existsSync(path.join(resultsDir(), '.crashed.tmp-1-abcd'))).toBe(false);
    expect((await resultTable('cities_hash_384')).status).toBe('ready');
  });

  it('a restart marks a table left building (as after kill -9) failed and removes its leftovers', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'jammi-embed-restart-'));
    const config = loadConfig({ port: '0', dataDir: path.join(base, 'data'), fileRoots: base, demo: true, logLevel: 'silent' }, {});
    try {
      const first = await startJammi(config, silentLogger);
      new ResultTablesRepo(first.services.catalogDb).insertBuilding({ tableName: 'killed', sourceId: 'cities', modelId: 'hash-384', parquetPath: '/x', keyColumn: 'name', textColumn: 'name', kind: 'model', indexParams: {}, tenantId: null });
      const results = first.services.engine.resultsDir;
      mkdirSync(path.join(results, 'killed')); // as if killed between the folder's rename and the catalog update
      await first.close();
      const second = await startJammi(config, silentLogger);
      try {
        const c = new pg.Client({ connectionString: second.url });
        await c.connect();
        try {
          const r = await c.query("select status, error_message from _jammi_result_tables where table_name = 'killed'");
          expect(r.rows).toEqual([{ status: 'failed', error_message: 'the server stopped while the table was being built' }]);
        } finally {
          await c.end();
        }
        expect(existsSync(path.join(results, 'killed'))).toBe(false);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
