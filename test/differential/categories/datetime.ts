import { type Category, differs, match } from '../query.js';

/** Dates, times, timestamps and intervals: literals, arithmetic, extract/date_part, date_trunc, age, to_char, text output, time zones. */
export const datetime: Category = {
  name: 'datetime',
  queries: [
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
  ],
};
