import { type DuckDBIntervalValue, INTERVAL, intervalValue, TIMESTAMP, timestampValue, VARCHAR } from '@duckdb/node-api';
import { daysFromCivil } from '../../types/datetime-format.js';
import type { PgFunctionSet } from './index.js';
import { registerNative } from './native.js';
import { parseWithTemplate } from './parse-template.js';

/** `n` as a DECIMAL of scale 0 wide enough for any 64-bit count. */
const dec0 = (expr: string) => `CAST(${expr} AS DECIMAL(38,0))`;
/** A count of microseconds as exact seconds with 6 decimals (Postgres's scale for seconds and epoch). */
const microsToSeconds = (expr: string) => `${dec0(expr)} * CAST(0.000001 AS DECIMAL(38,6))`;
/** Total microseconds of an interval's time part (DuckDB splits it into hour, minute, sub-minute µs). */
const intervalMicros = (x: string) => `(datepart('hour', ${x}) * 3600000000 + datepart('minute', ${x}) * 60000000 + datepart('microseconds', ${x}))`;

/**
 * Date/time functions with Postgres 15's result types. `extract` returns numeric whose scale
 * depends on the field (seconds and epoch: 6, milliseconds: 3, the rest: 0); the rewrite
 * in src/sql/rewrite/extract-fields.ts picks the macro from the (constant) field.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/timestamp.c (timestamp_part_common, interval_part_common)
 */
export const datetimeFunctions: PgFunctionSet = {
  register(conn) {
    for (const [name, fn] of Object.entries(justify)) {
      const row = ([iv]: unknown[]) => {
        const { months, days, micros } = iv as DuckDBIntervalValue;
        const r = fn({ months, days, micros });
        return intervalValue(r.months, r.days, r.micros);
      };
      registerNative(conn, { name, params: [INTERVAL], returns: INTERVAL, row });
    }
    registerNative(conn, { name: 'parse_timestamp', params: [VARCHAR, VARCHAR], returns: TIMESTAMP, row: ([text, fmt]) => timestampValue(parseTimestamp(text as string, fmt as string)) });
  },
  macros: [
    // Postgres refuses time-of-day fields of a date (0A000) where DuckDB answers 0.
    `CREATE MACRO {schema}.extract_int(f, x DATE) AS CASE WHEN f IN ('hour', 'minute', 'timezone', 'timezone_hour', 'timezone_minute')
         THEN error('unit "' || f || '" not supported for type date') ELSE ${dec0('datepart(f, x)')} END,
       (f, x) AS ${dec0('datepart(f, x)')}`,
    `CREATE MACRO {schema}.extract_second(x) AS ${microsToSeconds("datepart('microseconds', x)")}`,
    `CREATE MACRO {schema}.extract_millisecond(x) AS ${dec0("datepart('microseconds', x)")} * CAST(0.001 AS DECIMAL(38,3))`,
    // Postgres counts an interval's year as 365.25 days and its month as 30 days.
    `CREATE MACRO {schema}.extract_epoch(x DATE) AS ${dec0("(x - DATE '1970-01-01')")} * 86400,
       (x TIMESTAMP) AS ${microsToSeconds('epoch_us(x)')},
       (x TIMESTAMPTZ) AS ${microsToSeconds('epoch_us(x)')},
       (x TIME) AS ${microsToSeconds('epoch_us(x)')},
       (x INTERVAL) AS ${dec0("datepart('year', x)")} * 31557600 + ${dec0("datepart('month', x)")} * 2592000
         + ${dec0("datepart('day', x)")} * 86400 + ${microsToSeconds(intervalMicros('x'))}`,
    `CREATE MACRO {schema}.justify_days(x) AS jammi_pg_justify_days(x)`,
    `CREATE MACRO {schema}.justify_hours(x) AS jammi_pg_justify_hours(x)`,
    `CREATE MACRO {schema}.justify_interval(x) AS jammi_pg_justify_interval(x)`,
    `CREATE MACRO {schema}.make_interval(years := 0, months := 0, weeks := 0, days := 0, hours := 0, mins := 0, secs := 0) AS
       to_months(years * 12 + months) + to_days(weeks * 7 + days)
       + to_microseconds(CAST(round(CAST(hours AS DOUBLE) * 3600000000 + CAST(mins AS DOUBLE) * 60000000 + CAST(secs AS DOUBLE) * 1000000) AS BIGINT))`,
    // date - date is an int4 day count, time - time an interval (src/sql/rewrite/datetime-minus.ts).
    `CREATE MACRO {schema}.datetime_minus(x DATE, y DATE) AS CAST(x - y AS INTEGER),
       (x TIME, y TIME) AS to_microseconds(epoch_us(x) - epoch_us(y)),
       (x, y) AS x - y`,
    `CREATE MACRO {schema}.time_cast(x TIMESTAMPTZ) AS CAST(CAST(x AS TIMESTAMP) AS TIME), (x) AS CAST(x AS TIME)`,
    // Postgres truncates a date as a timestamptz (date_trunc(text, date) does not exist).
    `CREATE MACRO {schema}.date_trunc(f, x DATE) AS date_trunc(f, CAST(x AS TIMESTAMPTZ)), (f, x) AS date_trunc(f, x)`,
    // to_timestamp(text, fmt) reads local time in the session's TimeZone; to_timestamp(epoch) is DuckDB's.
    `CREATE MACRO {schema}.to_timestamp(t, f) AS CAST(jammi_pg_parse_timestamp(t, f) AS TIMESTAMPTZ), (e) AS to_timestamp(e)`,
    `CREATE MACRO {schema}.to_date(t, f) AS CAST(jammi_pg_parse_timestamp(t, f) AS DATE)`,
    // (s1, e1) OVERLAPS (s2, e2): an end may be an interval; periods are half-open, ends in either order.
    `CREATE MACRO {schema}.overlaps_periods(s1, e1, s2, e2) AS
       CASE WHEN least(s1, e1) > least(s2, e2) THEN least(s1, e1) < greatest(s2, e2)
            WHEN least(s1, e1) < least(s2, e2) THEN least(s2, e2) < greatest(s1, e1)
            ELSE greatest(s1, e1) IS NOT NULL AND greatest(s2, e2) IS NOT NULL END`,
    `CREATE MACRO {schema}.overlaps(s1, e1 INTERVAL, s2, e2 INTERVAL) AS {schema}.overlaps_periods(s1, s1 + e1, s2, s2 + e2),
       (s1, e1 INTERVAL, s2, e2) AS {schema}.overlaps_periods(s1, s1 + e1, s2, e2),
       (s1, e1, s2, e2 INTERVAL) AS {schema}.overlaps_periods(s1, e1, s2, s2 + e2),
       (s1, e1, s2, e2) AS {schema}.overlaps_periods(s1, e1, s2, e2)`,
  ],
};

