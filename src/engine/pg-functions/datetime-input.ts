import { VARCHAR } from '@duckdb/node-api';
import { normalizeDatetimeLiteral } from '../../types/datetime-input.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative } from './native.js';

/** Cast targets and DuckDB's type for each. */
const targets = [
  ['date', 'DATE'],
  ['timestamp', 'TIMESTAMP'],
  ['timestamptz', 'TIMESTAMPTZ'],
  ['time', 'TIME'],
] as const;

/**
 * Text cast to a date/time type at run time (`('03/' || '15/2024')::date`, a text column) is
 * read as Postgres reads it with DateStyle ISO, MDY — the rules literals follow at rewrite
 * time — then cast by DuckDB; other source types cast as DuckDB casts them.
 * src/sql/rewrite/input-casts.ts routes such casts here.
 */
export const datetimeInputFunctions: PgFunctionSet = {
  macros: targets.map(
    ([pg, duck]) => `CREATE MACRO {schema}.${pg}_in(x VARCHAR) AS CAST(${nativeName('datetime_text')}('${pg}', x) AS ${duck}), (x) AS CAST(x AS ${duck})`,
  ),
  register(conn) {
    registerNative(conn, {
      name: 'datetime_text',
      params: [VARCHAR, VARCHAR],
      returns: VARCHAR,
      row: ([type, text]) => normalizeDatetimeLiteral(type as string, text as string) ?? text,
    });
  },
};
