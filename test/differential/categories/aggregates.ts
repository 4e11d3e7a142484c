import { type Category, differs, match } from '../query.js';

/** Aggregates: count/sum/avg/min/max/bool_and/bool_or/string_agg/array_agg result types and text, FILTER, GROUP BY, HAVING. */
export const aggregates: Category = {
  name: 'aggregates',
  queries: [
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
    match('SELECT json_agg(x ORDER BY x) AS j FROM (VALUES (2), (1)) AS t(x)'),
    match('SELECT bool_and(b) AS a, bool_or(b) AS o FROM (VALUES (true), (false)) AS t(b)'),
  ],
};
