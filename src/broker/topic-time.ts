import { PgError, SqlStates } from '../errors/index.js';
import { daysFromCivil, zoneOffsetSeconds } from '../types/datetime-format.js';
import { normalizeDatetimeLiteral } from '../types/datetime-input.js';

/**
 * Timestamps in topic filters are compared as microseconds since the epoch (UTC). Event
 * payloads print them in one form (see topic-event.ts); literals in a filter may use any form
 * Postgres reads.
 */

const LATEST = Number.MAX_SAFE_INTEGER;

function civilMicros(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined): number {
  const days = daysFromCivil(y, mo, d);
  const micros = frac ? Number(frac.slice(1, 7).padEnd(6, '0')) : 0;
  return ((days * 24 + h) * 60 + mi) * 60e6 + s * 1e6 + micros;
}

/** A payload timestamp (`2026-11-22T10:00:00.5+00:00`, or without offset for `timestamp`) as microseconds. */
export function payloadMicros(s: string): number | null {
  if (s === 'infinity') return LATEST;
  if (s === '-infinity') return -LATEST;
  const m = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(?:\+00:00)?$/.exec(s);
  return m ? civilMicros(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7]) : null;
}

/**
 * A timestamp literal as microseconds since the epoch. Without a zone it is read as UTC
 * (topic events are not tied to a session's TimeZone); `timestamp` ignores any zone, as in Postgres.
 */
export function literalMicros(kind: 'timestamptz' | 'timestamp', text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'infinity' || t === '+infinity') return LATEST;
  if (t === '-infinity') return -LATEST;
  const invalid = () => new PgError(SqlStates.invalid_datetime_format, `invalid input syntax for type ${kind === 'timestamptz' ? 'timestamp with time zone' : 'timestamp'}: "${text}"`);
  const norm = normalizeDatetimeLiteral(kind, text);
  const m = norm && /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?(.*)$/.exec(norm);
  if (!m) throw invalid();
  const local = civilMicros(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7]);
  const zone = m[8].trim();
  if (zone === '' || kind === 'timestamp') return local;
  const fixed = /^([+-])(\d{1,2})(?::?(\d\d))?(?::?(\d\d))?$/.exec(zone);
  if (fixed) {
    const secs = +fixed[2] * 3600 + +(fixed[3] ?? 0) * 60 + +(fixed[4] ?? 0);
    return local - (fixed[1] === '-' ? -secs : secs) * 1e6;
  }
  // A named zone: its offset at (about) that instant.
  return local - zoneOffsetSeconds(zone, local / 1000) * 1e6;
}

/** A date literal as `YYYY-MM-DD` (dates compare as text in that form). */
export function literalDate(text: string): string {
  const norm = normalizeDatetimeLiteral('date', text);
  if (!norm || !/^\d{4}-\d\d-\d\d$/.test(norm)) throw new PgError(SqlStates.invalid_datetime_format, `invalid input syntax for type date: "${text}"`);
  return norm;
}
