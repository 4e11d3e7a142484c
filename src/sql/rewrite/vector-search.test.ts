import { deparseSync } from 'pgsql-deparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { PgError } from '../../errors/index.js';
import { initParser, parseStatements } from '../index.js';
import type { EmbeddingTableInfo } from '../resolver.js';
import type { RewriteContext } from './rewrite.types.js';
import { rewriteVectorSearch } from './vector-search.js';

beforeAll(async () => {
  await initParser();
});

const table: EmbeddingTableInfo = {
  name: 'trips_hash_384',
  source: 'trips',
  view: { catalog: 'jammi_sources', schema: 'trips', table: 'trips' },
  keyColumn: 'id',
  keyType: 'BIGINT',
  columns: ['id', 'city', 'fare'],
  dimensions: 384,
  model: 'hash-384',
  parquetPath: '/data/results/trips_hash_384/data.parquet',
  indexDir: '/data/results/trips_hash_384',
  builtAt: '2026-12-07T00:00:00.000Z',
};

function rewrite(sql: string) {
  const ctx: RewriteContext = {
    resolver: {
      ...fakeResolver(),
      embeddingTable: (s: string) => {
        if (s === 'trips') return table;
        if (s === 'empty') return null;
        throw new PgError('42P01', `source "${s}" does not exist`);
      },
    },
    dynamic: false,
  };
  const r = rewriteVectorSearch(structuredClone(parseStatements(sql)[0].ast), ctx);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed, searches: ctx.searches ?? [] };
}

const subquery = (i: number) =>
  `SELECT s.*, h._row_id, h._source_id, CAST(ARRAY['vector'] AS TEXT[]) AS retrieved_by, CAST(ARRAY[] AS TEXT[]) AS annotated_by, CAST(h.similarity AS REAL) AS similarity ` +
  `FROM jammi_sources.trips.trips AS s JOIN jammi_search_hits_${i} AS h ON s.id = h._key ORDER BY h.similarity DESC, h._row_id`;

