/**
 * vector_search over the wire, against real files: the demo source `cities` (CSV) embedded
 * with hash-384, searched with a literal and with a parameter; the contract's columns and
 * types; a WHERE outside the call (pushed into the search: k rows when k qualify, checked
 * against brute force on `trips`); the bad calls with their SQLSTATEs
 * (the connection survives each); a missing sidecar falls back to exact search with a NOTICE.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';
import { pgError } from '../helpers/thrown.js';

const j = useJammi({ client: true });

beforeAll(async () => {
  await j.client.query("select * from jammi.create_embedding_table('cities', 'name', 'name', 'hash-384')");
});

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

  describe('filters pushed into the search', () => {
    beforeAll(async () => {
      await j.client.query("select * from jammi.create_embedding_table('trips', 'trip_id', 'trip_id', 'hash-384')");
    });

    /**
     * Brute force: every row's similarity (a filter keeping all 2000 rows makes the search exact
     * over them; without one HNSW may miss a row at k = 2000), filtered here, cut to k.
     */
    async function expected(q: string, keep: (id: number) => boolean, k: number): Promise<number[]> {
      const all = await j.client.query(`SELECT trip_id, similarity FROM vector_search('trips', '${q}', 2000) WHERE trip_id IS NOT NULL`);
      expect(all.rows).toHaveLength(2000);
      return all.rows.filter((r) => keep(Number(r.trip_id))).map((r) => r.similarity as number).sort((a, b) => b - a).slice(0, k);
    }

    function check(rows: { trip_id: string | number; similarity: number }[], keep: (id: number) => boolean, want: number[]) {
      expect(rows).toHaveLength(want.length);
      for (const r of rows) expect(keep(Number(r.trip_id))).toBe(true);
      const sims = rows.map((r) => r.similarity);
      expect([...sims].sort((a, b) => b - a)).toEqual(sims);
      sims.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
    }

    it('a filter keeping a handful of rows returns min(k, qualifying) rows, the nearest among them', async () => {
      const keep = (id: number) => id <= 7;
      const r = await j.client.query("SELECT v.trip_id, v.similarity FROM vector_search('trips', '1234', 10) v WHERE v.trip_id <= 7");
      check(r.rows, keep, await expected('1234', keep, 10));
      expect(r.rows).toHaveLength(7);
      const five = await j.client.query("SELECT trip_id, similarity FROM vector_search('trips', '1234', 5) WHERE trip_id <= 7 AND similarity > -2");
      check(five.rows, keep, await expected('1234', keep, 5));
    });

    it('a filter keeping about half the rows returns k rows', async () => {
      const keep = (id: number) => id % 2 === 0 && id > 300;
      const r = await j.client.query("SELECT v.trip_id, v.similarity FROM vector_search('trips', '1357', 10) AS v WHERE v.trip_id % 2 = 0 AND trip_id > 300");
      check(r.rows, keep, await expected('1357', keep, 10));
    });

    it('holds on the demo cities: 10 rows asked, every qualifying city returned', async () => {
      const r = await j.client.query("SELECT v.name FROM vector_search('cities', 'Paris', 10) v WHERE v.population > 1000000 ORDER BY v.name");
      const big = await j.client.query('SELECT name FROM cities.cities WHERE population > 1000000 ORDER BY name');
      expect(r.rows).toEqual(big.rows);
      expect(r.rows.length).toBeGreaterThan(0);
    });

    it('leaves a filter it cannot push to the hits (a parameter)', async () => {
      const r = await j.client.query("SELECT trip_id FROM vector_search('trips', '1234', 5) WHERE trip_id <= $1", [7]);
      expect(r.rows.length).toBeLessThanOrEqual(5);
      for (const x of r.rows) expect(Number(x.trip_id)).toBeLessThanOrEqual(7);
    });
  });
});
