import { civilFromDays, daysFromCivil } from '../../types/datetime-format.js';

/**
 * Postgres's `to_char` for timestamps and intervals: the template patterns of
 * formatting.c (DCH_*) with the FM / TH / TM modifiers, quoted text and `\"`.
 * @see https://www.postgresql.org/docs/15/functions-formatting.html
 */

/** The broken-down value a template reads; for an interval, hour is its total hours. */
export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** Days since 1970-01-01 (timestamps only). */
  epochDay?: number;
  /** Seconds east of UTC and the zone abbreviation, for timestamptz. */
  offsetSec?: number;
  zoneAbbrev?: string;
  interval?: boolean;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Keywords, longest first where one is a prefix of another (matched case-insensitively). */
const KEYWORDS = [
  'A.D.', 'A.M.', 'AD', 'AM', 'B.C.', 'BC', 'CC', 'DAY', 'DDD', 'DD', 'DY', 'D', 'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6',
  'HH24', 'HH12', 'HH', 'IDDD', 'ID', 'IW', 'IYYY', 'IYY', 'IY', 'I', 'J', 'MI', 'MM', 'MONTH', 'MON', 'MS', 'OF',
  'P.M.', 'PM', 'Q', 'RM', 'SSSSS', 'SSSS', 'SS', 'TZH', 'TZM', 'TZ', 'US', 'WW', 'W', 'Y,YYY', 'YYYY', 'YYY', 'YY', 'Y',
];

/** Ordinal suffix of a number's text, as Postgres's get_th. */
function ordinal(num: string, upper: boolean): string {
  const n = Math.abs(Number.parseInt(num.replace(/,/g, ''), 10)) % 100;
  const last = n % 10;
  const th = n >= 11 && n <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return upper ? th.toUpperCase() : th;
}

/** `n` zero-padded to `width` (a minus sign counts in the width, as printf's `%0*d`). */
function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n)).padStart(n < 0 ? width - 1 : width, '0');
  return n < 0 ? '-' + digits : digits;
}

/** ISO 8601 week-numbering year, week and day of year from a civil date. */
function isoWeek(epochDay: number): { isoYear: number; week: number; isoDoy: number } {
  const isoDow = ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1 = Monday
  const thursday = epochDay - isoDow + 4;
  const [isoYear] = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1;
  return { isoYear, week, isoDoy: (week - 1) * 7 + isoDow };
}

/** Text in the case the pattern was written: `MONTH`, `Month` or `month`. */
function cased(text: string, pattern: string): string {
  if (pattern.length > 1 && pattern[0] === pattern[0].toUpperCase() && pattern[1] === pattern[1].toUpperCase()) return text.toUpperCase();
  return pattern[0] === pattern[0].toUpperCase() ? text : text.toLowerCase();
}

/** A time zone offset as `+HH` or `+HH:MM` (the OF pattern). */
function offsetText(offsetSec: number): string {
  const a = Math.abs(offsetSec);
  const hm = zeroPad(Math.floor(a / 3600), 2) + (a % 3600 ? ':' + zeroPad(Math.floor((a % 3600) / 60), 2) : '');
  return (offsetSec < 0 ? '-' : '+') + hm;
}

/** One keyword's output; `fm` suppresses padding. Numbers also return their digits for TH. */
function field(kw: string, pattern: string, v: DateTimeFields, fm: boolean): string {
  const num = (n: number, width: number) => (fm ? String(n) : zeroPad(n, width));
  const pad = (s: string, width: number) => (fm ? s : s.padEnd(width));
  // Postgres shows BC years as positive with a BC marker; an interval's year is as is.
  const year = v.interval || v.year > 0 ? v.year : 1 - v.year;
  const epochDay = v.epochDay ?? 0;
  const dow = (((epochDay + 4) % 7) + 7) % 7; // 0 = Sunday
  const doy = epochDay - daysFromCivil(v.year, 1, 1) + 1;
  const hour12 = v.hour % 12 === 0 ? 12 : v.hour % 12;
  const upper = pattern[0] === pattern[0].toUpperCase();
  const isPm = v.hour >= 12;
  const bc = !v.interval && v.year <= 0;
  const tm = (n: number) => num(n, v.interval && n < 0 ? 3 : 2);
  switch (kw) {
    case 'HH24': return tm(v.hour);
    case 'HH': case 'HH12': return tm(v.interval ? v.hour % 12 === 0 ? 12 : v.hour % 12 : hour12);
    case 'MI': return tm(v.minute);
    case 'SS': return tm(v.second);
    case 'MS': return num(Math.floor(v.micros / 1000), 3);
    case 'US': return num(v.micros, 6);
    case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': {
      const digits = Number(kw[2]);
      return num(Math.floor(v.micros / 10 ** (6 - digits)), digits);
    }
    case 'SSSS': case 'SSSSS': return String(v.hour * 3600 + v.minute * 60 + v.second);
    case 'AM': case 'PM': return cased(isPm ? 'PM' : 'AM', pattern);
    case 'A.M.': case 'P.M.': return upper ? (isPm ? 'P.M.' : 'A.M.') : isPm ? 'p.m.' : 'a.m.';
    case 'AD': case 'BC': return cased(bc ? 'BC' : 'AD', pattern);
    case 'A.D.': case 'B.C.': return upper ? (bc ? 'B.C.' : 'A.D.') : bc ? 'b.c.' : 'a.d.';
    case 'Y,YYY': return `${Math.floor(year / 1000)},${zeroPad(year % 1000, 3)}`;
    case 'YYYY': return num(year, 4);
    case 'YYY': return num(year % 1000, 3);
    case 'YY': return num(year % 100, 2);
    case 'Y': return String(year % 10);
    case 'IYYY': case 'IYY': case 'IY': case 'I': {
      const iy = isoWeek(epochDay).isoYear;
      const width = kw.length;
      return num(width === 4 ? iy : iy % 10 ** width, width);
    }
    case 'IW': return num(isoWeek(epochDay).week, 2);
    case 'IDDD': return num(isoWeek(epochDay).isoDoy, 3);
    case 'ID': return String(dow === 0 ? 7 : dow);
    case 'MONTH': return v.month ? pad(cased(MONTHS[v.month - 1], pattern), 9) : '';
    case 'MON': return v.month ? cased(MONTHS[v.month - 1].slice(0, 3), pattern) : '';
    case 'MM': return num(v.month, 2);
    case 'DAY': return pad(cased(DAYS[dow], pattern), 9);
    case 'DY': return cased(DAYS[dow].slice(0, 3), pattern);
    case 'DDD': return num(v.interval ? v.day : doy, 3);
    case 'DD': return num(v.day, 2);
    case 'D': return String(dow + 1);
    case 'WW': return num(Math.floor((doy - 1) / 7) + 1, 2);
    case 'W': return String(Math.floor((v.day - 1) / 7) + 1);
    case 'CC': return num(v.year > 0 ? Math.floor((v.year + 99) / 100) : -Math.floor((99 - (v.year - 1)) / 100), 2);
    case 'J': return String(epochDay + 2440588);
    case 'Q': return String(Math.floor((v.month - 1) / 3) + 1);
    case 'RM': return v.month ? pad(cased(ROMAN[v.month - 1], pattern), 4) : '';
    case 'TZ': return v.zoneAbbrev === undefined ? '' : cased(v.zoneAbbrev, pattern);
    case 'OF': return v.offsetSec === undefined ? '' : offsetText(v.offsetSec);
    case 'TZH': return v.offsetSec === undefined ? '' : (v.offsetSec < 0 ? '-' : '+') + zeroPad(Math.floor(Math.abs(v.offsetSec) / 3600), 2);
    case 'TZM': return v.offsetSec === undefined ? '' : zeroPad(Math.floor((Math.abs(v.offsetSec) % 3600) / 60), 2);
    default: return '';
  }
}

