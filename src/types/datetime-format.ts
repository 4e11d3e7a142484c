/**
 * Postgres date/time text output (DateStyle ISO), computed from DuckDB's integer
 * representations so years beyond JS Date's range and BC dates print as Postgres prints them.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/datetime.c (EncodeDateTime)
 */

const DATE_INFINITY = 2147483647;
const DATE_NEG_INFINITY = -2147483647;
export const TS_INFINITY = 9223372036854775807n;
export const TS_NEG_INFINITY = -9223372036854775807n;
const MICROS_PER_DAY = 86400000000n;

/** Civil date from days since 1970-01-01 (proleptic Gregorian; year 0 = 1 BC). */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

function ymd(days: number): { text: string; bc: boolean } {
  const [y, m, d] = civilFromDays(days);
  const bc = y <= 0;
  const year = bc ? 1 - y : y;
  return { text: `${String(year).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`, bc };
}

/** DATE as days since the epoch. */
export function formatDate(days: number): string {
  if (days >= DATE_INFINITY) return 'infinity';
  if (days <= DATE_NEG_INFINITY) return '-infinity';
  const { text, bc } = ymd(days);
  return bc ? `${text} BC` : text;
}

/** HH:MM:SS[.ffffff] of microseconds within a day. */
export function formatTimeOfDay(micros: bigint): string {
  const totalSec = micros / 1000000n;
  const frac = Number(micros % 1000000n);
  const h = Number(totalSec / 3600n);
  const mi = Number((totalSec / 60n) % 60n);
  const s = Number(totalSec % 60n);
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction(frac)}`;
}

/** '.ffffff' with trailing zeros trimmed, or '' for whole seconds. */
export function fraction(micros: number): string {
  if (micros === 0) return '';
  return '.' + String(micros).padStart(6, '0').replace(/0+$/, '');
}

function splitMicros(micros: bigint): { days: number; tod: bigint } {
  let days = micros / MICROS_PER_DAY;
  let tod = micros % MICROS_PER_DAY;
  if (tod < 0n) {
    tod += MICROS_PER_DAY;
    days -= 1n;
  }
  return { days: Number(days), tod };
}

/** TIMESTAMP (without time zone) as microseconds since the epoch. */
export function formatTimestamp(micros: bigint): string {
  if (micros >= TS_INFINITY) return 'infinity';
  if (micros <= TS_NEG_INFINITY) return '-infinity';
  const { days, tod } = splitMicros(micros);
  const { text, bc } = ymd(days);
  return `${text} ${formatTimeOfDay(tod)}${bc ? ' BC' : ''}`;
}

/** A UTC offset in seconds east as Postgres prints it: +HH, +HH:MM or +HH:MM:SS. */
export function formatOffset(offsetSec: number): string {
  const sign = offsetSec < 0 ? '-' : '+';
  const a = Math.abs(offsetSec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${pad2(h)}${m || s ? ':' + pad2(m) : ''}${s ? ':' + pad2(s) : ''}`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      f = null;
    }
    zoneFormatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` names a time zone this process can convert to. */
export function isKnownTimeZone(zone: string): boolean {
  return isUtc(zone) || zoneFormatter(zone) !== null || parseFixedOffset(zone) !== null;
}

function isUtc(zone: string): boolean {
  const z = zone.toLowerCase();
  return z === 'utc' || z === 'etc/utc' || z === 'gmt' || z === 'etc/gmt' || z === 'z' || z === 'zulu' || z === 'universal';
}

/**
 * Fixed-offset zones as Postgres reads TimeZone strings, in seconds east of UTC: `+05:30` is
 * POSIX, i.e. hours *west* of Greenwich (shown as -05:30), as are the POSIX forms with a
 * name, `UTC+3` and `<+03>-3` (no DST rule); a bare number such as `-8` is hours east.
 * Null for anything else.
 */
export function parseFixedOffset(zone: string): number | null {
  const z = zone.trim();
  const posix = /^(?:[A-Za-z]{3,}|<[A-Za-z0-9:+-]+>)([+-]?)(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(z);
  if (posix) {
    const west = Number(posix[2]) * 3600 + Number(posix[3] ?? 0) * 60 + Number(posix[4] ?? 0);
    return posix[1] === '-' ? west : -west;
  }
  const m = /^([+-]?)(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60;
  const east = m[1] === '-' ? -secs : secs;
  return m[3] !== undefined ? -east : east;
}

/** Offset (seconds east of UTC) of `zone` at the instant `epochMs`. */
export function zoneOffsetSeconds(zone: string, epochMs: number): number {
  if (isUtc(zone)) return 0;
  const fixed = parseFixedOffset(zone);
  if (fixed !== null) return fixed;
  const f = zoneFormatter(zone);
  if (!f || !Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return 0;
  const parts = f.formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  // setUTCFullYear takes any year as is (Date.UTC would map 0..99 to 19xx).
  const local = new Date(0);
  local.setUTCFullYear(year, get('month') - 1, get('day'));
  local.setUTCHours(get('hour'), get('minute'), get('second'), 0);
  const utcWhole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((local.getTime() - utcWhole) / 1000);
}

/** TIMESTAMPTZ (microseconds since the epoch, UTC) shown in `zone`. */
export function formatTimestampTz(micros: bigint, zone: string): string {
  if (micros >= TS_INFINITY) return 'infinity';
  if (micros <= TS_NEG_INFINITY) return '-infinity';
  const offset = zoneOffsetSeconds(zone, Number(micros / 1000n));
  const local = micros + BigInt(offset) * 1000000n;
  const { days, tod } = splitMicros(local);
  const { text, bc } = ymd(days);
  return `${text} ${formatTimeOfDay(tod)}${formatOffset(offset)}${bc ? ' BC' : ''}`;
}

/** INTERVAL in IntervalStyle 'postgres': `1 year 2 mons 3 days 04:05:06.5`. */
export function formatInterval(months: number, days: number, micros: bigint): string {
  const parts: string[] = [];
  let prevNegative = false;
  const field = (n: number, unit: string) => {
    if (n === 0) return;
    const sign = n < 0 ? '' : prevNegative ? '+' : '';
    parts.push(`${sign}${n} ${unit}${n === 1 ? '' : 's'}`);
    prevNegative = n < 0;
  };
  const years = Math.trunc(months / 12);
  const mons = months % 12;
  field(years, 'year');
  if (mons !== 0) {
    const sign = mons < 0 ? '' : prevNegative ? '+' : '';
    parts.push(`${sign}${mons} mon${mons === 1 ? '' : 's'}`);
    prevNegative = mons < 0;
  }
  field(days, 'day');
  if (micros !== 0n || parts.length === 0) {
    const neg = micros < 0n;
    const abs = neg ? -micros : micros;
    const totalSec = abs / 1000000n;
    const h = totalSec / 3600n;
    const mi = Number((totalSec / 60n) % 60n);
    const s = Number(totalSec % 60n);
    const sign = neg ? '-' : prevNegative ? '+' : '';
    parts.push(`${sign}${h < 10n ? '0' : ''}${h}:${pad2(mi)}:${pad2(s)}${fraction(Number(abs % 1000000n))}`);
  }
  return parts.join(' ');
}
