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
  match('SELECT 42::int2 AS a, 42::int4 AS b, 42::int8 AS c'),
  match('SELECT 2147483648 AS big'),
  differs('SELECT 9223372036854775807 AS m, -2147483648 AS n', "type of -2147483648: jammi int8, pg int4"),
  match('SELECT 7 / 2 AS q, 7 % 3 AS r, -7 / 2 AS nq'),
  match('SELECT 1 + 2 * 3 AS x, (-32768)::smallint AS s'),
  differs('SELECT 127::int2 * 2 AS s', "int2 * int4 type: jammi int2, pg int4"),
  differs('SELECT 1 / 0 AS x', "division by zero: jammi returns float8 Infinity, pg fails with 22012"),
  // ---- numeric
  match('SELECT 1.5 AS n'),
  match('SELECT 123.456::numeric(6,2) AS n, 1::numeric(10,3) AS m'),
  differs("SELECT '1.50'::numeric AS n", "unconstrained numeric: jammi numeric(18,3) (typmod 1179655) prints 1.500, pg typmod -1 prints 1.50"),
  differs("SELECT CAST('3.5' AS numeric) AS n", "unconstrained numeric: jammi numeric(18,3) prints 3.500, pg typmod -1 prints 3.5"),
  differs("SELECT 'NaN'::numeric AS n", "numeric NaN: jammi 22P02 cannot convert to DECIMAL(18,3), pg NaN"),
  differs('SELECT 1e3::numeric AS n', "unconstrained numeric: jammi numeric(18,3) prints 1000.000, pg typmod -1 prints 1000"),
  differs('SELECT 0.1 + 0.2 AS n', "numeric arithmetic typmod: jammi 196613 (numeric(3,1)), pg -1"),
  differs('SELECT 10::numeric / 4 AS n', "numeric division: jammi float8 2.5, pg numeric 2.5000000000000000"),
  differs('SELECT 1.0 / 3 AS d', "numeric division: jammi float8 0.3333333333333333, pg numeric 0.33333333333333333333"),
  differs('SELECT 12.5::numeric(10,1) * 2 AS n', "numeric product typmod: jammi 1179653 (numeric(18,1)), pg -1"),
  differs('SELECT round(2.5) AS a, round(-2.5) AS b, round(3.14159, 2) AS c', "round() typmods: jammi numeric(2,0)/numeric(6,2), pg -1"),
  differs('SELECT abs(-5) AS a, ceil(1.2) AS c, floor(1.8) AS f', "ceil/floor typmod: jammi 131076 (numeric(2,0)), pg -1"),
  // ---- floats
  match('SELECT 1.5::float8 AS f, 0.1::float8 + 0.2::float8 AS g'),
  match('SELECT 1.25::float4 AS f, 0.1::float4 AS g'),
  match('SELECT 100000000::float8 AS f, 1e-5::float8 AS g, 123456789012345678::float8 AS h'),
  match("SELECT 'NaN'::float8 AS a, 'Infinity'::float8 AS b"),
  match('SELECT sqrt(2) AS s, 2 ^ 10 AS p'),
  differs('SELECT 1::float4 / 3 AS f', "float4 / int4: jammi float4 0.33333334, pg float8 0.3333333333333333"),
  // ---- bool
  match('SELECT true AS t, false AS f'),
  match("SELECT 1 < 2 AS lt, 'a' = 'b' AS eq"),
  match('SELECT true AND NULL AS a, false AND NULL AS b, true OR NULL AS c'),
  match("SELECT 'yes'::boolean AS y, 1::boolean AS one, true::int AS i"),
  differs("SELECT 'off'::boolean AS b", "'off'::boolean: jammi 22P02 could not convert, pg f"),
  // ---- text and character types
  match("SELECT 'hello' AS s, 'world'::text AS t"),
  differs("SELECT 'abc'::varchar AS v", "varchar type: jammi text (25), pg varchar (1043)"),
  differs("SELECT 'abc'::varchar(10) AS v", "varchar(10): jammi text (25) typmod -1, pg varchar (1043) typmod 14"),
  differs("SELECT 'ab'::char(4) AS c", "char(4): jammi text 'ab', pg bpchar (1042) typmod 8 'ab  ' (blank-padded)"),
  match("SELECT '' AS empty, 'it''s' AS quote"),
  // ---- string functions
  match("SELECT upper('abc') AS u, lower('ABC') AS l"),
  differs("SELECT length('héllo') AS n", "length() type: jammi int8, pg int4"),
  match("SELECT 'foo' || 'bar' AS s, 'a' || 1 AS t"),
  match("SELECT concat('a', NULL, 'b') AS s"),
  differs("SELECT concat('a', 1, true) AS s", "bool inside concat(): jammi a1true, pg a1t"),
  differs("SELECT 'a' || NULL::text AS s", "text || NULL::text type: jammi int4, pg text"),
  match("SELECT substring('hello world' from 1 for 5) AS s, substr('hello', 2, 3) AS t"),
  match("SELECT trim('  x  ') AS t, ltrim('  x') AS l, rtrim('x  ') AS r"),
  match("SELECT replace('a-b-c', '-', '+') AS s, split_part('a,b,c', ',', 2) AS p"),
  differs("SELECT position('lo' in 'hello') AS p", "position() type: jammi int8, pg int4"),
  match("SELECT left('hello', 2) AS l, right('hello', 2) AS r, lpad('7', 3, '0') AS p"),
  match("SELECT 'abc' LIKE 'a%' AS l, 'ABC' ILIKE 'a%' AS il"),
  match("SELECT 'a,b' ~ ',' AS m"),
  match("SELECT 'ABC' ~* 'b' AS a, 'abc' !~ 'x' AS b, 'abc' !~* 'B' AS c, 'abc' ~ '^a.c$' AS d"),
  match("SELECT 'a' ~ 'b' OR 'x' ~ 'x' AS either"),
  differs("SELECT initcap('hello world') AS s", "initcap: jammi 42883 function does not exist, pg 'Hello World'"),
  differs("SELECT format('%s-%s', 1, 'a') AS s", "format(): jammi '%s-%s' (fmt-style placeholders), pg '1-a'"),
  match("SELECT md5('abc') AS h, repeat('ab', 3) AS r, reverse('abc') AS v, regexp_replace('abc', 'b', 'x') AS x"),
  // ---- dates, times, intervals
  match("SELECT DATE '2024-03-15' AS d, '2024-03-16'::date AS e"),
  match("SELECT TIME '13:45:30' AS t, TIME '12:00' + INTERVAL '90 minutes' AS u"),
  differs("SELECT '12:00+02'::timetz AS t", "timetz literal: jammi 22003 time field value out of range, pg 12:00:00+02"),
  match("SELECT TIMESTAMP '2024-03-15 13:45:30' AS ts, TIMESTAMP '2024-03-15 13:45:30.123456' AS us"),
  match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AS tstz"),
  match("SELECT INTERVAL '1 day 2 hours' AS a, INTERVAL '1 year 2 months 3 days' AS b, INTERVAL '-1 day' AS c"),
  match("SELECT DATE '2024-03-15' + 1 AS d"),
  differs("SELECT DATE '2024-03-15' - DATE '2024-03-01' AS days", "date - date type: jammi int8, pg int4"),
  match("SELECT DATE '2024-03-15' + INTERVAL '1 month' AS ts"),
  match("SELECT TIMESTAMP '2024-03-15 10:00:00' - TIMESTAMP '2024-03-14 08:30:00' AS i"),
  match("SELECT date_trunc('month', TIMESTAMP '2024-03-15 13:45:30') AS t"),
  differs("SELECT extract(year from DATE '2024-03-15') AS y", "extract() type: jammi int8, pg numeric"),
  differs("SELECT date_part('dow', DATE '2024-03-15') AS d", "date_part() type: jammi int8, pg float8"),
  differs("SELECT extract(epoch FROM TIMESTAMP '2024-01-01 00:00:00') AS e", "extract(epoch): jammi float8 1704067200, pg numeric 1704067200.000000"),
  differs("SELECT to_char(DATE '2024-03-15', 'YYYY-MM-DD') AS s", "to_char: jammi 42883 function does not exist, pg '2024-03-15'"),
  match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AT TIME ZONE 'America/New_York' AS t"),
  match("SELECT '2024-03-15 13:45:30'::timestamp::date AS d, '2024-03-15'::date::timestamp AS ts"),
  // ---- uuid, bytea, json, arrays
  match("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u"),
  differs("SELECT '\\x0102ff'::bytea AS b", "bytea hex input: jammi \\x0130326666 (reads \\x01 as an escape then '02ff' as text), pg \\x0102ff"),
  match("SELECT 'abc'::bytea AS b"),
  match(`SELECT '{"a": 1}'::json AS j, '[1,2,3]'::json AS k`),
  differs(`SELECT '{"a": 1}'::jsonb AS j`, "jsonb: jammi 42704 type \"jsonb\" does not exist, pg jsonb {\"a\": 1}"),
  differs(`SELECT '{"a": {"b": 2}}'::json -> 'a' AS j, '{"a": "x"}'::json ->> 'a' AS s`, "json -> output: jammi {\"b\":2} (re-serialized), pg {\"b\": 2} (input text kept)"),
  match('SELECT ARRAY[1, 2, 3] AS a'),
  match("SELECT ARRAY['a', 'b c', NULL] AS a"),
  differs("SELECT '{1,2}'::int[] AS a", "array literal cast: jammi 22P02 cannot cast '{1,2}' to INTEGER[], pg {1,2}"),
  differs('SELECT array_length(ARRAY[1, 2, 3], 1) AS n', "array_length() type: jammi int8, pg int4"),
  match("SELECT 'x' = ANY(ARRAY['x', 'y']) AS a"),
  // ---- NULL handling
  match('SELECT NULL AS n'),
  match('SELECT NULL::int AS n, COALESCE(NULL, 2, 3) AS c, NULLIF(1, 1) AS a, NULLIF(1, 2) AS b'),
  match('SELECT NULL IS NULL AS a, 1 IS NOT NULL AS b, NULL = NULL AS c, 1 IS DISTINCT FROM NULL AS d'),
  match('SELECT COALESCE(x, 0) AS c FROM (VALUES (1), (NULL)) AS t(x)'),
  // ---- CASE
  match("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END AS c, CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END AS d"),
  match('SELECT CASE WHEN false THEN 1 END AS c'),
  match("SELECT CASE WHEN x IS NULL THEN 'none' ELSE x::text END AS c FROM (VALUES (1), (NULL)) AS t(x)"),
  // ---- casts
  match("SELECT '42'::int AS i, '  42  '::int AS j"),
  match('SELECT 42::text AS t, 3.7::int AS i, CAST(1 AS bigint) AS b'),
  match("SELECT 'abc'::int AS i"),
  // ---- aggregates over VALUES
  match('SELECT count(*) FROM (VALUES (1), (2), (NULL)) AS t(x)'),
  match('SELECT count(x) AS n, count(DISTINCT x) AS d FROM (VALUES (1), (1), (NULL)) AS t(x)'),
  differs('SELECT sum(x) FROM (VALUES (1), (2), (3)) AS t(x)', "sum(int4): jammi numeric, pg int8"),
  differs('SELECT sum(x) AS s, avg(x) AS a, min(x) AS mn, max(x) AS mx FROM (VALUES (1), (2), (4)) AS t(x)', "sum(int4) jammi numeric, pg int8; avg(int4) jammi float8 2.3333333333333335, pg numeric 2.3333333333333333"),
  differs('SELECT sum(x) AS s, avg(x) AS a FROM (VALUES (1.5), (2.25)) AS t(x)', "sum(numeric) typmod: jammi numeric(38,2), pg -1; avg(numeric): jammi float8 1.875, pg numeric 1.8750000000000000"),
  match('SELECT avg(x) AS a FROM (VALUES (1::float8), (2::float8)) AS t(x)'),
  match('SELECT count(*) AS n FROM (VALUES (1)) AS t(x) WHERE false'),
  match("SELECT min(s) AS mn, max(s) AS mx, max(d) AS md FROM (VALUES ('b', DATE '2024-01-01'), ('a', DATE '2024-06-01')) AS t(s, d)"),
  match("SELECT string_agg(s, ',' ORDER BY s) AS s FROM (VALUES ('b'), ('a'), ('c')) AS t(s)"),
  match('SELECT array_agg(x ORDER BY x) AS a FROM (VALUES (3), (1), (2)) AS t(x)'),
  differs('SELECT json_agg(x ORDER BY x) AS j FROM (VALUES (2), (1)) AS t(x)', 'json_agg: jammi 42883 function does not exist, pg [1, 2]'),
  match('SELECT bool_and(b) AS a, bool_or(b) AS o FROM (VALUES (true), (false)) AS t(b)'),
  // ---- GROUP BY, ORDER BY, LIMIT
  match("SELECT k, count(*) AS n FROM (VALUES ('a'), ('b'), ('a')) AS t(k) GROUP BY k ORDER BY k"),
  differs("SELECT k, sum(v) AS total FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t(k, v) GROUP BY k HAVING sum(v) > 2 ORDER BY total DESC", "sum(int4) type: jammi numeric, pg int8"),
  match('SELECT x FROM (VALUES (3), (1), (2)) AS t(x) ORDER BY x DESC LIMIT 2'),
  match('SELECT x FROM (VALUES (3), (1), (2)) AS t(x) ORDER BY x LIMIT 1 OFFSET 1'),
  match("SELECT x FROM (VALUES ('b'), ('B'), ('a')) AS t(x) ORDER BY x"),
  match('SELECT DISTINCT x FROM (VALUES (1), (1), (2)) AS t(x) ORDER BY x'),
  // ---- ORDER BY with NULLs
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x'),
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC'),
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC NULLS LAST'),
  match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x NULLS FIRST'),
  match('SELECT x FROM (VALUES (1.5::float8), (NULL), (-1)) AS t(x) ORDER BY x DESC NULLS LAST'),
  // ---- CTEs and subqueries
  match('WITH t AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT max(a) AS m, count(*) AS n FROM t'),
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
  match('SELECT 1 AS x UNION SELECT 2 EXCEPT SELECT 3 ORDER BY 1'),
  match("SELECT row_number() OVER (ORDER BY x) AS rn, x FROM (VALUES ('b'), ('a')) AS t(x)"),
  differs('SELECT * FROM generate_series(1, 3) AS g(n)', "generate_series(int4) column type: jammi int8, pg int4"),
  differs('SELECT x FROM generate_series(1, 3) x', 'function alias as column: jammi json {"generate_series":1} (the whole row), pg int4 1'),
  differs('SELECT generate_series(1, 3) AS n', "set-returning function in the select list: jammi one row int8[] {1,2,3}, pg three int4 rows"),
  match('SELECT greatest(1, 5, 3) AS g, least(1, 5, 3) AS l'),
  // ---- settings functions
  match("SELECT current_setting('TimeZone') AS tz"),
  differs("SELECT set_config('application_name', 'diff', false) AS v", "set_config: jammi 42883 function does not exist, pg diff"),
  // ---- errors: only the SQLSTATE is compared
  match('SELECT * FROM no_such_table'),
  match('SELECT nope FROM (VALUES (1)) AS t(x)'),
  match('SELEC 1'),
  match('SELECT no_such_function()'),
  match("SELECT ''::int"),
  match('SELECT 2147483648::int'),
  match('SELECT id FROM (VALUES (1)) AS a(id), (VALUES (2)) AS b(id)'),
  match('SELECT x, count(*) FROM (VALUES (1)) AS t(x)'),
  differs('SELECT 1 % 0', "modulo by zero: jammi NULL, pg 22012 division by zero"),
  differs('SELECT 1::numeric / 0', "numeric division by zero: jammi float8 Infinity, pg 22012"),
  differs("SELECT '1.5'::int", "'1.5'::int: jammi rounds to 2, pg 22P02 invalid input syntax"),
  differs("SELECT '2024-13-45'::date", "out-of-range date field: jammi 22003, pg 22008"),
  differs("SELECT 'abc'::date", "bad date literal: jammi 22P02, pg 22007"),
  differs("SELECT '25:00:00'::time", "out-of-range time field: jammi 22003, pg 22008"),
  differs('SELECT 1 LIMIT -1', "negative LIMIT: jammi 42000, pg 2201W"),
  differs('SELECT (SELECT x FROM (VALUES (1), (2)) AS t(x))', "scalar subquery with two rows: jammi 22023, pg 21000"),
  differs('SELECT x FROM (VALUES (1)) AS t(x) ORDER BY 5', "ORDER BY position out of range: jammi 42000, pg 42P10"),
  differs("SELECT 1 = 'a'::text", "int = text: jammi 22P02 (tries a cast), pg 42883 operator does not exist"),
  differs("SELECT 1 + 'a'", "int + unknown literal: jammi 42883, pg 22P02 (casts 'a' to integer)"),
  differs("SELECT sum('a')", "sum(unknown): jammi 42883, pg 42725 function is not unique"),
  // ---- column names
  match('SELECT x AS "Mixed Case" FROM (VALUES (1)) AS t(x)'),
  match("VALUES (1, 'a'), (2, 'b')"),
  match("SELECT * FROM (VALUES (1, 'a')) AS v"),
  match('SELECT column1 FROM (VALUES (3), (4)) AS v ORDER BY 1'),
  match("SELECT ROW(1, 'a') AS r"),
  match('SELECT 1 AS a, 2 AS a'),
  match('SELECT x + 1 FROM (VALUES (1)) AS t(x)'),
  match("SELECT upper('a')"),
  match('SELECT count(*), min(x), max(x), bool_and(x > 0) FROM (VALUES (1)) AS t(x)'),
];

