/**
 * Vectors a source already holds, over the wire: jammi.register_embeddings over a Parquet file
 * with a FLOAT[] column; vector_search with vector queries ($1::real[], ARRAY[…], text for a
 * table without a model), the named arguments "table", ef and filter, checked against brute
 * force; jammi.rebuild_index after the sidecar was deleted (exact search with a NOTICE before,
 * the index after); progress NOTICEs of a build; Describe of a prepared vector_search; the bad
 * calls with their SQLSTATEs (the connection survives each).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { searchTuning } from '../../src/search/vector-searcher.js';
import { useJammi } from '../helpers/jammi.js';
import { sendCancel } from '../helpers/raw-client.js';
import { pgError } from '../helpers/thrown.js';

const j = useJammi({ client: true });
const ROWS = 3000;
const DIM = 16;
let vectors: Map<number, number[]>;

/** Notices the client receives while `fn` runs. */
async function withNotices<T>(client: pg.Client, fn: () => Promise<T>): Promise<{ result: T; notices: string[] }> {
  const notices: string[] = [];
  const on = (n: { message?: string }) => notices.push(n.message ?? '');
  client.on('notice', on);
  try {
    return { result: await fn(), notices };
  } finally {
    client.off('notice', on);
  }
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
};

/** The k ids nearest to `q` among the rows `keep` accepts (ties by id as text, as vector_search orders `_row_id`). */
function bruteForce(q: number[], k: number, keep: (id: number) => boolean = () => true): number[] {
  return [...vectors.entries()]
    .filter(([id]) => keep(id))
    .map(([id, v]) => ({ id, s: cosine(q, v) }))
    .sort((a, b) => b.s - a.s || String(a.id).localeCompare(String(b.id)))
    .slice(0, k)
    .map((x) => x.id);
}

