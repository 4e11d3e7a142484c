import type { PgFunctionSet } from './index.js';

/** `expr` when the (one-dimensional) list `a` has elements, else NULL, as int4. */
const ifNotEmpty = (expr: string) => `CASE WHEN len(a) > 0 THEN CAST(${expr} AS INTEGER) END`;

/** The elements' text joined by `sep` ('' for an empty array); NULL elements, whose text is NULL, are skipped. */
const joined = (text: string) => `CASE WHEN a IS NOT NULL THEN coalesce(list_aggr(list_transform(a, e -> ${text}), 'string_agg', sep), '') END`;

/**
 * string_to_array's split: an empty string is an empty array, a NULL separator splits into
 * characters, and an empty separator keeps the whole string.
 */
const split = `CASE WHEN s IS NULL THEN NULL WHEN s = '' THEN CAST([] AS VARCHAR[]) WHEN sep IS NULL THEN string_split(s, '')
  WHEN sep = '' THEN [s] ELSE string_split(s, sep) END`;

/** Element types `array || element` is resolved for (DuckDB's `||` takes no list and scalar). */
const elementTypes = ['SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'INTERVAL', 'UUID'];
const concatOverloads = elementTypes.flatMap((t) => [
  `(a ${t}[], b ${t}) AS list_append(coalesce(a, []), b)`,
  `(a ${t}, b ${t}[]) AS list_prepend(a, coalesce(b, []))`,
  // Postgres's array_cat treats a NULL array as empty.
  `(a ${t}[], b ${t}[]) AS CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE list_concat(a, b) END`,
]);

/**
 * Size functions: an untyped overload for one-dimensional arrays and, for two-dimensional
 * arrays (lists of lists) of the common element types, typed overloads (Postgres arrays are
 * rectangular, so the first sub-array's length is every sub-array's).
 */
const sizeFunction = (name: string, params: string, oneDim: string, twoDim: string) =>
  `CREATE MACRO {schema}.${name}(a${params}) AS ${oneDim}, ${elementTypes.map((t) => `(a ${t}[][]${params.replace(', d', ', d INTEGER')}) AS ${twoDim}`).join(', ')}`;

/**
 * Array functions with Postgres 15's result types and NULL rules, for one- and
 * two-dimensional arrays (DuckDB lists): sizes are int4, an empty array has no bounds
 * (NULL), and a dimension it lacks has none either. The rewrite in src/sql/rewrite/array-functions.ts
 * calls these instead of DuckDB's namesakes.
 * @see https://www.postgresql.org/docs/15/functions-array.html
 */
export const arrayFunctions: PgFunctionSet = {
  macros: [
    sizeFunction('array_length', ', d', `CASE WHEN d = 1 THEN ${ifNotEmpty('len(a)')} END`, `CASE WHEN d = 1 THEN ${ifNotEmpty('len(a)')} WHEN d = 2 THEN ${ifNotEmpty('len(a[1])')} END`),
    sizeFunction('array_lower', ', d', `CASE WHEN d = 1 THEN ${ifNotEmpty('1')} END`, `CASE WHEN d IN (1, 2) THEN ${ifNotEmpty('1')} END`),
    sizeFunction('array_upper', ', d', `CASE WHEN d = 1 THEN ${ifNotEmpty('len(a)')} END`, `CASE WHEN d = 1 THEN ${ifNotEmpty('len(a)')} WHEN d = 2 THEN ${ifNotEmpty('len(a[1])')} END`),
    sizeFunction('array_ndims', '', ifNotEmpty('1'), ifNotEmpty('2')),
    sizeFunction('array_dims', '', `CASE WHEN len(a) > 0 THEN '[1:' || len(a) || ']' END`, `CASE WHEN len(a) > 0 THEN '[1:' || len(a) || '][1:' || len(a[1]) || ']' END`),
    sizeFunction('cardinality', '', 'CAST(len(a) AS INTEGER)', 'CAST(len(flatten(a)) AS INTEGER)'),
    // Postgres compares with IS NOT DISTINCT FROM here, so a NULL element can be found.
    `CREATE MACRO {schema}.array_positions(a, x) AS
       CASE WHEN a IS NOT NULL THEN CAST(list_filter(range(1, len(a) + 1), i -> a[i] IS NOT DISTINCT FROM x) AS INTEGER[]) END`,
    `CREATE MACRO {schema}.array_remove(a, x) AS list_filter(a, e -> e IS DISTINCT FROM x)`,
    // Postgres's array_append/prepend/cat treat a NULL array as empty.
    `CREATE MACRO {schema}.array_append(a, x) AS list_append(coalesce(a, []), x)`,
    `CREATE MACRO {schema}.array_prepend(x, a) AS list_prepend(x, coalesce(a, []))`,
    `CREATE MACRO {schema}.array_cat(a, b) AS CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE list_concat(a, b) END`,
    // Postgres's `||` on arrays appends, prepends or concatenates (NULL arrays as empty); every other pair is DuckDB's `||`.
    `CREATE MACRO {schema}.concat_op${[...concatOverloads, '(a, b) AS a || b'].join(', ')}`,
    // Postgres's `a @> b`: every element of b, NULLs included (which equal nothing), is in a.
    `CREATE MACRO {schema}.array_contains(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN len(list_filter(b, e -> e IS NULL OR NOT list_contains(a, e))) = 0 END`,
    // With a null string, NULL elements print as it; without one (or with a NULL one) they are skipped.
    `CREATE MACRO {schema}.array_to_string(a, sep) AS ${joined('CAST(e AS VARCHAR)')}, (a, sep, n) AS ${joined('coalesce(CAST(e AS VARCHAR), n)')}`,
    // Elements equal to the null string are NULL.
    `CREATE MACRO {schema}.string_to_array(s, sep) AS ${split}, (s, sep, n) AS list_transform(${split}, e -> CASE WHEN e = n THEN NULL ELSE e END)`,
  ],
};
