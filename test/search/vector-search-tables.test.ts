/**
 * vector_search over a writable table with a pgvector column, over the wire: exact nearest rows
 * (checked against brute force), the contract's columns, WHERE conjuncts pushed inside so k rows
 * come back whenever k qualify, a vector parameter, and the errors (the connection survives each).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';
import { pgError } from '../helpers/thrown.js';

const j = useJammi({ client: true });
const rows = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, tag: ['a', 'b', 'c'][i % 3], v: [Math.sin(i), Math.cos(i * 1.7), Math.sin(i * 0.3) + 0.5] }));
const text = (v: number[]) => `[${v.join(',')}]`;
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));
const nearest = (q: number[], k: number, keep: (r: (typeof rows)[number]) => boolean = () => true) =>
  rows
    .filter(keep)
    .map((r) => ({ id: r.id, s: Math.fround(cosine(r.v, q)) }))
    .sort((x, y) => y.s - x.s || String(x.id).localeCompare(String(y.id)))
    .slice(0, k)
    .map((r) => r.id);

beforeAll(async () => {
  await j.client.query('CREATE EXTENSION IF NOT EXISTS vector');
  await j.client.query('CREATE TABLE items (id int PRIMARY KEY, tag text, embedding vector(3))');
  await j.client.query(`INSERT INTO items VALUES ${rows.map((r) => `(${r.id}, '${r.tag}', '${text(r.v)}')`).join(', ')}, (1000, 'a', NULL)`);
});

describe('vector_search over a pgvector table', () => {
  it('returns the nearest rows with the contract columns, ordered by similarity', async () => {
    const q = [0.2, -0.4, 0.9];
    const r = await j.client.query(`SELECT * FROM vector_search('items', '${text(q)}', 5)`);
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['id', 23],
      ['tag', 25],
      ['embedding', 16200],
      ['_row_id', 25],
      ['_source_id', 25],
      ['retrieved_by', 1009],
      ['annotated_by', 1009],
      ['similarity', 700],
    ]);
    expect(r.rows.map((x) => x.id)).toEqual(nearest(q, 5));
    expect(r.rows[0]).toMatchObject({ _row_id: String(r.rows[0].id), _source_id: 'items', retrieved_by: ['vector'], annotated_by: [] });
    for (const x of r.rows) expect(x.similarity).toBeCloseTo(cosine(rows[x.id - 1].v, q), 5);
  });

  it('pushes the WHERE inside: k rows whenever k qualify; takes the query as a parameter and a schema-qualified name', async () => {
    const q = [1, 0, 0];
    const r = await j.client.query("SELECT id, tag FROM vector_search('public.items', $1::real[], 7) WHERE tag = $2 AND id > 10", [`{${q.join(',')}}`, 'b']);
    expect(r.rows.map((x) => x.id)).toEqual(nearest(q, 7, (x) => x.tag === 'b' && x.id > 10));
    const f = await j.client.query("SELECT count(*)::int AS n FROM vector_search('items', '[0,1,0]', 4, filter => 'tag <> ''c''') v");
    expect(f.rows).toEqual([{ n: 4 }]);
  });

  it('refuses tables it cannot search, with their SQLSTATEs; the connection survives', async () => {
    await j.client.query('CREATE TABLE plain (id int PRIMARY KEY, t text)');
    await j.client.query('CREATE TABLE nokey (embedding vector(3))');
    expect(await pgError(j.client.query("SELECT * FROM vector_search('plain', '[1,2,3]', 3)"))).toMatchObject({ code: '42703' });
    expect(await pgError(j.client.query("SELECT * FROM vector_search('nokey', '[1,2,3]', 3)"))).toMatchObject({ code: '0A000' });
    expect(await pgError(j.client.query("SELECT * FROM vector_search('items', '[1,2]', 3)"))).toMatchObject({ code: '22023' });
    expect((await j.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
