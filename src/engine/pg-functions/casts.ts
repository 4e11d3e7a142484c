import type { PgFunctionSet } from './index.js';

/** Postgres's isspace set, which its input functions skip around a value. */
const WHITESPACE = `(' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))`;
const trimmed = (x: string) => `trim(${x}, ${WHITESPACE})`;
/** A macro expression raising `message || x || '"'` as "Invalid Input Error" (mapped to the SQLSTATE in map-error). */
const invalid = (prefix: string, x: string) => `error('${prefix}"' || ${x} || '"')`;

/** Boolean spellings Postgres accepts: any prefix of true/false/yes/no, on/off (`o` alone is ambiguous), 1/0. */
const prefixes = (word: string, min: number) => Array.from({ length: word.length - min + 1 }, (_, i) => `'${word.slice(0, min + i)}'`);
const trueWords = [...prefixes('true', 1), ...prefixes('yes', 1), "'on'", "'1'"].join(', ');
const falseWords = [...prefixes('false', 1), ...prefixes('no', 1), ...prefixes('off', 2), "'0'"].join(', ');

/**
 * An integer type's input: optional sign and digits between blanks (Postgres 15 takes no `1.5`,
 * `1_000`, `0x10`). Plain digits with an optional minus, the usual case (a COPY of millions of
 * rows), are cast directly: DuckDB reads them as Postgres does or not at all (out of range), and
 * what it does not read takes the checked path with Postgres's errors.
 */
function intIn(name: string, duckType: string, pgType: string): string {
  return `CREATE MACRO {schema}.${name}(x VARCHAR) AS COALESCE(
      CASE WHEN regexp_full_match(x, '-?[0-9]+') THEN TRY_CAST(x AS ${duckType}) END,
      CASE
      WHEN x IS NULL THEN NULL
      WHEN NOT regexp_full_match(x, '\\s*[+-]?[0-9]+\\s*') THEN ${invalid(`invalid input syntax for type ${pgType}: `, 'x')}
      WHEN TRY_CAST(${trimmed('x')} AS ${duckType}) IS NULL THEN error('value "' || x || '" is out of range for type ${pgType}')
      ELSE CAST(${trimmed('x')} AS ${duckType}) END),
    (x) AS CAST(x AS ${duckType})`;
}

/** A float type's input: a value beyond the type's range is an error in Postgres, infinity in DuckDB. */
function floatIn(name: string, duckType: string, pgType: string): string {
  return `CREATE MACRO {schema}.${name}(x VARCHAR) AS CASE
      WHEN isinf(CAST(x AS ${duckType})) AND NOT contains(lower(x), 'inf') THEN error('"' || x || '" is out of range for type ${pgType}')
      ELSE CAST(x AS ${duckType}) END,
    (x) AS CAST(x AS ${duckType})`;
}

/**
 * Text input as Postgres parses it, for casts from text (`'on'::boolean`, `'1.5'::int` is an
 * error); other source types cast as DuckDB casts them. src/sql/rewrite/input-casts.ts
 * routes casts here.
 * @see https://www.postgresql.org/docs/15/datatype-boolean.html
 */
export const castFunctions: PgFunctionSet = {
  macros: [
    `CREATE MACRO {schema}.bool_in(x VARCHAR) AS CASE
        WHEN x IS NULL THEN NULL
        WHEN lower(${trimmed('x')}) IN (${trueWords}) THEN true
        WHEN lower(${trimmed('x')}) IN (${falseWords}) THEN false
        ELSE ${invalid('invalid input syntax for type boolean: ', 'x')} END,
      (x) AS CAST(x AS BOOLEAN)`,
    intIn('int2_in', 'SMALLINT', 'smallint'),
    intIn('int4_in', 'INTEGER', 'integer'),
    intIn('int8_in', 'BIGINT', 'bigint'),
    floatIn('float4_in', 'FLOAT', 'real'),
    floatIn('float8_in', 'DOUBLE', 'double precision'),
  ],
};
