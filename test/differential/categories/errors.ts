import { type Category, differs, match } from '../query.js';

/** Errors: the SQLSTATE Postgres raises for bad input and bad queries (only the code is compared). */
export const errors: Category = {
  name: 'errors',
  queries: [
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
  ],
};
