import { ANY, DECIMAL, DuckDBDecimalValue, DuckDBVarCharType, VARCHAR } from '@duckdb/node-api';
import { NUMERIC_TEXT_ALIAS } from '../../types/index.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative } from './native.js';
import { type Decimal, divideDecimal, numericDivTruncText, numericQuotientText, parseDecimal } from './numeric-div.js';

/** A macro expression raising Postgres's division-by-zero error (mapped to 22012). */
const divisionByZero = `error('division by zero')`;

/**
 * The scale of a numeric quotient used inside an expression: Postgres's scale for the usual
 * quotient between 1 and 9999 (16), as an exact DECIMAL that further arithmetic can use.
 */
const NESTED_SCALE = 16;

const quotientText = (x: string, y: string) => `${nativeName('numeric_div')}(${x}, ${y})`;
const quotient = (x: string, y: string) => `${nativeName('numeric_div_nested')}(${x}, ${y})`;

/** An integer or decimal argument as it arrives in a native function (any DuckDB numeric type). */
function decimalOf(v: unknown): Decimal {
  if (v instanceof DuckDBDecimalValue) return { unscaled: v.value, scale: v.scale };
  if (typeof v === 'bigint') return { unscaled: v, scale: 0 };
  if (typeof v === 'number' && Number.isInteger(v)) return { unscaled: BigInt(v), scale: 0 };
  const d = parseDecimal(String(v));
  if (!d) throw new Error(`invalid input syntax for type numeric: "${String(v)}"`);
  return d;
}

/**
 * Typed overloads dispatch on the operands' types (`a`, `b` are the same expressions as
 * `x`, `y`: DuckDB casts typed parameters, and a DECIMAL parameter loses the operand's scale,
 * so bodies that need the scale use the untyped copies). Integer pairs promote as Postgres's
 * int2/int4/int8 operators do; any DECIMAL or HUGEINT (Postgres numeric) takes the exact path.
 */
function divideMacro(name: string, numeric: (x: string, y: string) => string): string {
  const int = `CASE WHEN b = 0 THEN ${divisionByZero} ELSE a // b END`;
  const float = `CASE WHEN b = 0 THEN ${divisionByZero} ELSE a / b END`;
  // float4 with an integer or numeric is float8 in Postgres (only float4 / float4 stays float4).
  const widened = `CASE WHEN b = 0 THEN ${divisionByZero} ELSE CAST(a AS DOUBLE) / b END`;
  const float4Mixed = ['SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL(38,0)']
    .map((t) => `(a FLOAT, b ${t}, x, y) AS ${widened}, (a ${t}, b FLOAT, x, y) AS ${widened}`)
    .join(', ');
  return `CREATE MACRO {schema}.${name}(a SMALLINT, b SMALLINT, x, y) AS ${int}, (a INTEGER, b INTEGER, x, y) AS ${int},
    (a BIGINT, b BIGINT, x, y) AS ${int}, (a FLOAT, b FLOAT, x, y) AS ${float}, (a DOUBLE, b DOUBLE, x, y) AS ${float}, ${float4Mixed},
    (a HUGEINT, b HUGEINT, x, y) AS ${numeric('x', 'y')}, (a DECIMAL(38,0), b DECIMAL(38,0), x, y) AS ${numeric('x', 'y')},
    (a, b, x, y) AS x / y`;
}

/** avg over integers and numerics is sum / count as a numeric quotient; over floats and intervals DuckDB's avg. */
function avgMacro(name: string, numeric: (x: string, y: string) => string, distinct: boolean): string {
  const d = distinct ? 'DISTINCT ' : '';
  const exact = numeric(`sum(${d}x)`, `count(${d}x)`);
  const native = `avg(${d}x)`;
  return `CREATE MACRO {schema}.${name}(t SMALLINT, x) AS ${exact}, (t INTEGER, x) AS ${exact}, (t BIGINT, x) AS ${exact},
    (t HUGEINT, x) AS ${exact}, (t DECIMAL(38,0), x) AS ${exact}, (t FLOAT, x) AS ${native}, (t DOUBLE, x) AS ${native}, (t, x) AS ${native}`;
}