describe('rewriteVectorSearch', () => {
  it('replaces the call by the source joined with a hits placeholder, and records the search', () => {
    const r = rewrite("SELECT id, similarity FROM vector_search('trips', 'long ride', 5) WHERE fare > 3");
    expect(r.sql).toBe(normalizeSql(`SELECT id, similarity FROM (${subquery(0)}) AS vector_search WHERE fare > 3`));
    expect(r.searches).toEqual([{ placeholder: 'jammi_search_hits_0', table, query: { value: 'long ride' }, queryIsVector: false, k: { value: 5 }, filters: [{ ast: expect.any(Object), sql: 'fare > 3', columns: ['fare'] }] }]);
  });

  it('keeps the alias, reads parameters and numbers several calls', () => {
    const r = rewrite("SELECT * FROM jammi.vector_search('trips', $1, $2) v JOIN vector_search('trips', 'x', 1) w ON v.id = w.id");
    expect(r.sql).toBe(normalizeSql(`SELECT * FROM (${subquery(0)}) AS v JOIN (${subquery(1)}) AS w ON v.id = w.id`));
    expect(r.searches.map((s) => [s.query, s.k])).toEqual([
      [{ param: 1 }, { param: 2 }],
      [{ value: 'x' }, { value: 1 }],
    ]);
  });

  it('leaves other functions alone', () => {
    expect(rewrite('SELECT * FROM generate_series(1, 3)').changed).toBe(false);
    expect(rewrite("SELECT * FROM other.vector_search('trips', 'x', 3)").changed).toBe(false);
  });

  it('refuses bad calls with their SQLSTATEs', () => {
    const code = (sql: string) => {
      try {
        rewrite(sql);
      } catch (e) {
        return (e as PgError).code;
      }
      return 'no error';
    };
    expect(code("SELECT * FROM vector_search('nope', 'x', 3)")).toBe('42P01');
    expect(code("SELECT * FROM vector_search('empty', 'x', 3)")).toBe('55000');
    expect(code("SELECT * FROM vector_search('trips', 'x', 0)")).toBe('2201W');
    expect(code("SELECT * FROM vector_search('trips', 'x', -2)")).toBe('2201W');
    expect(code("SELECT * FROM vector_search($1, 'x', 3)")).toBe('0A000');
    expect(code("SELECT * FROM vector_search('trips', 'x', 3, ef => 0)")).toBe('22023');
    expect(code("SELECT * FROM vector_search('trips', 'x', 3, nope => 1)")).toBe('42883');
    expect(code("SELECT * FROM vector_search('trips', 'x', 3, 4)")).toBe('42883');
    expect(code("SELECT * FROM vector_search('trips', 'x')")).toBe('42883');
    expect(code("SELECT * FROM vector_search('trips', 'x', 3, filter => 'fare > 1; DROP TABLE t')")).toBe('42601');
    expect(code("SELECT * FROM vector_search('trips', 'x', 3, filter => 'fare >')")).toBe('42601');
    expect(code("SELECT * FROM vector_search('trips', 42, 3)")).toBe('22023');
    expect(code("SELECT * FROM vector_search('trips', $1::int, 3)")).toBe('22023');
    expect(code("SELECT * FROM vector_search('trips', ARRAY[1, 'a'], 3)")).toBe('0A000');
  });

  it('takes named arguments: table, ef, filter (applied inside the call and pushed down)', () => {
    const r = rewrite("SELECT id FROM vector_search(source => 'trips', query => 'x', k => 4, \"table\" => 'trips_hash_384', ef => $1, filter => 'fare > 3')");
    expect(r.sql).toBe(normalizeSql(`SELECT id FROM (${subquery(0).replace(' ORDER BY', ' WHERE fare > 3 ORDER BY')}) AS vector_search`));
    expect(r.searches[0]).toMatchObject({ ef: { param: 1 }, k: { value: 4 }, filters: [{ sql: 'fare > 3', columns: ['fare'] }] });
    // `table` is a reserved word: quoted, or spelled table_name.
    expect(rewrite("SELECT id FROM vector_search('trips', 'x', 4, table_name => 'trips_hash_384')").changed).toBe(true);
  });

  it('reads a vector query: a cast to an array or vector type, or ARRAY[numbers]', () => {
    const q = (sql: string) => rewrite(sql).searches[0];
    expect(q("SELECT * FROM vector_search('trips', $1::real[], 3)")).toMatchObject({ query: { param: 1 }, queryIsVector: true });
    expect(q("SELECT * FROM vector_search('trips', '[1,2]'::vector, 3)")).toMatchObject({ query: { value: '[1,2]' }, queryIsVector: true });
    expect(q("SELECT * FROM vector_search('trips', ARRAY[1, -2.5, 3e-2], 3)")).toMatchObject({ query: { value: '[1,-2.5,0.03]' }, queryIsVector: true });
    expect(q("SELECT * FROM vector_search('trips', $1::text, 3)")).toMatchObject({ query: { param: 1 }, queryIsVector: false });
  });

  it('records the WHERE conjuncts over the source as filters (pushdown), keeping the WHERE', () => {
    const r = rewrite("SELECT v.id FROM vector_search('trips', 'x', 10) v WHERE v.fare > 3 AND (city = 'Oslo' OR v.id < 5) AND v.similarity > 0.5");
    expect(r.sql).toContain('WHERE v.fare > 3');
    expect(r.searches[0].filters?.map(({ sql, columns }) => ({ sql, columns }))).toEqual([
      { sql: 'fare > 3', columns: ['fare'] },
      { sql: "city = 'Oslo' OR id < 5", columns: ['city', 'id'] },
    ]);
  });

  it('pushes nothing from joins, subqueries, volatile functions, other relations or names the source lacks', () => {
    const filters = (sql: string) => rewrite(sql).searches[0].filters;
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v JOIN t ON true WHERE v.fare > 3")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE v.fare > random()")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE v.id IN (SELECT 1)")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE w.fare > 1")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE _row_id = 'a'")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE outer_col = 1")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3)")).toBeUndefined();
    expect(filters("SELECT * FROM vector_search('trips', 'x', 3) v WHERE v.* IS NOT NULL")).toBeUndefined();
  });

  it('pushes parameters, functions, casts and any operator over the source columns (the planner rewrites them)', () => {
    const sqls = (sql: string) => rewrite(sql).searches[0].filters?.map((f) => f.sql);
    expect(sqls("SELECT * FROM vector_search('trips', 'x', 3) v WHERE v.fare > $1 AND lower(v.city) = 'oslo' AND v.city::text LIKE 'a\\_%' AND v.fare / 2 > 1")).toEqual([
      'fare > $1',
      "lower(city) = 'oslo'",
      "city::text LIKE E'a\\\\_%'",
      '(fare / 2) > 1',
    ]);
    expect(sqls("SELECT * FROM vector_search('trips', 'x', 3) WHERE vector_search.fare > 1")).toEqual(['fare > 1']);
  });
});
