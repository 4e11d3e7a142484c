/**
 * pgvector's HNSW indexes on writable tables, over the wire: CREATE INDEX … USING hnsw, nearest
 * neighbour queries answered through the index (recall against a brute force, exact distances,
 * pg_stat_user_indexes.idx_scan counting them), committed writes found at once, the index
 * across a restart, DROP INDEX, and pgvector's errors for bad definitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { mulberry32 } from '../../src/index/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jammi-hnsw-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A seeded PRNG, so the data is the same every run. */
const random = mulberry32;

const DIM = 16;
const ROWS = 2000;
const next = random(7);
const vec = () => Array.from({ length: DIM }, () => Math.round((next() * 2 - 1) * 1000) / 1000);
const rows = Array.from({ length: ROWS }, vec);
const queries = Array.from({ length: 10 }, vec);
const text = (v: number[]) => `[${v.join(',')}]`;

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const distances = {
  '<->': (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0)),
  '<=>': (a: number[], b: number[]) => 1 - dot(a, b) / (Math.hypot(...a) * Math.hypot(...b)),
  '<#>': (a: number[], b: number[]) => -dot(a, b),
} as const;
type Op = keyof typeof distances;

/** The k nearest rows of `data` by brute force: ids and distances. */
function bruteForce(data: Map<number, number[]>, op: Op, q: number[], k: number): { id: number; d: number }[] {
  return [...data].map(([id, v]) => ({ id, d: distances[op](v, q) })).sort((a, b) => a.d - b.d || a.id - b.id).slice(0, k);
}

async function withServer<T>(body: (c: pg.Client, server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer({ dataDir });
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    return await body(c, server);
  } finally {
    await c.end();
    await server.stop().catch(() => undefined);
  }
}

const failure = (c: pg.Client, sql: string) => c.query(sql).then(() => null, (e: pg.DatabaseError) => ({ code: e.code, message: e.message }));
const scans = async (c: pg.Client, index: string) => Number((await c.query('SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = $1', [index])).rows[0]?.idx_scan ?? -1);
const nearest = (c: pg.Client, op: Op, q: number[], k = 10) => c.query(`SELECT id, embedding ${op} $1 AS d FROM hv_items ORDER BY embedding ${op} $1 LIMIT ${k}`, [text(q)]).then((r) => r.rows as { id: number; d: number }[]);

/**
 * Run `search` until the index answers it (its idx_scan grows): a graph being built or catching
 * up with committed writes leaves the search to the exact plan meanwhile. Returns the indexed answer.
 */
