import { type Category, differs, match } from '../query.js';

/** Casts and literals: boolean input forms, bad literals (22P02), out of range (22003), uuid, bytea, character types, text output. */
export const casts: Category = {
  name: 'casts',
  queries: [
    match('SELECT true AS t, false AS f'),
    match("SELECT 1 < 2 AS lt, 'a' = 'b' AS eq"),
    match('SELECT true AND NULL AS a, false AND NULL AS b, true OR NULL AS c'),
    // Boolean input: prefixes of true/false/yes/no, on/off, 1/0, any case, blanks around.
    match("SELECT 'yes'::boolean AS y, 1::boolean AS one, true::int AS i"),
    match("SELECT 'off'::boolean AS b"),
    match("SELECT 't'::bool AS a, 'true'::bool AS b, 'yes'::bool AS c, 'on'::bool AS d, '1'::bool AS e, 'f'::bool AS f, 'false'::bool AS g, 'no'::bool AS h, 'off'::bool AS i, '0'::bool AS j, 'n'::bool AS k, 'y'::bool AS l"),
    match("SELECT ' TRUE '::bool AS a, 'No'::bool AS b, 'tr'::bool AS c, 'of'::bool AS d, 'YE'::bool AS e, 'Fals'::bool AS f"),
    match("SELECT 'maybe'::bool AS b"),
    match("SELECT 'o'::bool AS b"),
    match("SELECT ''::bool AS b"),
    match("SELECT 1::bool AS a, 0::bool AS b, 5::bool AS c, 'true'::text::bool AS d"),
    match("SELECT id, s::bool AS b FROM dt WHERE id = 3"),
    // uuid: any case, braces or no hyphens in; lower case with hyphens out.
    match("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u"),
    match("SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS a, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid AS b, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid AS c"),
    match('SELECT id, u, u::text AS t FROM dt ORDER BY id'),
    match("SELECT 'abc'::uuid AS u"),
    // bytea: hex output.
    match("SELECT '\\x0102ff'::bytea AS b"),
    match("SELECT 'abc'::bytea AS b"),
    match('SELECT id, bt, length(bt) AS n FROM dt ORDER BY id'),
    match("SELECT '\\001\\\\'::bytea AS a, E'\\\\xDEADbeef'::bytea AS b"),
    // Integer input: sign and digits between blanks only; too big is 22003.
    match("SELECT '42'::int AS i, '  42  '::int AS j"),
    match("SELECT '+5'::int AS a, '-0'::int AS b, '007'::bigint AS c, ' -12 '::smallint AS d"),
    match("SELECT '1.5'::int AS i"),
    match("SELECT 'abc'::int AS i"),
    match("SELECT '1_000'::int AS i"),
    match("SELECT '0x10'::int AS i"),
    match("SELECT ''::int AS i"),
    match("SELECT '2147483648'::int AS i"),
    match("SELECT '40000'::smallint AS i"),
    match('SELECT 40000::smallint AS i'),
    match("SELECT '9223372036854775808'::bigint AS i"),
    match('SELECT f8::int AS i FROM dt WHERE id = 5'),
    match('SELECT s::int FROM dt ORDER BY id'),
    match('SELECT s::int AS i FROM dt WHERE id = 3'),
    match('SELECT vc::int AS i FROM dt WHERE id = 4'),
    match("SELECT 'abc'::numeric AS n"),
    match("SELECT '12.5'::numeric(3,2) AS n"),
    match("SELECT '1e400'::float8 AS f"),
    match("SELECT 'x'::float8 AS f"),
    match("SELECT 'NaN'::float8 AS a, 'Infinity'::float8 AS b, '-inf'::float8 AS c, ' 1.5 '::float8 AS d"),
    match("SELECT '2024-13-01'::date AS d"),
    // Numbers to integers round half away from zero (numeric) or to even (float).
    match('SELECT 42::text AS t, 3.7::int AS i, CAST(1 AS bigint) AS b'),
    match('SELECT 2.5::int AS a, 3.5::int AS b, (-2.5)::int AS c, 2.5::float8::int AS d, 3.5::float8::int AS e, (-0.5)::float8::int AS f'),
    match("SELECT CAST('42' AS integer) AS a, CAST(n AS int) AS b, CAST(i4 AS text) AS c FROM dt ORDER BY id"),
    match('SELECT id, CAST(n AS integer) AS i, n::bigint AS b, f4::int AS f FROM dt WHERE id <> 5 ORDER BY id'),
    match("SELECT int4 '42' AS a, date '2024-01-15' AS b, text 'x' AS c, bool 'yes' AS d"),
    match("SELECT '12'::int + 1 AS a, 42::int8::int2 AS b, 1e3::int AS c"),
    // ::text is the output text.
    match("SELECT 42::text AS a, 1.50::text AS b, true::text AS c, false::text AS d, DATE '2024-01-15'::text AS e, 1.5::float8::text AS f, (-7)::text AS g"),
    match('SELECT id, b::text AS b, n::text AS n, d::text AS d, i8::text AS i, f8::text AS f FROM dt ORDER BY id'),
    match('SELECT id, ts::text AS ts, tm::text AS tm, iv::text AS iv FROM dt ORDER BY id'),
    match('SELECT id, ia::text AS a, bt::text AS b FROM dt ORDER BY id'),
    // Character types: an explicit cast truncates; char(n) pads and ignores trailing blanks.
    match("SELECT 'abc'::varchar(2) AS v"),
    match("SELECT CAST('abc' AS varchar(10)) AS v"),
    match("SELECT 'abc'::char(2) AS a, 'ab'::char(4) = 'ab  '::char(4) AS b, length('ab  '::char(4)) AS c, 'ab'::char(4) || 'x' AS d"),
    match("SELECT 'abc'::character varying(2) || '' AS v, 'x'::char AS c"),
    match('SELECT id, vc::varchar(3) AS v, s::char(3) AS c FROM dt ORDER BY id'),
    // bpchar alone has no length limit (char alone is char(1)); name is text with its own OID.
    match("SELECT 'abcdef'::bpchar AS a, 'ab '::bpchar = 'ab' AS e, length('ab '::bpchar) AS l"),
    differs(
      "SELECT 'abc '::bpchar AS a",
      "bare bpchar keeps trailing blanks in its value: jammi 'abc', pg 'abc ' (jammi drops them at the cast so comparisons and length() ignore them, DuckDB has no blank-insensitive type)",
    ),
    match("SELECT 'a'::name AS a, CAST('b' AS pg_catalog.name) AS b, 'ab'::name = 'ab' AS e, 'a'::name || 'b' AS c"),
    match('SELECT id, s::name AS n FROM dt ORDER BY id'),
    // 22001 value too long for type character varying(3): the declared length is checked.
    match("INSERT INTO dt_chars VALUES ('abcd')"),
  ],
};
