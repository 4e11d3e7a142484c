import { ANY, type DuckDBType, VARCHAR } from '@duckdb/node-api';
import { type EncodeContext, encodeText, pgTypeOf } from '../../types/index.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative, sessionZoneSql } from './native.js';
import { formatPg, initcap, quoteIdentPg, quoteLiteralPg } from './text-format.js';

/**
 * Values turned into text inside a function print as Postgres prints them (bool `t`, float
 * `1e+20`, intervals `1 mon`, timestamptz in the session's TimeZone, which callers pass along).
 */
const encodeContext = (timeZone: string): EncodeContext => ({ timeZone, extraFloatDigits: 1 });

/** A value's Postgres text, or null for NULL. */
function pgText(v: unknown, type: DuckDBType, zone: string): string | null {
  return v === null || v === undefined ? null : encodeText(v, pgTypeOf(type), encodeContext(zone));
}

/** A macro expression raising a Postgres error message (DuckDB's error() gives "Invalid Input Error: <message>"). */
const raise = (message: string) => `error('${message.replace(/'/g, "''")}')`;

/** DuckDB types whose text form (`CAST(x AS VARCHAR)`) differs from Postgres's output. */
const textDiffersFor = ['FLOAT', 'DOUBLE', 'INTERVAL', 'BLOB'];

/**
 * Text functions with Postgres's semantics and result types. The rewrites in
 * src/sql/rewrite/text-functions.ts route Postgres's names here.
 * @see https://www.postgresql.org/docs/15/functions-string.html
 */
export const textFunctions: PgFunctionSet = {
  macros: [
    // Lengths and positions are int4 in Postgres (DuckDB: int64); a bytea's length counts bytes.
    `CREATE MACRO {schema}.length(x VARCHAR) AS CAST(length(x) AS INTEGER), (x BLOB) AS CAST(octet_length(x) AS INTEGER), (x) AS CAST(length(x) AS INTEGER)`,
    `CREATE MACRO {schema}.char_length(x VARCHAR) AS CAST(length(x) AS INTEGER)`,
    `CREATE MACRO {schema}.octet_length(x VARCHAR) AS CAST(strlen(x) AS INTEGER), (x BLOB) AS CAST(octet_length(x) AS INTEGER)`,
    `CREATE MACRO {schema}.bit_length(x VARCHAR) AS CAST(strlen(x) * 8 AS INTEGER), (x BLOB) AS CAST(octet_length(x) * 8 AS INTEGER)`,
    `CREATE MACRO {schema}.strpos(s, sub) AS CAST(strpos(s, sub) AS INTEGER)`,
    // A length at or below zero pads to nothing; an empty fill only truncates (DuckDB raises for both).
    `CREATE MACRO {schema}.lpad(s, n) AS CASE WHEN n <= 0 THEN '' ELSE lpad(s, n, ' ') END,
       (s, n, fill) AS CASE WHEN n <= 0 THEN '' WHEN fill = '' THEN left(s, n) ELSE lpad(s, n, fill) END`,
    `CREATE MACRO {schema}.rpad(s, n) AS CASE WHEN n <= 0 THEN '' ELSE rpad(s, n, ' ') END,
       (s, n, fill) AS CASE WHEN n <= 0 THEN '' WHEN fill = '' THEN left(s, n) ELSE rpad(s, n, fill) END`,
    // Field 0 is an error; an empty delimiter makes the whole string field 1 (and -1).
    `CREATE MACRO {schema}.split_part(s, d, n) AS CASE WHEN n = 0 THEN ${raise('field position must not be zero')}
       WHEN d = '' THEN CASE WHEN n = 1 OR n = -1 THEN s ELSE '' END ELSE split_part(s, d, n) END`,
    // Positions before the first character count toward the length (DuckDB counts a negative start from the end).
    `CREATE MACRO {schema}.substr(s, start) AS substring(s, greatest(start, 1)),
       (s, start, len) AS CASE WHEN len < 0 THEN ${raise('negative substring length not allowed')}
         ELSE substring(s, greatest(start, 1), greatest(start + len, 1) - greatest(start, 1)) END`,
    `CREATE MACRO {schema}.btrim(s) AS trim(s), (s, chars) AS trim(s, chars)`,
    `CREATE MACRO {schema}.chr(n) AS CASE WHEN n = 0 THEN ${raise('null character not permitted')} ELSE chr(n) END`,
    `CREATE MACRO {schema}.initcap(s) AS ${nativeName('initcap')}(s)`,
    // `x::text`: DuckDB's own text for most types, Postgres's output where it differs.
    `CREATE MACRO {schema}.to_text(x) AS CASE WHEN typeof(x) IN (${textDiffersFor.map((t) => `'${t}'`).join(', ')}) OR typeof(x) LIKE '%[]'
       THEN ${nativeName('text')}(${sessionZoneSql}, x) ELSE CAST(x AS VARCHAR) END`,
  ],
  register(conn) {
    registerNative(conn, { name: 'initcap', params: [VARCHAR], returns: VARCHAR, row: ([s]) => initcap(s as string) });
    registerNative(conn, { name: 'quote_ident', params: [VARCHAR], returns: VARCHAR, row: ([s]) => quoteIdentPg(s as string) });
    registerNative(conn, { name: 'quote_literal', params: [VARCHAR], returns: VARCHAR, row: ([s]) => quoteLiteralPg(s as string) });
    registerNative(conn, { name: 'text', params: [ANY], returns: VARCHAR, zoned: true, row: ([v], [t], zone) => pgText(v, t, zone) });
    registerNative(conn, {
      name: 'format',
      params: [VARCHAR],
      varArgs: ANY,
      returns: VARCHAR,
      nullAware: true,
      zoned: true,
      row: ([fmt, ...args], [, ...types], zone) => (fmt === null ? null : formatPg(fmt as string, args.map((a, i) => pgText(a, types[i], zone)))),
    });
    registerNative(conn, {
      name: 'concat',
      params: [],
      varArgs: ANY,
      returns: VARCHAR,
      nullAware: true,
      zoned: true,
      row: (args, types, zone) => args.map((a, i) => pgText(a, types[i], zone) ?? '').join(''),
    });
    registerNative(conn, {
      name: 'concat_ws',
      params: [VARCHAR],
      varArgs: ANY,
      returns: VARCHAR,
      nullAware: true,
      zoned: true,
      row: ([sep, ...args], [, ...types], zone) =>
        sep === null
          ? null
          : args
              .map((a, i) => pgText(a, types[i], zone))
              .filter((t) => t !== null)
              .join(sep as string),
    });
  },
};