/** The same dispatch for a window avg, whose sum, count and avg arrive already computed. */
function avgWindowMacro(name: string, numeric: (x: string, y: string) => string): string {
  const exact = numeric('s', 'n');
  return `CREATE MACRO {schema}.${name}(t SMALLINT, s, n, a) AS ${exact}, (t INTEGER, s, n, a) AS ${exact}, (t BIGINT, s, n, a) AS ${exact},
    (t HUGEINT, s, n, a) AS ${exact}, (t DECIMAL(38,0), s, n, a) AS ${exact}, (t FLOAT, s, n, a) AS a, (t DOUBLE, s, n, a) AS a, (t, s, n, a) AS a`;
}

/**
 * sum over intervals, which DuckDB lacks: months, days and microseconds summed apart, as
 * Postgres's interval_pl adds them (no normalising of days into months).
 */
const intervalSum = `to_months(CAST(sum(datepart('year', x) * 12 + datepart('month', x)) AS INTEGER))
  + to_days(CAST(sum(datepart('day', x)) AS INTEGER))
  + to_microseconds(CAST(sum(datepart('hour', x) * 3600000000 + datepart('minute', x) * 60000000 + datepart('microseconds', x)) AS BIGINT))`;

/** sum's result type as Postgres's: int2 and int4 sum to int8, float4 to float4, int8 to numeric (a scale-0 DECIMAL, not DuckDB's HUGEINT, which `/` would divide as an integer), numeric to numeric. */
function sumMacro(name: string, sum: string, interval?: string): string {
  return `CREATE MACRO {schema}.${name}(t SMALLINT, x) AS CAST(${sum} AS BIGINT), (t INTEGER, x) AS CAST(${sum} AS BIGINT),
    (t BIGINT, x) AS CAST(${sum} AS DECIMAL(38,0)), (t HUGEINT, x) AS CAST(${sum} AS DECIMAL(38,0)), (t FLOAT, x) AS CAST(${sum} AS FLOAT), (t DOUBLE, x) AS ${sum},
    (t DECIMAL(38,0), x) AS ${sum},${interval ? ` (t INTERVAL, x) AS ${interval},` : ''} (t, x) AS ${sum}`;
}

/**
 * `*` by the operands' types: integers promote as Postgres's int2/int4/int8 operators, float4
 * with a non-float4 is float8, and numerics multiply at full precision (DuckDB multiplies two
 * DECIMALs of precision <= 18 in 64 bits and overflows; widening one side to DECIMAL(38)
 * keeps the scale, which is the sum of the operands' scales as in Postgres).
 */
function multiplyMacro(): string {
  const float4Mixed = ['SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL(38,0)']
    .map((t) => `(a FLOAT, b ${t}, x, y) AS CAST(a AS DOUBLE) * b, (a ${t}, b FLOAT, x, y) AS a * CAST(b AS DOUBLE)`)
    .join(', ');
  return `CREATE MACRO {schema}.multiply(a SMALLINT, b SMALLINT, x, y) AS a * b, (a INTEGER, b INTEGER, x, y) AS a * b,
    (a BIGINT, b BIGINT, x, y) AS a * b, (a FLOAT, b FLOAT, x, y) AS a * b, (a DOUBLE, b DOUBLE, x, y) AS a * b, ${float4Mixed},
    (a DECIMAL(38,0), b DECIMAL(38,0), x, y) AS (x * CAST(1 AS DECIMAL(38,0))) * y, (a, b, x, y) AS x * y`;
}

/**
 * Numeric semantics of Postgres: division and modulo that raise 22012 on zero, numeric
 * quotients with select_div_scale's scale, sum and avg with Postgres's result types, and
 * unconstrained numeric casts that keep their operand's scale. The rewrites in
 * src/sql/rewrite/numeric-operators.ts and numeric-aggregates.ts route here.
 * @see https://www.postgresql.org/docs/15/functions-math.html
 */
