import { type Category, match } from '../query.js';

/** NULL semantics: ordering (NULLS FIRST/LAST), comparison, IS DISTINCT FROM, concatenation, CASE and COALESCE. */
export const nulls: Category = {
  name: 'nulls',
  queries: [
    match('SELECT NULL AS n'),
    match('SELECT NULL::int AS n, COALESCE(NULL, 2, 3) AS c, NULLIF(1, 1) AS a, NULLIF(1, 2) AS b'),
    match('SELECT NULL IS NULL AS a, 1 IS NOT NULL AS b, NULL = NULL AS c, 1 IS DISTINCT FROM NULL AS d'),
    match('SELECT COALESCE(x, 0) AS c FROM (VALUES (1), (NULL)) AS t(x)'),
    match("SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END AS c, CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END AS d"),
    match('SELECT CASE WHEN false THEN 1 END AS c'),
    match("SELECT CASE WHEN x IS NULL THEN 'none' ELSE x::text END AS c FROM (VALUES (1), (NULL)) AS t(x)"),
    match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x'),
    match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC'),
    match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x DESC NULLS LAST'),
    match('SELECT x FROM (VALUES (2), (NULL), (1)) AS t(x) ORDER BY x NULLS FIRST'),
    match('SELECT x FROM (VALUES (1.5::float8), (NULL), (-1)) AS t(x) ORDER BY x DESC NULLS LAST'),
    // Ordering over dt: NULLs last ascending, first descending, unless told otherwise.
    match('SELECT id, i4 FROM dt ORDER BY i4, id'),
    match('SELECT id, i4 FROM dt ORDER BY i4 DESC, id'),
    match('SELECT id, s FROM dt ORDER BY s NULLS FIRST, id'),
    match('SELECT id, s FROM dt ORDER BY s DESC NULLS LAST, id'),
    match('SELECT id, f8 FROM dt ORDER BY f8 ASC NULLS FIRST, id'),
    match('SELECT id, d FROM dt ORDER BY d DESC NULLS FIRST, id'),
    match('SELECT id, b FROM dt ORDER BY b, id'),
    match('SELECT id, rank() OVER (ORDER BY i4 NULLS FIRST) AS r FROM dt ORDER BY id'),
    // Comparison and tests.
    match('SELECT id, i4 = NULL AS eq, i4 <> NULL AS ne, i4 > NULL AS gt FROM dt ORDER BY id'),
    match('SELECT id FROM dt WHERE s = NULL'),
    match('SELECT id FROM dt WHERE NOT (i4 > 0) ORDER BY id'),
    match('SELECT id, i4 BETWEEN NULL AND 10 AS bt FROM dt ORDER BY id'),
    match('SELECT id, i4 IS DISTINCT FROM i2 AS d, i4 IS NOT DISTINCT FROM NULL AS nd FROM dt ORDER BY id'),
    match('SELECT NULL::text IS DISTINCT FROM NULL::text AS a, \'a\' IS DISTINCT FROM NULL AS b'),
    match('SELECT id, s IS NULL AS a, s IS NOT NULL AS b, b IS TRUE AS t, b IS NOT FALSE AS nf, b IS UNKNOWN AS u FROM dt ORDER BY id'),
    match('SELECT id, ROW(i4, s) IS NULL AS all_null, ROW(i4, s) IS NOT NULL AS none_null, (i2, f4) IS NULL AS pair FROM dt ORDER BY id'),
    match('SELECT id, NOT b AS nb, b AND NULL AS a, b OR NULL AS o FROM dt ORDER BY id'),
    match('SELECT id, i4 + NULL AS p, i4 * i2 AS m, -i4 AS neg FROM dt ORDER BY id'),
    match("SELECT id, upper(s) AS u, s LIKE 'a%' AS lk, ia IS NULL AS a FROM dt ORDER BY id"),
    // Concatenation: || is NULL with a NULL operand, concat() skips NULLs.
    match('SELECT id, NULL || s AS a, s || NULL AS b, s || vc AS c FROM dt ORDER BY id'),
    match("SELECT NULL || 'x' AS a, NULL::text || NULL AS b"),
    match("SELECT id, concat(s, NULL, vc) AS a, concat_ws('-', s, NULL, vc) AS b FROM dt ORDER BY id"),
    // IN / NOT IN with NULLs.
    match('SELECT id, i4 IN (10, NULL) AS a, i4 NOT IN (10, NULL) AS b FROM dt ORDER BY id'),
    match('SELECT id FROM dt WHERE i4 NOT IN (SELECT i4 FROM dt) ORDER BY id'),
    match('SELECT id FROM dt WHERE i4 NOT IN (SELECT i4 FROM dt WHERE i4 IS NOT NULL) ORDER BY id'),
    match('SELECT id, i4 IN (SELECT i2 FROM dt) AS a FROM dt ORDER BY id'),
    // COALESCE, NULLIF, GREATEST and LEAST (which ignore NULLs).
    match('SELECT id, COALESCE(i2, i4, -1) AS c, NULLIF(i4, 0) AS n FROM dt ORDER BY id'),
    match("SELECT id, COALESCE(s, '(none)') AS s, COALESCE(b::text, 'null') AS b FROM dt ORDER BY id"),
    match('SELECT id, GREATEST(i2, i4, NULL) AS g, LEAST(i2, NULL, i4) AS l FROM dt ORDER BY id'),
    match('SELECT GREATEST(NULL::int, NULL) AS g, LEAST(NULL, 1) AS l'),
    // CASE with NULLs.
    match("SELECT id, CASE WHEN b THEN 'yes' WHEN NOT b THEN 'no' ELSE 'unknown' END AS c FROM dt ORDER BY id"),
    match('SELECT id, CASE b WHEN true THEN 1 WHEN NULL THEN 2 ELSE 3 END AS c FROM dt ORDER BY id'),
    // Aggregates: count(*) vs count(col), all-NULL input.
    match('SELECT count(*) AS all_rows, count(i4) AS i4s, count(s) AS ss, count(DISTINCT s) AS ds FROM dt'),
    match('SELECT sum(n) AS s, avg(f8) AS a, min(i4) AS mn, max(i4) AS mx, count(i4) AS c FROM dt WHERE i4 IS NULL'),
    match("SELECT sum(x) AS s, count(x) AS c, max(x) AS m, bool_and(x > 0) AS b, string_agg(x::text, ',') AS sa, array_agg(x) AS aa FROM (VALUES (NULL::numeric), (NULL)) AS t(x)"),
    match('SELECT max(s) AS mx, min(s) AS mn, min(d) AS md, max(ts) AS mt FROM dt'),
    // DISTINCT, GROUP BY and set operations treat NULLs as one value.
    match('SELECT DISTINCT b FROM dt ORDER BY b'),
    match('SELECT DISTINCT s FROM dt ORDER BY s NULLS FIRST'),
    match('SELECT count(*) AS n FROM (SELECT DISTINCT i4, s FROM dt) AS q'),
    match('SELECT b, count(*) AS n FROM dt GROUP BY b ORDER BY b'),
    match('SELECT i2 IS NULL AS missing, count(*) AS n FROM dt GROUP BY 1 ORDER BY 1'),
    match('SELECT i4 FROM dt UNION SELECT NULL ORDER BY 1'),
    match('SELECT s FROM dt INTERSECT SELECT NULL::text'),
    // Joins never match NULL keys.
    match('SELECT a.id, b.id FROM dt a JOIN dt b ON a.i4 = b.i4 ORDER BY 1'),
  ],
};