interface Interval {
  months: number;
  days: number;
  micros: bigint;
}
const USECS_PER_DAY = 86400000000n;

/** Borrow a day so that the days and the time of day have the same sign, as justify_* do. */
function daysAndTimeSameSign(days: number, micros: bigint): { days: number; micros: bigint } {
  if (days > 0 && micros < 0n) return { days: days - 1, micros: micros + USECS_PER_DAY };
  if (days < 0 && micros > 0n) return { days: days + 1, micros: micros - USECS_PER_DAY };
  return { days, micros };
}

/** Postgres's justify_* (timestamp.c), with its sign normalisation. */
const justify: Record<string, (iv: Interval) => Interval> = {
  justify_days({ months, days, micros }) {
    months += Math.trunc(days / 30);
    days %= 30;
    if (months > 0 && days < 0) {
      days += 30;
      months--;
    } else if (months < 0 && days > 0) {
      days -= 30;
      months++;
    }
    return { months, days, micros };
  },
  justify_hours({ months, days, micros }) {
    days += Number(micros / USECS_PER_DAY);
    micros %= USECS_PER_DAY;
    return { months, ...daysAndTimeSameSign(days, micros) };
  },
  justify_interval({ months, days, micros }) {
    if ((days > 0 && micros > 0n) || (days < 0 && micros < 0n)) {
      months += Math.trunc(days / 30);
      days %= 30;
    }
    days += Number(micros / USECS_PER_DAY);
    micros %= USECS_PER_DAY;
    months += Math.trunc(days / 30);
    days %= 30;
    if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
      days += 30;
      months--;
    } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
      days -= 30;
      months++;
    }
    return { months, ...daysAndTimeSameSign(days, micros) };
  },
};

/** Local microseconds since the epoch of `text` read with a to_timestamp template. */
function parseTimestamp(text: string, fmt: string): bigint {
  const v = parseWithTemplate(text, fmt);
  const days = daysFromCivil(v.year, v.month, v.day);
  const monthLength = daysFromCivil(v.month === 12 ? v.year + 1 : v.year, v.month === 12 ? 1 : v.month + 1, 1) - daysFromCivil(v.year, v.month, 1);
  if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > monthLength || v.hour > 24 || v.minute > 59 || v.second > 60) {
    throw new Error('date/time field value out of range');
  }
  return BigInt(days) * USECS_PER_DAY + BigInt(((v.hour * 60 + v.minute) * 60 + v.second) * 1e6 + v.micros);
}
