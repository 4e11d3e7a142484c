/**
 * Queries a PostgreSQL user of a federation engine types, run against jammi and a real
 * PostgreSQL 15 by differential.test.ts, which compares column names, type OIDs, typmods
 * and the rows' text.
 *
 * status:
 * - 'match': jammi answers exactly as PostgreSQL does; any change is a regression.
 * - 'known-difference': jammi differs today; `note` says how (jammi first, then pg). The
 *   test fails when such a query starts matching, so it can be promoted to 'match'.
 *
 * Statuses were determined by running every query against both servers; when jammi
 * changes, rerun the test and follow its messages.
 */
export interface DifferentialQuery {
  sql: string;
  status: 'match' | 'known-difference';
  note?: string;
}

const match = (sql: string): DifferentialQuery => ({ sql, status: 'match' });
const differs = (sql: string, note: string): DifferentialQuery => ({ sql, status: 'known-difference', note });

export const queries: readonly DifferentialQuery[] = [
  // ---- integers
  match('SELECT 1'),
  match('SELECT 1 AS one, 2 AS two'),
  match('SELECT 42::int2 AS a, 42::int4 AS b, 42::int8 AS c'),
  match('SELECT 2147483648 AS big'),
  match('SELECT 9223372036854775807 AS m, -2147483648 AS n'),
  match('SELECT -32768::smallint AS s'),
  match('SELECT 7 / 2 AS q, 7 % 3 AS r, -7 / 2 AS nq'),
  match('SELECT 1 + 2 * 3 AS x'),
  match('SELECT 127::int2 * 2 AS s'),
  match('SELECT 1 / 0 AS x'),
  // ---- numeric
  match('SELECT 1.5 AS n'),
  match('SELECT 123.456::numeric(6,2) AS n'),
  match('SELECT 1::numeric(10,3) AS n'),
  match("SELECT '1.50'::numeric AS n"),
  match("SELECT CAST('3.5' AS numeric) AS n"),
  match('SELECT 1e3::numeric AS n'),
  match('SELECT 0.1 + 0.2 AS n'),
  match('SELECT 10::numeric / 4 AS n'),
  match('SELECT 1.0 / 3 AS d'),
  match('SELECT 12.5::numeric(10,1) * 2 AS n'),
  match('SELECT round(2.5) AS a, round(-2.5) AS b, round(3.14159, 2) AS c'),
  match('SELECT abs(-5) AS a, ceil(1.2) AS c, floor(1.8) AS f'),
  // ---- floats
  match('SELECT 1.5::float8 AS f'),
  match('SELECT 0.1::float8 + 0.2::float8 AS f'),
  match('SELECT 1.25::float4 AS f, 0.1::float4 AS g'),
  match('SELECT 100000000::float8 AS f, 1e-5::float8 AS g, 123456789012345678::float8 AS h'),
  match("SELECT 'NaN'::float8 AS a, 'Infinity'::float8 AS b"),
  match('SELECT sqrt(2) AS s'),
  match('SELECT 2 ^ 10 AS p'),
  // ---- bool
  match('SELECT true AS t, false AS f'),
  match("SELECT 1 < 2 AS lt, 'a' = 'b' AS eq"),
  match('SELECT true AND NULL AS a, false AND NULL AS b, true OR NULL AS c'),
  match("SELECT 'yes'::boolean AS y, 1::boolean AS one, true::int AS i"),
  // ---- text and character types
  match("SELECT 'hello' AS s"),
  match("SELECT 'hello'::text AS s"),
  match("SELECT 'abc'::varchar AS v"),
  match("SELECT 'abc'::varchar(10) AS v"),
  match("SELECT 'ab'::char(4) AS c"),
  match("SELECT '' AS empty, 'it''s' AS quote"),
  // ---- string functions
  match("SELECT upper('abc') AS u, lower('ABC') AS l"),
  match("SELECT length('héllo') AS n"),
  match("SELECT 'foo' || 'bar' AS s, 'a' || 1 AS t"),
  match("SELECT concat('a', NULL, 'b') AS s"),
  match("SELECT substring('hello world' from 1 for 5) AS s, substr('hello', 2, 3) AS t"),
  match("SELECT trim('  x  ') AS t, ltrim('  x') AS l, rtrim('x  ') AS r"),
  match("SELECT replace('a-b-c', '-', '+') AS s"),
  match("SELECT position('lo' in 'hello') AS p"),
  match("SELECT split_part('a,b,c', ',', 2) AS s"),
  match("SELECT left('hello', 2) AS l, right('hello', 2) AS r, lpad('7', 3, '0') AS p"),
  match("SELECT 'abc' LIKE 'a%' AS l, 'ABC' ILIKE 'a%' AS il"),
  match("SELECT 'a,b' ~ ',' AS m"),
  match("SELECT regexp_replace('abc', 'b', 'x') AS s"),
  match("SELECT initcap('hello world') AS s"),
  match("SELECT format('%s-%s', 1, 'a') AS s"),
  match("SELECT md5('abc') AS h, repeat('ab', 3) AS r, reverse('abc') AS v"),
  // ---- dates, times, intervals
  match("SELECT DATE '2024-03-15' AS d, '2024-03-16'::date AS e"),
  match("SELECT TIME '13:45:30' AS t"),
  match("SELECT TIMESTAMP '2024-03-15 13:45:30' AS ts, TIMESTAMP '2024-03-15 13:45:30.123456' AS us"),
  match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AS tstz"),
  match("SELECT INTERVAL '1 day 2 hours' AS a, INTERVAL '1 year 2 months 3 days' AS b, INTERVAL '-1 day' AS c"),
  match("SELECT DATE '2024-03-15' + 1 AS d"),
  match("SELECT DATE '2024-03-15' - DATE '2024-03-01' AS days"),
  match("SELECT DATE '2024-03-15' + INTERVAL '1 month' AS ts"),
  match("SELECT TIMESTAMP '2024-03-15 10:00:00' - TIMESTAMP '2024-03-14 08:30:00' AS i"),
  match("SELECT TIME '12:00' + INTERVAL '90 minutes' AS t"),
  match("SELECT date_trunc('month', TIMESTAMP '2024-03-15 13:45:30') AS t"),
  match("SELECT extract(year from DATE '2024-03-15') AS y"),
  match("SELECT date_part('dow', DATE '2024-03-15') AS d"),
  match("SELECT extract(epoch FROM TIMESTAMP '2024-01-01 00:00:00') AS e"),
  match("SELECT to_char(DATE '2024-03-15', 'YYYY-MM-DD') AS s"),
  match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AT TIME ZONE 'America/New_York' AS t"),
  match("SELECT '2024-03-15 13:45:30'::timestamp::date AS d, '2024-03-15'::date::timestamp AS ts"),
  // ---- uuid, bytea, json, arrays
  match("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u"),
  match("SELECT '\\x0102ff'::bytea AS b"),
  match("SELECT 'abc'::bytea AS b"),
  match(`SELECT '{"a": 1}'::json AS j, '[1,2,3]'::json AS k`),
  match(`SELECT '{"a": 1}'::jsonb AS j`),
  match(`SELECT '{"a": {"b": 2}}'::json -> 'a' AS j, '{"a": "x"}'::json ->> 'a' AS s`),
  match('SELECT ARRAY[1, 2, 3] AS a'),
  match("SELECT ARRAY['a', 'b c', NULL] AS a"),
  match("SELECT '{1,2}'::int[] AS a"),
  match('SELECT array_length(ARRAY[1, 2, 3], 1) AS n'),
  match("SELECT 'x' = ANY(ARRAY['x', 'y']) AS a"),
  // ---- NULL handling
  match('SELECT NULL AS n'),
  match('SELECT NULL::int AS n'),
  match('SELECT COALESCE(NULL, 2, 3) AS c'),
  match('SELECT NULLIF(1, 1) AS a, NULLIF(1, 2) AS b'),
  match('SELECT NULL IS NULL AS a, 1 IS NOT NULL AS b, NULL = NULL AS c, 1 IS DISTINCT FROM NULL AS d'),
  match('SELECT COALESCE(x, 0) AS c FROM (VALUES (1), (NULL)) AS t(x)'),
  // ---- CASE
  match("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END AS c"),
  match("SELECT CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END AS c"),
  match('SELECT CASE WHEN false THEN 1 END AS c'),
  match("SELECT CASE WHEN x IS NULL THEN 'none' ELSE x::text END AS c FROM (VALUES (1), (NULL)) AS t(x)"),
  // ---- casts
  match("SELECT '42'::int AS i, '  42  '::int AS j"),
  match('SELECT 42::text AS t, 3.7::int AS i, CAST(1 AS bigint) AS b'),
  match("SELECT 'abc'::int AS i"),
  // ---- aggregates over VALUES
  match('SELECT count(*) FROM (VALUES (1), (2), (NULL)) AS t(x)'),
  match('SELECT count(x) AS n, count(DISTINCT x) AS d FROM (VALUES (1), (1), (NULL)) AS t(x)'),
  match('SELECT sum(x) FROM (VALUES (1), (2), (3)) AS t(x)'),
  match('SELECT sum(x) AS s, avg(x) AS a, min(x) AS mn, max(x) AS mx FROM (VALUES (1), (2), (4)) AS t(x)'),
  match('SELECT sum(x) AS s, avg(x) AS a FROM (VALUES (1.5), (2.25)) AS t(x)'),
  match('SELECT avg(x) AS a FROM (VALUES (1::float8), (2::float8)) AS t(x)'),
  match('SELECT sum(x) AS s FROM (VALUES (NULL::int)) AS t(x)'),
  match('SELECT count(*) AS n FROM (VALUES (1)) AS t(x) WHERE false'),
  match("SELECT min(s) AS mn, max(s) AS mx FROM (VALUES ('b'), ('a'), ('c')) AS t(s)"),
  match("SELECT max(d) AS m FROM (VALUES (DATE '2024-01-01'), (DATE '2024-06-01')) AS t(d)"),
  match("SELECT string_agg(s, ',' ORDER BY s) AS s FROM (VALUES ('b'), ('a'), ('c')) AS t(s)"),
  match('SELECT array_agg(x ORDER BY x) AS a FROM (VALUES (3), (1), (2)) AS t(x)'),
  match('SELECT bool_and(b) AS a, bool_or(b) AS o FROM (VALUES (true), (false)) AS t(b)'),
  // ---- GROUP BY, ORDER BY, LIMIT
  match("SELECT k, count(*) AS n FROM (VALUES ('a'), ('b'), ('a')) AS t(k) GROUP BY k ORDER BY k"),
  match("SELECT k, sum(v) AS total FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t(k, v) GROUP BY k HAVING sum(v) > 2 ORDER BY total DESC"),
  match('SELECT x FROM (VALUES (3), (1), (2)) AS t(x) ORDER BY x DESC LIMIT 2'),
  match('SELECT x FROM (VALUES (3), (1), (2)) AS t(x) ORDER BY x LIMIT 1 OFFSET 1'),
  match('SELECT x FROM (VALUES (1), (2), (3)) AS t(x) ORDER BY x FETCH FIRST 2 ROWS ONLY'),
  match("SELECT x FROM (VALUES ('b'), ('B'), ('a')) AS t(x) ORDER BY x"),
  match('SELECT DISTINCT x FROM (VALUES (1), (1), (2)) AS t(x) ORDER BY x'),
  // ---- ORDER BY with NULLs
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x'),
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC'),
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x NULLS FIRST'),
  match('SELECT x FROM (VALUES (1.5::float8), (NULL), (-1)) AS t(x) ORDER BY x DESC NULLS LAST'),
  // ---- CTEs and subqueries
  match('WITH t AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT sum(a) AS s FROM t'),
  match('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r'),
  match('SELECT (SELECT max(x) FROM (VALUES (1), (5)) AS t(x)) AS m'),
  match('SELECT x FROM (VALUES (1), (2), (3)) AS t(x) WHERE x IN (SELECT 2 UNION SELECT 3) ORDER BY x'),
  match('SELECT EXISTS (SELECT 1 WHERE false) AS e'),
  match('SELECT t.x, (SELECT count(*) FROM (VALUES (1), (2)) AS u(y) WHERE u.y <= t.x) AS c FROM (VALUES (1), (2)) AS t(x) ORDER BY t.x'),
  // ---- joins over VALUES
  match("SELECT a.id, a.name, b.score FROM (VALUES (1, 'x'), (2, 'y')) AS a(id, name) JOIN (VALUES (1, 10), (3, 30)) AS b(id, score) ON a.id = b.id"),
  match('SELECT a.id, b.score FROM (VALUES (1), (2)) AS a(id) LEFT JOIN (VALUES (1, 10)) AS b(id, score) ON a.id = b.id ORDER BY a.id'),
  match('SELECT count(*) AS n FROM (VALUES (1), (2)) AS a(x) CROSS JOIN (VALUES (1), (2), (3)) AS b(y)'),
  // ---- set operations, windows, set-returning functions
  match('SELECT 1 AS x UNION SELECT 2 ORDER BY 1'),
  match('SELECT 1 AS x INTERSECT SELECT 1'),
  match("SELECT row_number() OVER (ORDER BY x) AS rn, x FROM (VALUES ('b'), ('a')) AS t(x)"),
  match('SELECT * FROM generate_series(1, 3) AS g(n)'),
  match('SELECT generate_series(1, 3) AS n'),
  match('SELECT greatest(1, 5, 3) AS g, least(1, 5, 3) AS l'),
  // ---- column names
  match('SELECT x AS "Mixed Case" FROM (VALUES (1)) AS t(x)'),
  match('SELECT 1 AS a, 2 AS a'),
  match('SELECT x + 1 FROM (VALUES (1)) AS t(x)'),
  match("SELECT upper('a')"),
  match('SELECT count(*), sum(x), max(x) FROM (VALUES (1)) AS t(x)'),
];

/**
 * Aggregate queries over the demo sources. `{trips}` and `{cities}` stand for the tables:
 * `trips.trips` and `cities.cities` in jammi, and tables loaded with the same rows in
 * PostgreSQL. Only the rows (and the number of columns) are compared here; the type
 * differences are tracked by `queries` above.
 */
export const sourceQueries: readonly DifferentialQuery[] = [
  match('SELECT count(*) AS n FROM {trips}'),
];
