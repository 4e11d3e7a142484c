/**
 * The differential dataset: the same statements create and fill temp tables in jammi and in
 * PostgreSQL, so queries over them compare the two engines on identical data. `dt` holds one
 * column of every common type with a NULL in every column (row 3 is all NULL), extremes
 * (row 5) and empty values (row 4).
 */
export const datasetStatements: readonly string[] = [
  `CREATE TEMP TABLE dt (id int, i2 smallint, i4 int, i8 bigint, n numeric(10,2), f4 real, f8 double precision,
     b boolean, s text, vc varchar(20), d date, ts timestamp, tz timestamptz, tm time, iv interval, u uuid,
     bt bytea, j json, ia int[], ta text[])`,
  `INSERT INTO dt VALUES
   (1, 1, 10, 100, 1.50, 1.5, 2.25, true, 'alpha', 'Alpha', '2024-01-15', '2024-01-15 10:30:00', '2024-01-15 10:30:00+00',
    '10:30:00', '1 day 02:03:04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x0102'::bytea, '{"a": 1, "b": [1, 2]}', ARRAY[1,2,3], ARRAY['x','y']),
   (2, -2, -20, -200, -2.75, -0.25, -1e10, false, 'Beta gamma', 'beta', '2023-12-31', '2023-12-31 23:59:59.5',
    '2023-12-31 23:59:59.5+02', '23:59:59.5', '-3 hours', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '\\xff'::bytea, '[1, "two", null]',
    ARRAY[4,NULL], ARRAY['a b',NULL,'']),
   (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
   (4, 0, 0, 0, 0, 0, 0, true, '', '', '2000-02-29', '2000-02-29 00:00:00', '2000-02-29 00:00:00+00', '00:00:00', '0',
    '00000000-0000-0000-0000-000000000000', '\\x'::bytea, '{}', ARRAY[]::int[], ARRAY[]::text[]),
   (5, 32767, 2147483647, 9223372036854775807, 99999999.99, 3.4e38, 1.7976931348623157e308, false, 'O''Reilly %_\\', 'x',
    '1999-12-31', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '12:00:00', '1 year 2 mons', 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13',
    '\\x00'::bytea, 'null', ARRAY[-1], ARRAY[NULL]::text[]),
   (6, 7, 7, 7, 7.07, NULL, 0.1, NULL, 'alpha', NULL, '2024-02-29', NULL, '2024-06-01 12:00:00-07', NULL, '45 minutes', NULL,
    NULL, '"str"', NULL, ARRAY['q'])`,
  // jsonb stored in a table, written unnormalised (json category).
  `CREATE TEMP TABLE jt (id int, jb jsonb)`,
  `INSERT INTO jt VALUES (1, '{"b": 1, "a": [1,2]}'), (2, '[3, {"y": 1,"x": 2}]'), (3, NULL)`,
  // A bounded varchar column for assignment rules (casts category); it stays empty in Postgres.
  `CREATE TEMP TABLE dt_chars (v varchar(3))`,
  // Constraints for the write errors of the errors category: every write to it fails in Postgres.
  `CREATE TEMP TABLE et (id int PRIMARY KEY, code varchar(3) NOT NULL, amount numeric(4,1), qty int CHECK (qty > 0), u uuid UNIQUE)`,
  `INSERT INTO et VALUES (1, 'abc', 1.5, 1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`,
  // A view is a stored query: its arithmetic is Postgres's too (arithmetic category).
  `CREATE TEMP VIEW dv AS SELECT id, i4 / 2 AS half, i4 % 3 AS m, sum(i4) OVER () AS total, 10 / (id - 3) AS inv FROM dt`,
];
