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
  ],
};
