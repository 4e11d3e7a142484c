import { VARCHAR } from '@duckdb/node-api';
import { normalizeDatetimeLiteral } from '../../types/datetime-input.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative } from './native.js';

/**
 * Cast targets, DuckDB's type for each, and the ISO shape DuckDB may read directly: Postgres's
 * own output (`2024-03-15 10:20:30.5+01`), the form of nearly every value a COPY loads. Text
 * of the shape that DuckDB's cast does not read (`+5`, a day out of range) still goes through
 * the Postgres reader, which gives Postgres's value or its error. datetime-input.test.ts
 * checks that the two agree wherever DuckDB reads the shape. (The shape test is a regular
 * expression: RE2 on a short string costs less than LIKE plus ltrim.)
 */
const DATE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const TIME = '[0-9]{2}:[0-9]{2}:[0-9]{2}';
const targets = [
  ['date', 'DATE', DATE],
  ['timestamp', 'TIMESTAMP', `${DATE} ${TIME}[0-9.]*`],
  ['timestamptz', 'TIMESTAMPTZ', `${DATE} ${TIME}[0-9.:+-]*`],
  ['time', 'TIME', `${TIME}[0-9.]*`],
] as const;

/**
 * Text cast to a date/time type at run time (`('03/' || '15/2024')::date`, a text column) is
 * read as Postgres reads it with DateStyle ISO, MDY — the rules literals follow at rewrite
 * time — then cast by DuckDB; other source types cast as DuckDB casts them.
 * src/sql/rewrite/input-casts.ts routes such casts here.
 */
export const datetimeInputFunctions: PgFunctionSet = {
  macros: targets.map(
    ([pg, duck, iso]) =>
      `CREATE MACRO {schema}.${pg}_in(x VARCHAR) AS COALESCE(CASE WHEN regexp_full_match(x, '${iso}') THEN TRY_CAST(x AS ${duck}) END, CAST(${nativeName('datetime_text')}('${pg}', x) AS ${duck})), (x) AS CAST(x AS ${duck})`,
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
