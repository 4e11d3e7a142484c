import { type Category, differs, match } from '../query.js';

/** Arrays: text form and quoting, subscripts and slices, array_agg, unnest, array_length, ANY/ALL, containment, array_position, cardinality. */
export const arrays: Category = {
  name: 'arrays',
  queries: [
    // text form and quoting
    match('SELECT ARRAY[1, 2, 3] AS a'),
    match("SELECT ARRAY['a', 'b c', NULL] AS a"),
    match("SELECT ARRAY['', 'x,y', 'q\"t', 'back\\slash', 'NULL', ' lead', '{b}'] AS a"),
    match('SELECT id, ia, ta FROM dt ORDER BY id'),
    differs(
      "SELECT ARRAY[1.5, 2.25] AS n, ARRAY[true, false] AS b, ARRAY[DATE '2024-01-15'] AS d",
      'numeric array elements: jammi {1.50,2.25}, pg {1.5,2.25}; a DuckDB list has one DECIMAL(p,s) element type, Postgres keeps each numeric value\'s own scale',
    ),
    match('SELECT ARRAY(SELECT id FROM dt ORDER BY id) AS a'),
    // literals
    match("SELECT '{1,2}'::int[] AS a"),
    match("SELECT '{a,\"b c\",NULL,\"\"}'::text[] AS a, '{}'::text[] AS e"),
    match("SELECT CAST('{ 1 , 2 }' AS bigint[]) AS a"),
    match("SELECT '{1,x}'::int[] AS a"),
    match("SELECT '{1,2'::int[] AS a"),
    match(String.raw`SELECT '{\"q\", \\, NULL, \"NULL\"}'::text[] AS a`),
    match("SELECT '{{1,2},{3,4}}'::int[] AS a"),
    // subscripts and slices
    match('SELECT (ARRAY[10, 20, 30])[1] AS a, (ARRAY[10, 20, 30])[3] AS c, (ARRAY[10, 20, 30])[4] AS oob'),
    match('SELECT id, ia[1] AS first, ia[5] AS oob, ta[2] AS second FROM dt ORDER BY id'),
    match('SELECT id, ia[2:3] AS mid, ia[:2] AS head, ia[2:] AS tail FROM dt ORDER BY id'),
    match('SELECT (ARRAY[[1, 2], [3, 4]])[2][1] AS e, ARRAY[[1, 2], [3, 4]] AS m'),
    match('SELECT id, ia[0] AS zero, ia[-1] AS neg, ta[1:1] AS one FROM dt ORDER BY id'),
    // aggregation and expansion
    match('SELECT array_agg(i4 ORDER BY id) AS a, array_agg(s ORDER BY id DESC) AS s FROM dt'),
    match('SELECT b, array_agg(id ORDER BY id) AS ids FROM dt GROUP BY b ORDER BY b'),
    match('SELECT * FROM unnest(ARRAY[1, 2], ARRAY[\'a\', \'b\', \'c\']) AS t(n, s)'),
    match("SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS t(v, i)"),
    match('SELECT id, t.v, t.i FROM dt, unnest(dt.ta) WITH ORDINALITY AS t(v, i) ORDER BY id, t.i'),
    match('SELECT * FROM unnest(ARRAY[1, 2], ARRAY[10]) WITH ORDINALITY AS t(a, b, o)'),
    match('SELECT array_agg(id) AS a FROM dt WHERE id > 100'),
    // sizes
    match('SELECT array_length(ARRAY[1, 2, 3], 1) AS n'),
    match('SELECT id, array_length(ia, 1) AS n, cardinality(ia) AS c FROM dt ORDER BY id'),
    match('SELECT id, array_lower(ia, 1) AS lo, array_upper(ia, 1) AS hi, array_dims(ia) AS dims FROM dt ORDER BY id'),
    // ANY / ALL / containment
    match("SELECT 'x' = ANY(ARRAY['x', 'y']) AS a"),
    match("SELECT 2 = ANY('{1,2}'::int[]) AS a, 3 <> ALL('{1,2}'::int[]) AS b"),
    match('SELECT id, 1 = ANY(ia) AS has1, 0 < ALL(ia) AS pos FROM dt ORDER BY id'),
    // an untyped string literal takes the array type of the other operand (how ORMs inline arrays)
    match("SELECT 1 = ANY('{1,2}') AS a, 3 = ANY('{1,NULL}') AS b, 3 <> ALL('{1,NULL}') AS c, 2 > ANY('{1,NULL}') AS d, 0 > ANY('{1,NULL}') AS e"),
    match("SELECT id FROM dt WHERE i4 = ANY('{10,-20,7}') ORDER BY id"),
    match('SELECT id FROM dt WHERE s <> ALL(\'{alpha,"Beta gamma"}\') ORDER BY id'),
    match("SELECT id, i2 >= ALL('{0,1}') AS a, d < ANY('{2001-01-01,2024-01-31}') AS b, n = ANY('{1.50,7.07}') AS c FROM dt ORDER BY id"),
    match("SELECT NULL = ANY('{}') AS a, NULL = ALL('{}') AS b, 1 = ANY('{{1,2},{3,4}}') AS c, 'abc' LIKE ANY('{a%,x}') AS d, 'abc' NOT LIKE ALL('{a%,x}') AS e"),
    match("SELECT id FROM dt WHERE s ILIKE ANY('{%GAMMA,o''%}') ORDER BY id"),
    match("SELECT 2 = ANY('{1,2')"),
    match("SELECT id FROM dt WHERE ta && ARRAY['x', 'q'] ORDER BY id"),
    match('SELECT id, ia @> ARRAY[1] AS c, ia <@ ARRAY[1, 2, 3, 4] AS cb, ia && ARRAY[4, 5] AS o FROM dt ORDER BY id'),
    // functions
    match("SELECT array_position(ARRAY['a', 'b', 'c', 'b'], 'b') AS p, array_position(ARRAY[1], 9) AS none, array_positions(ARRAY['a', 'b', 'c', 'b'], 'b') AS ps"),
    match('SELECT array_append(ARRAY[1, 2], 3) AS ap, array_prepend(0, ARRAY[1, 2]) AS pp, array_cat(ARRAY[1], ARRAY[2, 3]) AS c'),
    match('SELECT array_remove(ARRAY[1, 2, 1, NULL], 1) AS a, array_remove(ARRAY[1, NULL], NULL) AS b'),
    match("SELECT id, array_to_string(ta, ',') AS s, array_to_string(ta, ',', '*') AS s2 FROM dt ORDER BY id"),
    match("SELECT string_to_array('a,b,,c', ',') AS a, string_to_array('x y z', ' ', 'y') AS b"),
    match('SELECT ARRAY[1, 2] || ARRAY[3] AS a, ARRAY[1] || 2 AS b, 0 || ARRAY[1] AS c'),
    match('SELECT id, ia || 9 AS a FROM dt ORDER BY id'),
    match('SELECT cardinality(ARRAY[]::int[]) AS c, array_length(ARRAY[]::int[], 1) AS l'),
    match('SELECT ARRAY[0] || ia AS a, ta || ARRAY[\'z\'] AS t FROM dt ORDER BY id'),
    match("SELECT array_position(ARRAY[1, NULL, 3], NULL) AS p, array_to_string(ARRAY[1, NULL, 3], '-') AS s"),
    match('SELECT array_length(ARRAY[[1, 2, 3], [4, 5, 6]], 2) AS n, cardinality(ARRAY[[1, 2], [3, 4]]) AS c'),
  ],
};
