import type { PgFunctionSet } from './index.js';

/** Postgres's error for a zero step, raised before DuckDB's own (a binder error with other words). */
const zeroStep = (step: string) => `${step} = ${step} - ${step} AND ${step} IS NOT NULL`;
const nonZero = (step: string, list: string) => `CASE WHEN ${zeroStep(step)} THEN error('step size cannot equal zero') ELSE ${list} END`;

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

/**
 * The same series as rows, for FROM items whose arguments are constants (a table macro's
 * overload is chosen from its argument types, which DuckDB knows only for expressions that
 * read no column): DuckDB's own streaming table functions, cast to Postgres's element type,
 * so a series of any length streams instead of being built as one list. The built-ins are
 * qualified as system.main: an unqualified generate_series could find this macro again.
 */
const rows = (from: string, value = 'generate_series') => `TABLE (SELECT ${value} AS generate_series FROM ${from})`;
const checked = (step: string) => nonZero(step, step);
const integerRows = (['SMALLINT', 'INTEGER', 'BIGINT'] as const).flatMap((t) => {
  const value = t === 'BIGINT' ? 'generate_series' : 'CAST(generate_series AS INTEGER)';
  return [`(a ${t}, b ${t}) AS ${rows('system.main.generate_series(a, b)', value)}`, `(a ${t}, b ${t}, s ${t}) AS ${rows(`system.main.generate_series(a, b, ${checked('s')})`, value)}`];
});
const timeRows = (['TIMESTAMP', 'TIMESTAMPTZ', 'DATE'] as const).flatMap((t) => {
  const bound = (x: string) => (t === 'DATE' ? `CAST(${x} AS TIMESTAMPTZ)` : x);
  const from = (step: string) => rows(`system.main.generate_series(${bound('a')}, ${bound('b')}, ${checked(step)})`);
  return [`(a ${t}, b ${t}, s INTERVAL) AS ${from('s')}`, `(a ${t}, b ${t}, s VARCHAR) AS ${from('CAST(s AS INTERVAL)')}`];
});
/** `a + k * s` for k = 0, 1, … while within `b`, as numericSteps computes it, row by row. */
const numericRows = (s: string) =>
  `TABLE (SELECT a + k * ${s} AS generate_series FROM system.main.range(0, greatest(CAST(floor((b - a) / ${s}) AS BIGINT) + 2, 0)) AS r(k) WHERE CASE WHEN ${s} > 0 THEN a + k * ${s} <= b ELSE a + k * ${s} >= b END)`;
const seriesRows = [...integerRows, ...timeRows, `(a, b) AS ${numericRows('1')}`, `(a, b, s) AS ${numericRows(checked('s'))}`];

/** A one-dimensional array has subscripts 1..n in dimension 1 and none in another. */
const subscripts = 'CASE WHEN d = 1 THEN CAST(range(1, len(a) + 1) AS INTEGER[]) ELSE CAST([] AS INTEGER[]) END';

/**
 * Set-returning functions as lists, one macro per Postgres function with its result types;
 * the rewrite in src/sql/rewrite/set-returning-functions.ts unnests them (in FROM and in the
 * select list alike), or for generate_series over constants reads the table macro of the
 * same name, which streams.
 * @see https://www.postgresql.org/docs/15/functions-srf.html
 */
export const seriesFunctions: PgFunctionSet = {
  macros: [
    `CREATE MACRO {schema}.generate_series${[...integerSeries, ...timeSeries, ...numericSeries].join(',\n')}`,
    `CREATE MACRO {schema}.generate_series${seriesRows.join(',\n')}`,
    `CREATE MACRO {schema}.generate_subscripts(a, d) AS ${subscripts}, (a, d, reverse) AS CASE WHEN reverse THEN list_reverse(${subscripts}) ELSE ${subscripts} END`,
    `CREATE MACRO {schema}.regexp_split_to_table(s, p) AS regexp_split_to_array(s, p)`,
  ],
};