/**
 * Aggregate queries over the demo sources. `{trips}` and `{cities}` stand for the tables:
 * `trips.trips` and `cities.cities` in jammi, and tables loaded with the same rows in
 * PostgreSQL (same column types). Column names and rows are compared, not type OIDs or
 * typmods: those differences (sum/min/max typmods, avg as float8) are tracked by `queries`.
 */
export const sourceQueries: readonly DifferentialQuery[] = [
  match('SELECT * FROM {trips} ORDER BY trip_id'),
  match('SELECT * FROM {cities} ORDER BY name'),
  match('SELECT count(*) AS n, count(DISTINCT city) AS cities, min(started_at) AS first, max(started_at) AS last FROM {trips}'),
  match('SELECT sum(fare) AS revenue, sum(distance_km) AS km, min(fare) AS cheapest, max(fare) AS dearest, sum(passengers) AS riders FROM {trips}'),
  match('SELECT city, count(*) AS n, sum(fare) AS revenue, min(distance_km) AS shortest, max(distance_km) AS longest FROM {trips} GROUP BY city ORDER BY city'),
  differs('SELECT city, round(avg(fare), 2) AS avg_fare, round(avg(distance_km), 3) AS avg_km FROM {trips} GROUP BY city ORDER BY city', 'round(avg(numeric), n): jammi float8 32.3 / 13.8, pg numeric 32.30 / 13.800'),
  differs('SELECT city, avg(fare) AS avg_fare FROM {trips} GROUP BY city ORDER BY city', 'avg(numeric): jammi float8 32.30458083832335, pg numeric 32.3045808383233533'),
  match('SELECT passengers, count(*) AS n FROM {trips} GROUP BY passengers ORDER BY passengers'),
  match("SELECT date_trunc('month', started_at) AS month, count(*) AS n, sum(fare) AS revenue FROM {trips} GROUP BY 1 ORDER BY 1"),
  match('SELECT extract(hour FROM started_at) AS hour, count(*) AS n FROM {trips} GROUP BY 1 ORDER BY 1'),
  match('SELECT count(*) FILTER (WHERE passengers > 2) AS big_groups, count(*) FILTER (WHERE fare > 50) AS pricey FROM {trips}'),
  match('SELECT trip_id, city, fare FROM {trips} ORDER BY fare DESC, trip_id LIMIT 5'),
  match('SELECT trip_id, distance_km FROM {trips} WHERE distance_km BETWEEN 10 AND 10.5 ORDER BY trip_id'),
  match('SELECT c.country, count(*) AS trips, sum(t.fare) AS revenue FROM {trips} t JOIN {cities} c ON c.name = t.city GROUP BY c.country ORDER BY c.country'),
  match('SELECT c.name, c.population, count(t.trip_id) AS trips FROM {cities} c LEFT JOIN {trips} t ON t.city = c.name GROUP BY c.name, c.population ORDER BY c.population DESC'),
  match('SELECT name, population FROM {cities} ORDER BY population DESC LIMIT 3'),
  match('SELECT sum(population) AS total, min(population) AS smallest, max(country) AS last_country FROM {cities}'),
  match('WITH per_city AS (SELECT city, sum(fare) AS revenue FROM {trips} GROUP BY city) SELECT city, revenue FROM per_city WHERE revenue > (SELECT avg(revenue) FROM per_city) ORDER BY revenue DESC'),
  match('SELECT city, trip_id, fare, rank() OVER (PARTITION BY city ORDER BY fare DESC, trip_id) AS r FROM {trips} ORDER BY city, r LIMIT 12'),
  match('SELECT city, count(*) AS n FROM {trips} WHERE city IN (SELECT name FROM {cities} WHERE country IN (\'NL\', \'PT\')) GROUP BY city ORDER BY city'),
  differs("SELECT to_char(started_at, 'YYYY-MM') AS month FROM {trips} GROUP BY 1 ORDER BY 1 LIMIT 3", 'to_char: jammi 42883 function does not exist, pg 2026-01, 2026-02, 2026-03'),
  match('SELECT round(sum(fare) / sum(distance_km), 4) AS per_km FROM {trips}'),
];
