import { type Category, differs, match } from '../query.js';

/** Dates, times, timestamps and intervals: literals, arithmetic, extract/date_part, date_trunc, age, to_char, text output, time zones. */
export const datetime: Category = {
  name: 'datetime',
  queries: [
    // Literals and text input (DateStyle ISO, MDY)
    match("SELECT DATE '2024-03-15' AS d, '2024-03-16'::date AS e"),
    match("SELECT TIME '13:45:30' AS t, TIME '12:00' + INTERVAL '90 minutes' AS u"),
    differs("SELECT '12:00+02'::timetz AS t", "timetz literal: jammi 22003 time field value out of range, pg 12:00:00+02"),
    match("SELECT TIMESTAMP '2024-03-15 13:45:30' AS ts, TIMESTAMP '2024-03-15 13:45:30.123456' AS us"),
    match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AS tstz"),
    match("SELECT INTERVAL '1 day 2 hours' AS a, INTERVAL '1 year 2 months 3 days' AS b, INTERVAL '-1 day' AS c"),
    match("SELECT '03/15/2024'::date AS mdy, 'March 15, 2024'::date AS words, '15-Mar-2024'::date AS dmy, '20240315'::date AS compact"),
    match("SELECT '2024-03-15T13:45:30'::timestamp AS t, '2024-03-15 13:45:30.5-05'::timestamptz AS z"),
    match("SELECT 'x'::date AS d"),
    match("SELECT '2024-02-30'::date AS d"),
    match("SELECT 'infinity'::date AS a, '-infinity'::timestamp AS b, 'infinity'::timestamptz AS c"),
    match("SELECT isfinite(DATE 'infinity') AS a, isfinite(TIMESTAMP '2024-01-01') AS b"),
    // Column text output with NULLs
    match('SELECT id, d, ts, tz, tm, iv FROM dt ORDER BY id'),
    match("SELECT INTERVAL '1 mon 2 days 03:04:05' AS a, INTERVAL '-1 year -2 mons +3 days -04:05:06' AS b, INTERVAL '0.5 seconds' AS c"),
    // Arithmetic
    match("SELECT DATE '2024-03-15' + 1 AS d"),
    differs("SELECT DATE '2024-03-15' - DATE '2024-03-01' AS days", "date - date type: jammi int8, pg int4"),
    match("SELECT DATE '2024-03-15' + INTERVAL '1 month' AS ts"),
    match("SELECT TIMESTAMP '2024-03-15 10:00:00' - TIMESTAMP '2024-03-14 08:30:00' AS i"),
    match('SELECT id, d + 30 AS plus, d - 1 AS minus, d - DATE \'2000-01-01\' AS since FROM dt ORDER BY id'),
    match("SELECT id, ts + iv AS a, tz - iv AS b, d + tm AS c FROM dt ORDER BY id"),
    match("SELECT id, ts - TIMESTAMP '2000-01-01' AS a, tz - TIMESTAMPTZ '2024-01-01 00:00:00+00' AS b, tm - TIME '06:00' AS c FROM dt ORDER BY id"),
    match('SELECT id, iv * 2 AS doubled, iv / 3 AS third, -iv AS neg, iv * 1.5 AS f FROM dt ORDER BY id'),
    match("SELECT justify_days(INTERVAL '35 days') AS a, justify_hours(INTERVAL '27 hours') AS b, justify_interval(INTERVAL '1 mon -1 hour') AS c"),
    match("SELECT (DATE '2024-01-01', DATE '2024-02-01') OVERLAPS (DATE '2024-01-15', DATE '2024-03-01') AS o, (TIMESTAMP '2024-01-01', INTERVAL '1 day') OVERLAPS (TIMESTAMP '2024-01-03', INTERVAL '1 day') AS p"),
    match('SELECT id FROM dt WHERE d < DATE \'2024-01-01\' ORDER BY id'),
    // extract / date_part
    match("SELECT date_trunc('month', TIMESTAMP '2024-03-15 13:45:30') AS t"),
    match("SELECT extract(year from DATE '2024-03-15') AS y"),
    match("SELECT date_part('dow', DATE '2024-03-15') AS d"),
    match("SELECT extract(epoch FROM TIMESTAMP '2024-01-01 00:00:00') AS e"),
    match('SELECT id, extract(second FROM ts) AS s, extract(epoch FROM ts) AS e, extract(microseconds FROM ts) AS us, extract(milliseconds FROM ts) AS ms FROM dt ORDER BY id'),
    match('SELECT id, extract(dow FROM d) AS dow, extract(isodow FROM d) AS isodow, extract(doy FROM d) AS doy, extract(week FROM d) AS week, extract(quarter FROM d) AS q, extract(isoyear FROM d) AS iy FROM dt ORDER BY id'),
    match('SELECT id, extract(epoch FROM tz) AS e, extract(hour FROM tz) AS h, extract(timezone FROM tz) AS z, extract(julian FROM d) AS j FROM dt ORDER BY id'),
    match('SELECT id, extract(epoch FROM iv) AS e, extract(hour FROM iv) AS h, extract(day FROM iv) AS d, extract(month FROM iv) AS m, extract(minute FROM tm) AS mi, extract(second FROM tm) AS s FROM dt ORDER BY id'),
    match("SELECT id, date_part('year', ts) AS y, date_part('epoch', tz) AS e, date_part('day', iv) AS d, date_part('second', tm) AS s, date_part('month', d) AS m FROM dt ORDER BY id"),
    match("SELECT extract(century FROM DATE '2024-03-15') AS c, extract(decade FROM DATE '2024-03-15') AS dec, extract(millennium FROM DATE '2024-03-15') AS m, extract(epoch FROM DATE '2024-03-15') AS e"),
    // date_trunc result types
    match("SELECT id, date_trunc('day', tz) AS a, date_trunc('hour', ts) AS b, date_trunc('year', d) AS c, date_trunc('week', ts) AS w FROM dt ORDER BY id"),
    match("SELECT date_trunc('month', INTERVAL '1 year 2 mons 3 days') AS a, date_trunc('quarter', DATE '2024-05-20') AS b"),
    // age
    match("SELECT age(TIMESTAMP '2024-03-15', TIMESTAMP '2023-01-31') AS a, age(TIMESTAMP '2023-01-31', TIMESTAMP '2024-03-15 12:00') AS b"),
    match("SELECT id, age(ts, TIMESTAMP '2000-01-01') AS a FROM dt ORDER BY id"),
    match("SELECT age(TIMESTAMP '2000-01-01') > INTERVAL '20 years' AS old"),
    // to_char
    match("SELECT to_char(DATE '2024-03-15', 'YYYY-MM-DD') AS s"),
    match("SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS') AS a, to_char(ts, 'HH12:MI:SS.US AM') AS b FROM dt ORDER BY id"),
    match("SELECT id, to_char(d, 'Mon Month Dy Day D DDD WW Q') AS a, to_char(d, 'FMMonth FMDD, YYYY') AS b, to_char(d, 'DD/MM/YY') AS c FROM dt ORDER BY id"),
    match("SELECT id, to_char(tz, 'YYYY-MM-DD HH24:MI:SS TZ') AS a FROM dt ORDER BY id"),
    match("SELECT id, to_char(iv, 'HH24:MI:SS') AS a FROM dt ORDER BY id"),
    match("SELECT id, to_char(n, '999G999D99') AS a, to_char(n, 'FM9999990.00') AS b, to_char(i4, '0000') AS c FROM dt ORDER BY id"),
    match("SELECT to_char(1234.5, 'FM9999.00') AS a, to_char(-12.5, '999.9') AS b, to_char(42, '0000') AS c, to_char(0.5, '9.99') AS d"),
    // constructors and parsing functions
    match("SELECT make_date(2024, 3, 15) AS d, make_timestamp(2024, 3, 15, 13, 45, 30.5) AS ts, make_interval(days => 3, hours => 4) AS iv"),
    match("SELECT to_timestamp(1704067200) AS a, to_timestamp(1704067200.5) AS b"),
    match("SELECT to_timestamp('2024-03-15 13:45:30', 'YYYY-MM-DD HH24:MI:SS') AS a, to_date('15/03/2024', 'DD/MM/YYYY') AS b"),
    // time zones
    match("SELECT TIMESTAMPTZ '2024-03-15 13:45:30+02' AT TIME ZONE 'America/New_York' AS t"),
    match("SELECT id, tz AT TIME ZONE 'Asia/Tokyo' AS tokyo, ts AT TIME ZONE 'Europe/Paris' AS paris FROM dt ORDER BY id"),
    match("SELECT timezone('America/New_York', TIMESTAMPTZ '2024-07-01 12:00:00+00') AS a, timezone('UTC', TIMESTAMP '2024-07-01 12:00:00') AS b"),
    match("SELECT '2024-03-15 13:45:30'::timestamp::date AS d, '2024-03-15'::date::timestamp AS ts"),
    match("SELECT id, ts::timestamptz AS a, tz::date AS b, tz::time AS c, ts::time AS e FROM dt ORDER BY id"),
    match('SELECT current_date = now()::date AS same_day, now() = current_timestamp AS a, now() = transaction_timestamp() AS b, now() >= TIMESTAMPTZ \'2024-01-01 00:00:00+00\' AS c'),
  ],
};