export const numericFunctions: PgFunctionSet = {
  macros: [
    divideMacro('divide', quotient),
    divideMacro('divide_out', quotientText),
    `CREATE MACRO {schema}.modulo(a SMALLINT, b SMALLINT, x, y) AS CASE WHEN b = 0 THEN ${divisionByZero} ELSE a % b END,
       (a INTEGER, b INTEGER, x, y) AS CASE WHEN b = 0 THEN ${divisionByZero} ELSE a % b END,
       (a BIGINT, b BIGINT, x, y) AS CASE WHEN b = 0 THEN ${divisionByZero} ELSE a % b END,
       (a HUGEINT, b HUGEINT, x, y) AS CASE WHEN y = 0 THEN ${divisionByZero} ELSE x % y END,
       (a DECIMAL(38,0), b DECIMAL(38,0), x, y) AS CASE WHEN y = 0 THEN ${divisionByZero} ELSE x % y END,
       (a, b, x, y) AS x % y`,
    // div(numeric, numeric): the truncated quotient, numeric with scale 0.
    `CREATE MACRO {schema}.div(x, y) AS CAST(${nativeName('numeric_div_trunc')}(CAST(x AS VARCHAR), CAST(y AS VARCHAR)) AS DECIMAL(38,0))`,
    avgMacro('avg', quotient, false),
    avgMacro('avg_out', quotientText, false),
    avgMacro('avg_distinct', quotient, true),
    avgMacro('avg_distinct_out', quotientText, true),
    avgWindowMacro('avg_window', quotient),
    avgWindowMacro('avg_window_out', quotientText),
    sumMacro('sum', 'sum(x)', intervalSum),
    multiplyMacro(),
    sumMacro('sum_distinct', 'sum(DISTINCT x)'),
    sumMacro('sum_window', 'x'),
    // round(x): half to even on floats (rint), and an integer rounds as float8, as Postgres resolves round(int).
    `CREATE MACRO {schema}.round(t SMALLINT, x) AS CAST(x AS DOUBLE), (t INTEGER, x) AS CAST(x AS DOUBLE), (t BIGINT, x) AS CAST(x AS DOUBLE),
       (t FLOAT, x) AS round_even(CAST(x AS DOUBLE), 0), (t DOUBLE, x) AS round_even(x, 0), (t DECIMAL(38,0), x) AS round(x), (t, x) AS round(x)`,
    // `x::numeric`: integers become scale-0 numerics, numerics keep their scale (DuckDB's bare
    // DECIMAL is DECIMAL(18,3)); other values get 15 decimals, Postgres's float8 precision.
    `CREATE MACRO {schema}.to_numeric(t SMALLINT, x) AS CAST(x AS DECIMAL(38,0)), (t INTEGER, x) AS CAST(x AS DECIMAL(38,0)),
       (t BIGINT, x) AS CAST(x AS DECIMAL(38,0)), (t HUGEINT, x) AS CAST(x AS DECIMAL(38,0)), (t DECIMAL(38,0), x) AS x,
       (t, x) AS CAST(x AS DECIMAL(38,15))`,
  ],
  register(conn) {
    const text = DuckDBVarCharType.create(NUMERIC_TEXT_ALIAS);
    // The operands arrive with their own DuckDB types (ANY): no text round trip per row.
    registerNative(conn, {
      name: 'numeric_div',
      params: [],
      varArgs: ANY,
      returns: text,
      row: ([a, b]) => numericQuotientText(decimalOf(a), decimalOf(b)),
    });
    registerNative(conn, {
      name: 'numeric_div_nested',
      params: [],
      varArgs: ANY,
      returns: DECIMAL(38, NESTED_SCALE),
      row: ([a, b]) => new DuckDBDecimalValue(divideDecimal(decimalOf(a), decimalOf(b), NESTED_SCALE).unscaled, 38, NESTED_SCALE),
    });
    registerNative(conn, { name: 'numeric_div_trunc', params: [VARCHAR, VARCHAR], returns: VARCHAR, row: ([a, b]) => numericDivTruncText(a as string, b as string) });
  },
};
