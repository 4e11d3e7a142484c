import { BLOB, blobValue, VARCHAR } from '@duckdb/node-api';
import { PgError, SqlStates } from '../../errors/index.js';
import { decodeByteaText, duckdbListText } from '../../types/param-decode.js';
import { MalformedArrayLiteral, parseArrayText } from '../../types/array-parse.js';
import { unescapeCopyText } from '../../types/copy-text.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative } from './native.js';

/**
 * What COPY FROM loads with (src/session/copy-load.ts): `copy_text_value` turns a text-format
 * field into its value or NULL (the NULL text as written, then backslash escapes decoded;
 * batches without escapes and CSV use nullif). The natives decode what DuckDB's casts read
 * otherwise than Postgres: escapes, bytea text (`\x…`) and array literals (`{…}`).
 */
export const copyFunctions: PgFunctionSet = {
  macros: [`CREATE MACRO {schema}.copy_text_value(x, nul) AS CASE WHEN x = nul THEN NULL WHEN contains(x, '\\') THEN ${nativeName('copy_unescape')}(x) ELSE x END`],
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
