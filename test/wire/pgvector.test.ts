/**
 * pgvector applications against jammi: CREATE EXTENSION vector, `vector(n)` columns with
 * pgvector's text format, the distance operators in ORDER BY … LIMIT k (exact nearest
 * neighbours, checked against a brute force in the test), and the type in pg_type as
 * pgvector's client libraries look it up.
 */
import { mulberry32 } from '../../src/index/index.js';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

/** A seeded PRNG, so the data is the same every run. */
const random = mulberry32;

const l2 = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));
const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((s, x, i) => s + x * b[i], 0);
  return 1 - dot / (Math.hypot(...a) * Math.hypot(...b));
};

describe('pgvector compatibility', () => {
  it('CREATE EXTENSION vector, vector(n) columns in pgvector text format, the type in pg_type', async () => {
    const c = jammi.client;
    await c.query('CREATE EXTENSION IF NOT EXISTS vector');
    await c.query('CREATE TABLE pv_items (id bigserial PRIMARY KEY, embedding vector(3))');
    await c.query("INSERT INTO pv_items (embedding) VALUES ('[1,2,3]'), ('[4,5,6]')");
    await c.query('INSERT INTO pv_items (embedding) VALUES ($1)', ['[1,0.5,0.25]']);
    const r = await c.query('SELECT id, embedding FROM pv_items ORDER BY id');
    expect(r.rows).toEqual([
      { id: '1', embedding: '[1,2,3]' },
      { id: '2', embedding: '[4,5,6]' },
      { id: '3', embedding: '[1,0.5,0.25]' },
    ]);
    const types = await c.query("SELECT typname, oid, typarray FROM pg_type WHERE typname = ANY($1) ORDER BY typname", [['vector', 'halfvec']]);
    expect(types.rows).toEqual([{ typname: 'vector', oid: r.fields[1].dataTypeID, typarray: 16201 }]);
    const col = await c.query("SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'pv_items'::regclass AND attname = 'embedding'");
    expect(col.rows).toEqual([{ t: 'vector(3)' }]);
    const cast = await c.query("SELECT '[1,2.5,3]'::vector AS v");
    expect(cast.rows).toEqual([{ v: '[1,2.5,3]' }]);
    expect(cast.fields[0].dataTypeID).toBe(r.fields[1].dataTypeID);
  });

  it('ORDER BY embedding <-> $1 / <=> $1 LIMIT k returns the exact nearest neighbours', async () => {
    const c = jammi.client;
    const next = random(42);
    const rows = Array.from({ length: 300 }, () => Array.from({ length: 8 }, () => Math.round(next() * 1000) / 100));
    await c.query('CREATE TABLE pv_docs (id int PRIMARY KEY, embedding vector(8))');
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await c.query(`INSERT INTO pv_docs VALUES ${chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ')}`, chunk.flatMap((v, j) => [i + j, `[${v.join(',')}]`]));
    }
    const query = Array.from({ length: 8 }, () => Math.round(next() * 1000) / 100);
    for (const [op, dist] of [['<->', l2], ['<=>', cosine]] as const) {
      const got = await c.query(`SELECT id, embedding ${op} $1 AS d FROM pv_docs ORDER BY embedding ${op} $1 LIMIT 10`, [`[${query.join(',')}]`]);
      const want = rows.map((v, id) => ({ id, d: dist(v, query) })).sort((a, b) => a.d - b.d).slice(0, 10);
      expect(got.rows.map((r) => r.id)).toEqual(want.map((w) => w.id));
      got.rows.forEach((r, i) => expect(r.d).toBeCloseTo(want[i].d, 4));
    }
  });

  it('a vector of the wrong dimension is an error and the connection goes on', async () => {
    const c = jammi.client;
    const err = await c.query("INSERT INTO pv_items (embedding) VALUES ('[1,2]')").catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toMatch(/^22/);
    expect((await c.query('SELECT count(*)::int AS n FROM pv_items')).rows).toEqual([{ n: 3 }]);
  });
});
