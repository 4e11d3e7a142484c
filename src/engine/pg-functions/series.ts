import type { PgFunctionSet } from './index.js';

/** Postgres's error for a zero step, raised before DuckDB's own (a binder error with other words). */
const nonZero = (step: string, list: string) => `CASE WHEN ${step} = ${step} - ${step} AND ${step} IS NOT NULL THEN error('step size cannot equal zero') ELSE ${list} END`;

/** The integer overloads: the element type is Postgres's (int2 and int4 give int4, int8 gives int8). */
const integerSeries = (['SMALLINT', 'INTEGER', 'BIGINT'] as const).flatMap((t) => {
  const cast = (list: string) => (t === 'BIGINT' ? list : `CAST(${list} AS INTEGER[])`);
  return [`(a ${t}, b ${t}) AS ${cast('generate_series(a, b)')}`, `(a ${t}, b ${t}, s ${t}) AS ${nonZero('s', cast('generate_series(a, b, s)'))}`];
});

/**
 * Stepping date/time series: timestamp → timestamp, timestamptz → timestamptz, and date →
 * timestamptz (Postgres resolves date arguments to the timestamptz variant). The step may be
 * an untyped string literal ('1 day'), which Postgres reads as an interval.
 */
const timeSeries = (['TIMESTAMP', 'TIMESTAMPTZ', 'DATE'] as const).flatMap((t) => {
  const bound = (x: string) => (t === 'DATE' ? `CAST(${x} AS TIMESTAMPTZ)` : x);
  const body = (step: string) => nonZero(step, `generate_series(${bound('a')}, ${bound('b')}, ${step})`);
  return [`(a ${t}, b ${t}, s INTERVAL) AS ${body('s')}`, `(a ${t}, b ${t}, s VARCHAR) AS ${body('CAST(s AS INTERVAL)')}`];
});

/**
 * Numeric series (any other numbers): `a + k * s` for k = 0, 1, … while within `b`, in exact
 * decimal arithmetic (the count is estimated in floating point, then checked exactly).
 */
const numericSteps = (s: string) =>
  `list_filter(list_transform(range(0, greatest(CAST(floor((b - a) / ${s}) AS BIGINT) + 2, 0)), k -> a + k * ${s}), v -> CASE WHEN ${s} > 0 THEN v <= b ELSE v >= b END)`;
const numericSeries = [`(a, b) AS ${numericSteps('1')}`, `(a, b, s) AS ${nonZero('s', numericSteps('s'))}`];

/** A one-dimensional array has subscripts 1..n in dimension 1 and none in another. */
const subscripts = 'CASE WHEN d = 1 THEN CAST(range(1, len(a) + 1) AS INTEGER[]) ELSE CAST([] AS INTEGER[]) END';

/**
 * Set-returning functions as lists, one macro per Postgres function with its result types;
 * the rewrite in src/sql/rewrite/set-returning-functions.ts unnests them (in FROM and in the
 * select list alike).
 * @see https://www.postgresql.org/docs/15/functions-srf.html
 */
export const seriesFunctions: PgFunctionSet = {
  macros: [
    `CREATE MACRO {schema}.generate_series${[...integerSeries, ...timeSeries, ...numericSeries].join(',\n')}`,
    `CREATE MACRO {schema}.generate_subscripts(a, d) AS ${subscripts}, (a, d, reverse) AS CASE WHEN reverse THEN list_reverse(${subscripts}) ELSE ${subscripts} END`,
    `CREATE MACRO {schema}.regexp_split_to_table(s, p) AS regexp_split_to_array(s, p)`,
  ],
};
