import { type Category, differs, match } from '../query.js';

/** Integer, numeric and float arithmetic: operators, division and modulo, overflow, numeric scale and typmods, float output. */
export const arithmetic: Category = {
  name: 'arithmetic',
  queries: [
    match('SELECT 1'),
    match('SELECT 42::int2 AS a, 42::int4 AS b, 42::int8 AS c'),
    match('SELECT 2147483648 AS big'),
    differs('SELECT 9223372036854775807 AS m, -2147483648 AS n', "type of -2147483648: jammi int8, pg int4"),
    match('SELECT 7 / 2 AS q, 7 % 3 AS r, -7 / 2 AS nq'),
    match('SELECT 1 + 2 * 3 AS x, (-32768)::smallint AS s'),
    differs('SELECT 127::int2 * 2 AS s', "int2 * int4 type: jammi int2, pg int4"),
    differs('SELECT 1 / 0 AS x', "division by zero: jammi returns float8 Infinity, pg fails with 22012"),
    match('SELECT 1.5 AS n'),
    match('SELECT 123.456::numeric(6,2) AS n, 1::numeric(10,3) AS m'),
    differs("SELECT '1.50'::numeric AS n", "unconstrained numeric: jammi numeric(18,3) (typmod 1179655) prints 1.500, pg typmod -1 prints 1.50"),
    differs("SELECT CAST('3.5' AS numeric) AS n", "unconstrained numeric: jammi numeric(18,3) prints 3.500, pg typmod -1 prints 3.5"),
    differs("SELECT 'NaN'::numeric AS n", "numeric NaN: jammi 22P02 cannot convert to DECIMAL(18,3), pg NaN"),
    differs('SELECT 1e3::numeric AS n', "unconstrained numeric: jammi numeric(18,3) prints 1000.000, pg typmod -1 prints 1000"),
    differs('SELECT 0.1 + 0.2 AS n', "numeric arithmetic typmod: jammi 196613 (numeric(3,1)), pg -1"),
    differs('SELECT 10::numeric / 4 AS n', "numeric division: jammi float8 2.5, pg numeric 2.5000000000000000"),
    differs('SELECT 1.0 / 3 AS d', "numeric division: jammi float8 0.3333333333333333, pg numeric 0.33333333333333333333"),
    differs('SELECT 12.5::numeric(10,1) * 2 AS n', "numeric product typmod: jammi 1179653 (numeric(18,1)), pg -1"),
    differs('SELECT round(2.5) AS a, round(-2.5) AS b, round(3.14159, 2) AS c', "round() typmods: jammi numeric(2,0)/numeric(6,2), pg -1"),
    differs('SELECT abs(-5) AS a, ceil(1.2) AS c, floor(1.8) AS f', "ceil/floor typmod: jammi 131076 (numeric(2,0)), pg -1"),
    match('SELECT 1.5::float8 AS f, 0.1::float8 + 0.2::float8 AS g'),
    match('SELECT 1.25::float4 AS f, 0.1::float4 AS g'),
    match('SELECT 100000000::float8 AS f, 1e-5::float8 AS g, 123456789012345678::float8 AS h'),
    match("SELECT 'NaN'::float8 AS a, 'Infinity'::float8 AS b"),
    match('SELECT sqrt(2) AS s, 2 ^ 10 AS p'),
    differs('SELECT 1::float4 / 3 AS f', "float4 / int4: jammi float4 0.33333334, pg float8 0.3333333333333333"),
  ],
};