const vectorText = (v: number[]) => `{${v.join(',')}}`;
const alive = async () => expect((await j.client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);

beforeAll(async () => {
  const file = path.join(j.server.filesDir, 'vecs.parquet');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  // Deterministic vectors with structure (a few directions plus noise), a bucket column for filters, and a row without a vector.
  await conn.run(`COPY (
      SELECT i AS id, i % 10 AS bucket, 'doc ' || i AS title,
             CASE WHEN i = ${ROWS} THEN NULL ELSE list_transform(range(${DIM}), d -> CAST(sin((i % 7 + 1) * (d + 1) * 0.7) + 0.3 * sin(i * 13.1 + d * 5.3) AS FLOAT)) END AS embedding
        FROM range(1, ${ROWS + 1}) t(i)) TO '${file}' (FORMAT parquet)`);
  conn.closeSync();
  await j.client.query(`SELECT * FROM jammi.add_source('vecs', 'file://${file}')`);
  const all = await j.client.query('SELECT id, embedding FROM vecs.vecs WHERE embedding IS NOT NULL');
  vectors = new Map(all.rows.map((r) => [Number(r.id), (r.embedding as number[]).map(Number)]));
});

describe('jammi.register_embeddings', () => {
  it('indexes the vectors a source holds, reporting progress as NOTICEs', async () => {
    const { result, notices } = await withNotices(j.client, () => j.client.query(`SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', '{"name": "vecs_idx", "m": 12}')`));
    expect(result.rows).toEqual([{ table_name: 'vecs_idx', source_id: 'vecs', model_id: '', status: 'ready', row_count: String(ROWS - 1), dimensions: DIM }]);
    expect(notices.some((n) => /^embedding table vecs_idx: indexing \d+ of 2999 rows \(\d+%\)$/.test(n))).toBe(true);
    const t = await j.client.query("SELECT status, kind, row_count, dimensions, index_params->>'m' AS m FROM _jammi_result_tables WHERE table_name = 'vecs_idx'");
    expect(t.rows).toEqual([{ status: 'ready', kind: 'registered', row_count: String(ROWS - 1), dimensions: DIM, m: '12' }]);
  });

  it('answers vector queries like brute force: a parameter, ARRAY[…], and text for a table without a model', async () => {
    const q = vectors.get(42)!;
    const expected = bruteForce(q, 10);
    const byParam = await j.client.query("SELECT id, similarity FROM vector_search('vecs', $1::real[], 10)", [vectorText(q)]);
    const ids = byParam.rows.map((r) => Number(r.id));
    expect(ids[0]).toBe(42);
    expect(ids.filter((id) => expected.includes(id)).length).toBeGreaterThanOrEqual(9);
    for (const r of byParam.rows) expect(Math.abs(r.similarity - cosine(q, vectors.get(Number(r.id))!))).toBeLessThan(1e-4);
    const byArray = await j.client.query(`SELECT id FROM vector_search('vecs', ARRAY[${q.join(', ')}], 10)`);
    expect(byArray.rows.map((r) => Number(r.id))).toEqual(ids);
    const byText = await j.client.query("SELECT id FROM vector_search('vecs', $1, 10)", [`[${q.join(',')}]`]);
    expect(byText.rows.map((r) => Number(r.id))).toEqual(ids);
  });

  it('takes "table", ef and filter as named arguments; filter => keeps k rows when k qualify', async () => {
    const q = vectors.get(7)!;
    const r = await j.client.query(`SELECT id, bucket FROM vector_search('vecs', $1::real[], 10, "table" => 'vecs_idx', ef => 200, filter => 'bucket = 3 AND id > 100')`, [vectorText(q)]);
    expect(r.rows).toHaveLength(10);
    expect(r.rows.every((x) => Number(x.bucket) === 3 && Number(x.id) > 100)).toBe(true);
    expect(r.rows.map((x) => Number(x.id))).toEqual(bruteForce(q, 10, (id) => id % 10 === 3 && id > 100));
    const named = await j.client.query(`SELECT count(*)::int AS n FROM vector_search('vecs', $1::real[], 5, table_name => 'vecs_idx', ef => $2)`, [vectorText(q), 16]);
    expect(named.rows).toEqual([{ n: 5 }]);
  });

  it('pushes WHERE conjuncts with parameters, functions and casts into the search', async () => {
    const q = vectors.get(11)!;
    const r = await j.client.query("SELECT id FROM vector_search('vecs', $1::real[], 10) WHERE bucket = $2 AND lower(title) LIKE 'doc 1%' AND id::text <> $3", [vectorText(q), 4, '14']);
    expect(r.rows.map((x) => Number(x.id))).toEqual(bruteForce(q, 10, (id) => id % 10 === 4 && `doc ${id}`.startsWith('doc 1') && id !== 14));
  });

  it('searches the index with the filter (oversampled ANN) when many rows qualify, still k rows that all qualify', async () => {
    const saved = { ...searchTuning };
    Object.assign(searchTuning, { exactMaxRows: 0, exactFraction: 0 }); // the server runs in this process: force the ANN branch
    try {
      for (const [where, keep] of [
        ['bucket < 5', (id: number) => id % 10 < 5],
        ['bucket = 7', (id: number) => id % 10 === 7],
      ] as const) {
        const q = vectors.get(123)!;
        const r = await j.client.query(`SELECT id FROM vector_search('vecs', $1::real[], 10) WHERE ${where}`, [vectorText(q)]);
        const ids = r.rows.map((x) => Number(x.id));
        expect(ids).toHaveLength(10);
        expect(ids.every(keep)).toBe(true);
        const expected = bruteForce(q, 10, keep);
        expect(ids.filter((id) => expected.includes(id)).length).toBeGreaterThanOrEqual(9);
      }
    } finally {
      Object.assign(searchTuning, saved);
    }
  });

  it('answers many concurrent searches (8 clients) as it answers them one at a time', async () => {
    const queries = [5, 50, 500, 1500, 2500].map((id) => vectorText(vectors.get(id)!));
    const sql = "SELECT id FROM vector_search('vecs', $1::real[], 10) WHERE bucket <> $2";
    const one = async (c: pg.Client, q: string) => (await c.query(sql, [q, 9])).rows.map((r) => String(r.id)).join(',');
    const expected = [];
    for (const q of queries) expected.push(await one(j.client, q));
    const clients = await Promise.all(Array.from({ length: 8 }, () => j.connect()));
    try {
      const got = await Promise.all(clients.map((c) => Promise.all(queries.map((q) => one(c, q)))));
      for (const g of got) expect(g).toEqual(expected);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('describes a prepared vector_search before any value is bound', async () => {
    const c = await j.connect();
    try {
      // node-postgres sends Parse/Describe(statement)/… for a named query: its fields come from the statement's Describe.
      const r = await c.query({ name: 'vs', text: "SELECT id, similarity FROM vector_search('vecs', $1::real[], $2)", values: [vectorText(vectors.get(1)!), 3] });
      expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
        ['id', 20],
        ['similarity', 700],
      ]);
      expect(r.rows).toHaveLength(3);
    } finally {
      await c.end();
    }
  });

  it('falls back to exact search without its sidecar, and rebuild_index restores it', async () => {
    const dir = path.join(j.server.dataDir, 'results', 'vecs_idx');
    // A fresh table (its own sidecar, not yet opened by any search) loses its manifest.
    await j.client.query(`SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', '{"name": "vecs_idx2"}')`);
    rmSync(path.join(path.dirname(dir), 'vecs_idx2', 'manifest.json'));
    const q = vectors.get(99)!;
    const before = await withNotices(j.client, () => j.client.query(`SELECT id FROM vector_search('vecs', $1::real[], 10, "table" => 'vecs_idx2')`, [vectorText(q)]));
    expect(before.notices.some((n) => n.includes('has no usable index'))).toBe(true);
    expect(before.result.rows.map((r) => Number(r.id))).toEqual(bruteForce(q, 10));
    const rebuilt = await withNotices(j.client, () => j.client.query(`SELECT * FROM jammi.rebuild_index('vecs_idx2', '{"ef_search": 80}')`));
    expect(rebuilt.result.rows[0]).toMatchObject({ table_name: 'vecs_idx2', status: 'ready', row_count: String(ROWS - 1), dimensions: DIM, index_params: expect.objectContaining({ ef_search: 80, m: 16 }) });
    expect(rebuilt.notices.some((n) => n.startsWith('embedding table vecs_idx2: indexing'))).toBe(true);
    const after = await withNotices(j.client, () => j.client.query(`SELECT id FROM vector_search('vecs', $1::real[], 10, "table" => 'vecs_idx2')`, [vectorText(q)]));
    expect(after.notices).toEqual([]);
    expect(after.result.rows.map((r) => Number(r.id))[0]).toBe(99);
  });

  it('a CancelRequest during the index build stops it with 57014: the table is failed and nothing is left', async () => {
    const file = path.join(j.server.filesDir, 'many.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (SELECT i AS id, list_transform(range(32), d -> CAST(sin(i * 0.37 + d) AS FLOAT)) AS embedding FROM range(200000) t(i)) TO '${file}' (FORMAT parquet)`);
    conn.closeSync();
    await j.client.query(`SELECT * FROM jammi.add_source('many', 'file://${file}')`);
    const c = await j.connect();
    try {
      const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
      // Cancel at the first progress NOTICE of the index phase: the build is under way.
      c.on('notice', (n: { message?: string }) => void (n.message?.includes(': indexing ') && sendCancel(j.server.port, processID, secretKey)));
      const e = await pgError(c.query(`SELECT * FROM jammi.register_embeddings('many', 'id', 'embedding', '{"batch_size": 256}')`));
      expect([e.code, e.message]).toEqual(['57014', 'canceling statement due to user request']);
      expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await c.end();
    }
    const t = await j.client.query("SELECT status, error_message FROM _jammi_result_tables WHERE table_name = 'many_embedding'");
    expect(t.rows).toEqual([{ status: 'failed', error_message: 'canceling statement due to user request' }]);
    const results = path.join(j.server.dataDir, 'results');
    expect(existsSync(path.join(results, 'many_embedding'))).toBe(false);
    expect(readdirSync(results).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses bad calls with their SQLSTATEs; the connection survives each', async () => {
    const q = vectorText(vectors.get(1)!);
    const cases: [string, unknown[], string][] = [
      ["SELECT * FROM jammi.register_embeddings('vecs', 'id', 'nope')", [], '42703'],
      ["SELECT * FROM jammi.register_embeddings('vecs', 'id', 'title', '{\"name\": \"bad_vectors\"}')", [], '42804'],
      ["SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', '{\"name\": \"vecs_idx\"}')", [], '42710'],
      ["SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', '{\"m\": 1}')", [], '22023'],
      ["SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', '{\"model\": \"nope\"}')", [], '42704'],
      ["SELECT * FROM jammi.rebuild_index('nope')", [], '42P01'],
      ["SELECT * FROM jammi.rebuild_index('bad_vectors')", [], '55000'],
      ["SELECT * FROM vector_search('vecs', $1::real[], 3)", ['{1,2}'], '22023'],
      ["SELECT * FROM vector_search('vecs', $1::real[], 3)", ['{1,x}'], '22P02'],
      ["SELECT * FROM vector_search('vecs', $1::real[], 3, \"table\" => 'nope')", [q], '42P01'],
      ["SELECT * FROM vector_search('cities', $1::real[], 3, \"table\" => 'vecs_idx')", [q], '22023'],
      ["SELECT * FROM vector_search('vecs', $1::real[], 3, ef => $2)", [q, 0], '22023'],
      ["SELECT * FROM vector_search('vecs', $1::real[], 3, filter => 'nope > 1')", [q], '42703'],
    ];
    for (const [sql, params, code] of cases) {
      expect({ sql, error: (await pgError(j.client.query(sql, params))).code }).toEqual({ sql, error: code });
      await alive();
    }
  });
});
