import { type Category, differs, match } from '../query.js';

/** Text functions and operators: LIKE/ILIKE/SIMILAR TO, regex, substring, position, split_part, initcap, lpad, format, collation order. */
export const text: Category = {
  name: 'text',
  queries: [
    match("SELECT 'hello' AS s, 'world'::text AS t"),
    differs("SELECT 'abc'::varchar AS v", "varchar type: jammi text (25), pg varchar (1043)"),
    differs("SELECT 'abc'::varchar(10) AS v", "varchar(10): jammi text (25) typmod -1, pg varchar (1043) typmod 14"),
    differs("SELECT 'ab'::char(4) AS c", "char(4): jammi text 'ab', pg bpchar (1042) typmod 8 'ab  ' (blank-padded)"),
    match("SELECT '' AS empty, 'it''s' AS quote"),
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
  ],
};
