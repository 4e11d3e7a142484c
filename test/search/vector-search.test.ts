/**
 * vector_search over the wire, against real files: the demo source `cities` (CSV) embedded
 * with hash-384, searched with a literal and with a parameter; the contract's columns and
 * types; a WHERE outside the call (it filters the k hits); the bad calls with their SQLSTATEs
 * (the connection survives each); a missing sidecar falls back to exact search with a NOTICE.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const j = useJammi({ client: true });

beforeAll(async () => {
  await j.client.query("select * from jammi.create_embedding_table('cities', 'name', 'name', 'hash-384')");
});

async function pgError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the statement to fail');
}

const alive = async () => expect((await j.client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);

describe('vector_search', () => {
  it('finds the city named by the query first, k rows ordered by similarity', async () => {
    const r = await j.client.query("SELECT name, _row_id, similarity FROM vector_search('cities', 'Lisbon', 3)");
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0]).toMatchObject({ name: 'Lisbon', _row_id: 'Lisbon' });
    expect(Math.abs(r.rows[0].similarity - 1)).toBeLessThan(1e-5);
    const sims = r.rows.map((x) => x.similarity as number);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  });

  it('returns the source columns and the contract columns with their types', async () => {
    const r = await j.client.query("SELECT * FROM jammi.vector_search('cities', 'Paris', 2)");
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['name', expect.any(Number)],
      ['country', expect.any(Number)],
      ['population', expect.any(Number)],
      ['_row_id', 25],
      ['_source_id', 25],
      ['retrieved_by', 1009],
      ['annotated_by', 1009],
      ['similarity', 700],
    ]);
    expect(r.rows[0]).toMatchObject({ name: 'Paris', country: 'FR', _row_id: 'Paris', _source_id: 'cities', retrieved_by: ['vector'], annotated_by: [] });
  });

  it('takes the query and k as parameters (extended protocol)', async () => {
    const r = await j.client.query('SELECT name, similarity FROM vector_search($1, $2, $3) AS v', ['cities', 'Madrid', 2]).catch((e: Error) => e);
    // source must be a constant: a parameter there is refused clearly
    expect(r).toMatchObject({ code: '0A000' });
    const q = await j.client.query("SELECT v.name, v.similarity FROM vector_search('cities', $1, $2) AS v", ['Madrid', 2]);
    expect(q.rows.map((x) => x.name)[0]).toBe('Madrid');
    expect(q.rows).toHaveLength(2);
    const again = await j.client.query("SELECT name FROM vector_search('cities', $1, 1)", ['Berlin']);
    expect(again.rows).toEqual([{ name: 'Berlin' }]);
  });

  it('applies a WHERE on a source column to the k hits', async () => {
    const all = await j.client.query("SELECT name, country FROM vector_search('cities', 'Rome', 6)");
    expect(all.rows).toHaveLength(6);
    const r = await j.client.query("SELECT name FROM vector_search('cities', 'Rome', 6) WHERE country <> 'IT'");
    expect(r.rows).toHaveLength(5);
    expect(r.rows.map((x) => x.name)).not.toContain('Rome');
  });

  it('works in a CTE and a join', async () => {
    const r = await j.client.query(
      "WITH hits AS (SELECT _row_id, similarity FROM vector_search('cities', 'Berlin', 2)) SELECT c.name, c.country, h.similarity FROM cities.cities c JOIN hits h ON c.name = h._row_id ORDER BY h.similarity DESC",
    );
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({ name: 'Berlin', country: 'DE' });
  });

  it('refuses bad calls with their SQLSTATEs; the connection survives each', async () => {
    expect(await pgError(j.client.query("SELECT * FROM vector_search('nope', 'x', 3)"))).toMatchObject({ code: '42P01' });
    await alive();
    const none = await pgError(j.client.query("SELECT * FROM vector_search('trips', 'x', 3)"));
    expect(none).toMatchObject({ code: '55000', message: 'source "trips" has no ready embedding table' });
    await alive();
    expect(await pgError(j.client.query("SELECT * FROM vector_search('cities', 'x', 0)"))).toMatchObject({ code: '2201W' });
    await alive();
    expect(await pgError(j.client.query("SELECT * FROM vector_search('cities', $1, $2)", ['x', -1]))).toMatchObject({ code: '2201W' });
    await alive();
  });

  it('falls back to exact search with a NOTICE when the sidecar is missing', async () => {
    await j.client.query("select * from jammi.create_embedding_table('cities', 'name', 'name', 'hash-384', '{\"name\": \"cities_again\"}')");
    const dir = path.join(j.server.dataDir, 'results', 'cities_again');
    renameSync(path.join(dir, 'manifest.json'), path.join(dir, 'manifest.json.moved'));
    const c = await j.connect();
    try {
      const notices: string[] = [];
      c.on('notice', (n) => notices.push(n.message ?? ''));
      const r = await c.query("SELECT name, similarity FROM vector_search('cities', 'Amsterdam', 2)");
      expect(r.rows[0].name).toBe('Amsterdam');
      expect(r.rows).toHaveLength(2);
      expect(notices.some((n) => n.includes('searching exactly'))).toBe(true);
    } finally {
      await c.end();
    }
  });
});