const NUMERIC_KEYWORDS = new Set(['HH24', 'HH', 'HH12', 'MI', 'SS', 'MS', 'US', 'SSSS', 'SSSSS', 'Y,YYY', 'YYYY', 'YYY', 'YY', 'Y', 'IYYY', 'IYY', 'IY', 'I', 'IW', 'IDDD', 'ID', 'MM', 'DDD', 'DD', 'D', 'WW', 'W', 'CC', 'J', 'Q']);

/** Format broken-down date/time fields with a Postgres to_char template. */
export function formatDateTime(template: string, v: DateTimeFields): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    let fm = false;
    // Prefix modifiers: FM (fill mode), TM (translation: a no-op in the C locale), FX.
    for (;;) {
      const two = template.slice(i, i + 2).toUpperCase();
      if (two !== 'FM' && two !== 'TM' && two !== 'FX') break;
      if (two === 'FM') fm = true;
      i += 2;
    }
    const c = template[i];
    if (c === undefined) break;
    if (c === '"') {
      const end = template.indexOf('"', i + 1);
      out += template.slice(i + 1, end < 0 ? undefined : end).replace(/\\"/g, '"');
      i = end < 0 ? template.length : end + 1;
      continue;
    }
    if (c === '\\' && template[i + 1] === '"') {
      out += '"';
      i += 2;
      continue;
    }
    const rest = template.slice(i).toUpperCase();
    const kw = KEYWORDS.find((k) => rest.startsWith(k));
    if (!kw) {
      out += c;
      i += 1;
      continue;
    }
    const pattern = template.slice(i, i + kw.length);
    const text = field(kw, pattern, v, fm);
    out += text;
    i += kw.length;
    const suffix = template.slice(i, i + 2);
    if ((suffix === 'TH' || suffix === 'th') && NUMERIC_KEYWORDS.has(kw)) {
      out += ordinal(text, suffix === 'TH');
      i += 2;
    }
  }
  return out;
}

/** Broken-down fields of a timestamp given as local microseconds since the epoch. */
export function timestampFields(localMicros: bigint): DateTimeFields {
  const MICROS_PER_DAY = 86400000000n;
  let days = localMicros / MICROS_PER_DAY;
  let tod = localMicros % MICROS_PER_DAY;
  if (tod < 0n) {
    tod += MICROS_PER_DAY;
    days -= 1n;
  }
  const epochDay = Number(days);
  const [year, month, day] = civilFromDays(epochDay);
  const t = Number(tod);
  return {
    year,
    month,
    day,
    hour: Math.floor(t / 3600e6),
    minute: Math.floor(t / 60e6) % 60,
    second: Math.floor(t / 1e6) % 60,
    micros: t % 1e6,
    epochDay,
  };
}

/** Broken-down fields of an interval, as Postgres's interval2tm (hours are not folded into days). */
export function intervalFields(months: number, days: number, micros: bigint): DateTimeFields {
  const hour = Number(micros / 3600000000n);
  const rest = Number(micros % 3600000000n);
  return {
    year: Math.trunc(months / 12),
    month: months % 12,
    day: days,
    hour,
    minute: Math.trunc(rest / 60e6),
    second: Math.trunc(rest / 1e6) % 60,
    micros: rest % 1e6,
    interval: true,
  };
}
