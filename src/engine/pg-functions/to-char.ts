import {
  type DuckDBConnection,
  type DuckDBIntervalValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  INTERVAL,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import { TS_INFINITY, TS_NEG_INFINITY, zoneOffsetSeconds } from '../../types/datetime-format.js';
import type { PgFunctionSet } from './index.js';
import { registerNative, sessionZoneSql } from './native.js';
import { formatDateTime, intervalFields, timestampFields } from './to-char-datetime.js';
import { formatNumber } from './to-char-number.js';

const registerText = (conn: DuckDBConnection, name: string, params: DuckDBType[], row: (args: unknown[]) => string | null) =>
  registerNative(conn, { name, params, returns: VARCHAR, row });

const abbrevFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** The zone abbreviation Postgres shows for `TZ` (`UTC`, `EST`, `CET`), or a numeric one (`-03`). */
export function zoneAbbreviation(zone: string, epochMs: number, offsetSec: number): string {
  const z = zone.toLowerCase();
  if (z === 'utc' || z === 'etc/utc' || z === 'universal' || z === 'zulu' || z === 'etc/universal') return 'UTC';
  if (z === 'gmt' || z === 'etc/gmt') return 'GMT';
  // A POSIX spec names its zone (`UTC+3`, `<+03>-3`); a bare offset (`+05:30`) has no name.
  const posix = /^(?:([A-Za-z]{3,})|<([A-Za-z0-9:+-]+)>)[+-]?\d{1,2}(?::\d{2}){0,2}$/.exec(zone.trim());
  if (posix) return posix[1] ?? posix[2];
  if (/^[+-]?\d{1,2}(?::?\d{2})?$/.test(zone.trim())) return '';
  for (const locale of ['en-US', 'en-GB', 'en-IN']) {
    const key = `${locale} ${zone}`;
    let f = abbrevFormatters.get(key);
    if (f === undefined) {
      try {
        f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      } catch {
        f = null;
      }
      abbrevFormatters.set(key, f);
    }
    const name = f?.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  // tzdata names zones without an abbreviation by their offset: -03, +0530.
  const a = Math.abs(offsetSec);
  const mm = Math.floor((a % 3600) / 60);
  return (offsetSec < 0 ? '-' : '+') + String(Math.floor(a / 3600)).padStart(2, '0') + (mm ? String(mm).padStart(2, '0') : '');
}

const finite = (micros: bigint) => micros < TS_INFINITY && micros > TS_NEG_INFINITY;

/**
 * `to_char` as Postgres formats it, for timestamps, timestamptz (in the session's TimeZone,
 * which the macro passes along), dates, intervals and numbers (as exact text).
 */
export const toCharFunctions: PgFunctionSet = {
  register(conn) {
    registerText(conn, 'to_char_ts', [TIMESTAMP, VARCHAR], ([ts, fmt]) => {
      const micros = (ts as DuckDBTimestampValue).micros;
      return finite(micros) ? formatDateTime(fmt as string, timestampFields(micros)) : null;
    });
    registerText(conn, 'to_char_tz', [TIMESTAMPTZ, VARCHAR, VARCHAR], ([ts, fmt, zone]) => {
      const micros = (ts as DuckDBTimestampValue).micros;
      if (!finite(micros)) return null;
      const epochMs = Number(micros / 1000n);
      const offsetSec = zoneOffsetSeconds(zone as string, epochMs);
      const fields = timestampFields(micros + BigInt(offsetSec) * 1000000n);
      return formatDateTime(fmt as string, { ...fields, offsetSec, zoneAbbrev: zoneAbbreviation(zone as string, epochMs, offsetSec) });
    });
    registerText(conn, 'to_char_iv', [INTERVAL, VARCHAR], ([iv, fmt]) => {
      const { months, days, micros } = iv as DuckDBIntervalValue;
      return formatDateTime(fmt as string, intervalFields(months, days, micros));
    });
    registerText(conn, 'to_char_num', [VARCHAR, VARCHAR], ([num, fmt]) => formatNumber(num as string, fmt as string));
  },
  macros: [
    `CREATE MACRO {schema}.to_char(x TIMESTAMP, f) AS jammi_pg_to_char_ts(x, f),
       (x TIMESTAMPTZ, f) AS jammi_pg_to_char_tz(x, f, ${sessionZoneSql}),
       (x DATE, f) AS jammi_pg_to_char_ts(CAST(x AS TIMESTAMP), f),
       (x INTERVAL, f) AS jammi_pg_to_char_iv(x, f),
       (x, f) AS jammi_pg_to_char_num(CAST(x AS VARCHAR), f)`,
  ],
};
