import { BLOB, blobValue, VARCHAR } from '@duckdb/node-api';
import { PgError, SqlStates } from '../../errors/index.js';
import { decodeByteaText, duckdbListText } from '../../types/param-decode.js';
import { MalformedArrayLiteral, parseArrayText } from '../../types/array-parse.js';
import { unescapeCopyText } from '../../types/copy-text.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative } from './native.js';

/** The message the row macros raise for a row with the wrong number of fields (the loader then finds the row). */
export const COPY_FIELD_COUNT_ERROR = 'jammi_copy_field_count';

/**
 * What COPY FROM loads with (src/session/copy-load.ts): `copy_rows` splits a batch of rows
 * (a BLOB, so invalid UTF-8 is refused) into lists of fields in the engine, and
 * `copy_text_field` turns one field of text format into its value or NULL (the NULL text as
 * written, then backslash escapes decoded; batches without escapes and CSV use nullif).
 * The natives decode what DuckDB's casts read otherwise than Postgres: escapes, bytea text
 * (`\x…`) and array literals (`{…}`).
 */
export const copyFunctions: PgFunctionSet = {
  macros: [
    `CREATE MACRO {schema}.copy_rows(b, d, n) AS TABLE
      SELECT CASE WHEN len(f) = n THEN f ELSE error('${COPY_FIELD_COUNT_ERROR}') END AS f
      FROM (SELECT string_split(l, d) AS f FROM unnest(string_split(decode(b), chr(10))) AS u(l))`,
    `CREATE MACRO {schema}.copy_numbered_rows(b, d, n) AS TABLE
      SELECT CASE WHEN len(string_split(l, d)) = n THEN string_split(l, d) ELSE error('${COPY_FIELD_COUNT_ERROR}') END AS f, k
      FROM unnest(string_split(decode(b), chr(10))) WITH ORDINALITY AS u(l, k)`,
    `CREATE MACRO {schema}.copy_text_field(f, i, nul) AS
      CASE WHEN f[i] = nul THEN NULL WHEN contains(f[i], '\\') THEN ${nativeName('copy_unescape')}(f[i]) ELSE f[i] END`,
  ],
  register(conn) {
    registerNative(conn, { name: 'copy_unescape', params: [VARCHAR], returns: VARCHAR, row: ([s]) => unescapeCopyText(s as string) });
    registerNative(conn, { name: 'copy_bytea', params: [VARCHAR], returns: BLOB, row: ([s]) => blobValue(decodeByteaText(s as string)) });
    registerNative(conn, {
      name: 'copy_array',
      params: [VARCHAR],
      returns: VARCHAR,
      row: ([s]) => {
        try {
          return duckdbListText(parseArrayText(s as string));
        } catch (e) {
          if (e instanceof MalformedArrayLiteral) throw new PgError(SqlStates.invalid_text_representation, e.message);
          throw e;
        }
      },
    });
  },
};