async function throughIndex<T>(c: pg.Client, index: string, search: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const before = await scans(c, index);
    const r = await search();
    if ((await scans(c, index)) > before) return r;
    if (Date.now() > deadline) throw new Error(`index ${index} did not answer within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Average recall@10 over the queries, and every returned row's distance checked against its exact one. */
async function checkRecall(c: pg.Client, data: Map<number, number[]>, op: Op): Promise<number> {
  let found = 0;
  for (const q of queries) {
    const got = await nearest(c, op, q);
    const want = bruteForce(data, op, q, 10);
    expect(got).toHaveLength(10);
    for (const r of got) expect(r.d).toBeCloseTo(distances[op](data.get(r.id)!, q), 4);
    // Rows come in exact distance order.
    for (let i = 1; i < got.length; i++) expect(got[i].d).toBeGreaterThanOrEqual(got[i - 1].d);
    found += got.filter((r) => want.some((w) => w.id === r.id)).length;
  }
  return found / (queries.length * 10);
}

describe('pgvector HNSW indexes on writable tables', () => {
  const data = new Map(rows.map((v, i) => [i + 1, v] as const));

  it('CREATE INDEX USING hnsw answers nearest-neighbour queries through the index, fresh after every committed write', async () => {
    await withServer(async (c, server) => {
      await c.query('CREATE EXTENSION IF NOT EXISTS vector');
      await c.query(`CREATE TABLE hv_items (id int PRIMARY KEY, embedding vector(${DIM}), tag text)`);
      for (let i = 0; i < ROWS; i += 250) {
        const chunk = rows.slice(i, i + 250);
        await c.query(`INSERT INTO hv_items (id, embedding) VALUES ${chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ')}`, chunk.flatMap((v, j) => [i + j + 1, text(v)]));
      }
      await c.query('CREATE INDEX hv_cos ON hv_items USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)');
      await c.query('CREATE INDEX ON hv_items USING hnsw (embedding vector_l2_ops)');
      await c.query('CREATE INDEX IF NOT EXISTS hv_ip ON hv_items USING hnsw (embedding vector_ip_ops)');
      const defs = await c.query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'hv_items' ORDER BY indexname");
      expect(defs.rows).toEqual([
        { indexname: 'hv_cos', indexdef: "CREATE INDEX hv_cos ON public.hv_items USING hnsw (embedding vector_cosine_ops) WITH (m='16', ef_construction='64')" },
        { indexname: 'hv_ip', indexdef: 'CREATE INDEX hv_ip ON public.hv_items USING hnsw (embedding vector_ip_ops)' },
        { indexname: 'hv_items_embedding_idx', indexdef: 'CREATE INDEX hv_items_embedding_idx ON public.hv_items USING hnsw (embedding vector_l2_ops)' },
        { indexname: 'hv_items_pkey', indexdef: 'CREATE UNIQUE INDEX hv_items_pkey ON public.hv_items USING btree (id)' },
      ]);
      const am = await c.query("SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname = 'hv_cos'");
      expect(am.rows).toEqual([{ amname: 'hnsw' }]);

      for (const [op, index] of [['<=>', 'hv_cos'], ['<->', 'hv_items_embedding_idx'], ['<#>', 'hv_ip']] as const) {
        await throughIndex(c, index, () => nearest(c, op, queries[0])); // the graph is built in the background
        const before = await scans(c, index);
        expect(await checkRecall(c, data, op)).toBeGreaterThanOrEqual(0.9);
        expect(await scans(c, index)).toBe(before + queries.length);
      }

      // Committed writes, from another session, are found by the next search.
      const other = new pg.Client({ connectionString: server.url });
      await other.connect();
      try {
        const q = queries[0];
        await other.query('INSERT INTO hv_items (id, embedding) VALUES (5000, $1)', [text(q)]);
        data.set(5000, q);
        // The next search finds it (the exact plan answers while the graph catches up), and so does the graph once it has.
        expect((await nearest(c, '<=>', q, 3))[0]).toMatchObject({ id: 5000, d: expect.closeTo(0, 6) });
        expect((await throughIndex(c, 'hv_cos', () => nearest(c, '<=>', q, 3)))[0]).toMatchObject({ id: 5000, d: expect.closeTo(0, 6) });
        await other.query('DELETE FROM hv_items WHERE id = 5000');
        data.delete(5000);
        expect((await nearest(c, '<=>', q, 10)).map((r) => r.id)).not.toContain(5000);
        expect((await throughIndex(c, 'hv_cos', () => nearest(c, '<=>', q, 10))).map((r) => r.id)).not.toContain(5000);
        await other.query('UPDATE hv_items SET embedding = $1 WHERE id = 17', [text(q)]);
        data.set(17, q);
        expect((await nearest(c, '<->', q, 3))[0]).toMatchObject({ id: 17, d: expect.closeTo(0, 6) });
        expect((await throughIndex(c, 'hv_items_embedding_idx', () => nearest(c, '<->', q, 3)))[0]).toMatchObject({ id: 17, d: expect.closeTo(0, 6) });
        // A transaction sees its own uncommitted rows (the exact plan answers it).
        await other.query('BEGIN');
        await other.query('INSERT INTO hv_items (id, embedding) VALUES (5001, $1)', [text(queries[1])]);
        expect((await nearest(other, '<=>', queries[1], 1))[0]).toMatchObject({ id: 5001, d: expect.closeTo(0, 6) });
        await other.query('ROLLBACK');
        expect((await nearest(c, '<=>', queries[1], 10)).map((r) => r.id)).not.toContain(5001);
      } finally {
        await other.end();
      }
    });
  });

  it('keeps the index across a restart; DROP INDEX goes back to the exact scan', async () => {
    await withServer(async (c) => {
      await throughIndex(c, 'hv_cos', () => nearest(c, '<=>', queries[0]));
      const before = await scans(c, 'hv_cos');
      expect(await checkRecall(c, data, '<=>')).toBeGreaterThanOrEqual(0.9);
      expect(await scans(c, 'hv_cos')).toBe(before + queries.length);
      await c.query('DROP INDEX hv_cos');
      expect((await c.query("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'hv_cos'")).rows).toEqual([{ n: 0 }]);
      for (const q of queries.slice(0, 3)) {
        const got = await nearest(c, '<=>', q);
        expect(got.map((r) => r.id)).toEqual(bruteForce(data, '<=>', q, 10).map((w) => w.id));
      }
      expect(await failure(c, 'DROP INDEX hv_cos')).toMatchObject({ code: '42704' });
      await c.query('DROP INDEX IF EXISTS hv_cos');
    });
  });

  it('refuses bad definitions with pgvector\'s SQLSTATEs and the connection goes on', async () => {
    await withServer(async (c) => {
      await c.query('CREATE TABLE hv_nokey (embedding vector(3))');
      expect(await failure(c, 'CREATE INDEX ON hv_items USING hnsw (embedding vector_foo_ops)')).toMatchObject({ code: '42704' });
      expect(await failure(c, 'CREATE INDEX ON hv_items USING hnsw (tag vector_cosine_ops)')).toMatchObject({ code: '42804' });
      expect(await failure(c, 'CREATE INDEX ON hv_items USING hnsw (tag)')).toMatchObject({ code: '42704' });
      expect(await failure(c, 'CREATE INDEX ON hv_items USING hnsw (embedding vector_l2_ops) WITH (m = 1)')).toMatchObject({ code: '22023', message: 'value 1 out of bounds for option "m"' });
      expect(await failure(c, 'CREATE INDEX ON hv_items USING hnsw (embedding vector_l2_ops) WITH (ef_construction = 2000)')).toMatchObject({ code: '22023' });
      expect(await failure(c, 'CREATE INDEX ON hv_items USING ivfflat (embedding vector_l2_ops)')).toMatchObject({ code: '0A000' });
      expect(await failure(c, 'CREATE INDEX ON hv_nokey USING hnsw (embedding vector_l2_ops)')).toMatchObject({ code: '0A000' });
      expect((await c.query('SELECT count(*)::int AS n FROM hv_items')).rows).toEqual([{ n: ROWS }]);
    });
  });
});
