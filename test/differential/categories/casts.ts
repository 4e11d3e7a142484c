import { type Category, differs, match } from '../query.js';

/** Casts and literals: boolean input forms, bad literals (22P02), uuid, bytea, character types. */
export const casts: Category = {
  name: 'casts',
  queries: [
    match('SELECT true AS t, false AS f'),
    match("SELECT 1 < 2 AS lt, 'a' = 'b' AS eq"),
    match('SELECT true AND NULL AS a, false AND NULL AS b, true OR NULL AS c'),
    match("SELECT 'yes'::boolean AS y, 1::boolean AS one, true::int AS i"),
    differs("SELECT 'off'::boolean AS b", "'off'::boolean: jammi 22P02 could not convert, pg f"),
    match("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u"),
    match("SELECT '\\x0102ff'::bytea AS b"),
    match("SELECT 'abc'::bytea AS b"),
    match("SELECT '42'::int AS i, '  42  '::int AS j"),
    match('SELECT 42::text AS t, 3.7::int AS i, CAST(1 AS bigint) AS b'),
    match("SELECT 'abc'::int AS i"),
  ],
};
