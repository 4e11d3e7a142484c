import type { PgFunctionSet } from './index.js';

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
  macros: [
    `CREATE MACRO {schema}.extract_int(f, x) AS ${dec0('datepart(f, x)')}`,
    `CREATE MACRO {schema}.extract_second(x) AS ${microsToSeconds("datepart('microseconds', x)")}`,
    `CREATE MACRO {schema}.extract_millisecond(x) AS ${dec0("datepart('microseconds', x)")} * CAST(0.001 AS DECIMAL(38,3))`,
    // Postgres counts an interval's year as 365.25 days and its month as 30 days.
    `CREATE MACRO {schema}.extract_epoch(x DATE) AS ${dec0("(x - DATE '1970-01-01')")} * 86400,
       (x TIMESTAMP) AS ${microsToSeconds('epoch_us(x)')},
       (x TIMESTAMPTZ) AS ${microsToSeconds('epoch_us(x)')},
       (x TIME) AS ${microsToSeconds('epoch_us(x)')},
       (x INTERVAL) AS ${dec0("datepart('year', x)")} * 31557600 + ${dec0("datepart('month', x)")} * 2592000
         + ${dec0("datepart('day', x)")} * 86400 + ${microsToSeconds(intervalMicros('x'))}`,
  ],
};
