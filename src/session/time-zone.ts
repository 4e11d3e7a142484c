import { parseFixedOffset } from '../types/datetime-format.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `05`, `07:30`: the size of an offset in seconds. */
function offsetSize(sec: number): string {
  const a = Math.abs(sec);
  const m = Math.floor((a % 3600) / 60);
  return pad2(Math.floor(a / 3600)) + (m ? ':' + pad2(m) : '');
}

/**
 * A valid TimeZone value as Postgres stores it (and SHOW prints it): a bare number of hours
 * east becomes the POSIX spec `<-07>+07`, a zone name takes its canonical case
 * (`america/new_york` is `America/New_York`); anything else is kept as written.
 */
export function canonicalTimeZone(raw: string): string {
  const t = raw.trim();
  if (/^[+-]?\d{1,2}$/.test(t)) {
    const east = Number(t) * 3600;
    // The name shows the offset east, the POSIX offset after it counts west.
    return east < 0 ? `<-${offsetSize(east)}>+${offsetSize(east)}` : `<+${offsetSize(east)}>-${offsetSize(east)}`;
  }
  if (!t.includes('/')) return raw;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
    // Intl also maps aliases to their target (Asia/Calcutta to Asia/Kolkata); Postgres keeps the alias.
    return resolved.toLowerCase() === t.toLowerCase() ? resolved : raw;
  } catch {
    return raw;
  }
}

/**
 * The spelling of a Postgres TimeZone that DuckDB's ICU reads the same way, or null when it
 * has none. DuckDB reads `UTC+3` as ISO (three hours east) where Postgres reads POSIX (west),
 * and knows no bare offsets, so a fixed offset of whole hours becomes `Etc/GMT-3` (the Etc
 * names are POSIX too); a fractional one (`+05:30`) has no ICU zone.
 */
export function engineTimeZone(zone: string): string | null {
  const east = parseFixedOffset(zone);
  if (east === null) return zone;
  if (east === 0) return 'UTC';
  if (east % 3600 !== 0 || Math.abs(east) > 14 * 3600) return null;
  const h = east / 3600;
  return `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}
