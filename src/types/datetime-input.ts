import { PgError, SqlStates } from '../errors/index.js';

/**
 * Postgres's date/time text input with DateStyle ISO, MDY (`03/15/2024`, `March 15, 2024`,
 * `15-Mar-2024`, `20240315`, a `T` separator, AM/PM, zones), re-spelled in the ISO form
 * DuckDB reads. Used for literals at rewrite time and for text cast at run time.
 * @see https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-DATETIME-INPUT
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Month number of an English month name or its abbreviation (`Mar`, `March`, `Sept`). */
function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  const i = w.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(w)) : -1;
  return i >= 0 ? i + 1 : null;
}

/** A two-digit year as Postgres reads it: 70..99 are 19xx, 00..69 are 20xx. */
const fullYear = (y: string) => (y.length <= 2 ? (Number(y) < 70 ? 2000 : 1900) + Number(y) : Number(y));

/** The date at the start of a date/time literal, in the forms Postgres accepts with DateStyle ISO, MDY. */
function readDate(s: string): { y: number; m: number; d: number; rest: string } | null {
  const forms: [RegExp, (g: string[]) => [number, number | null, number]][] = [
    [/^(\d{4})-(\d{1,2})-(\d{1,2})/, (g) => [Number(g[1]), Number(g[2]), Number(g[3])]],
    [/^(\d{4})\/(\d{1,2})\/(\d{1,2})/, (g) => [Number(g[1]), Number(g[2]), Number(g[3])]],
    [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)/, (g) => [fullYear(g[3]), Number(g[1]), Number(g[2])]],
    [/^(\d{4})(\d{2})(\d{2})(?=$|[\sT])/, (g) => [Number(g[1]), Number(g[2]), Number(g[3])]],
    [/^([A-Za-z]+)\.?[\s-]+(\d{1,2}),?[\s-]+(\d{4})/, (g) => [Number(g[3]), monthOf(g[1]), Number(g[2])]],
    [/^(\d{1,2})[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{2}|\d{4})(?!\d)/, (g) => [fullYear(g[3]), monthOf(g[2]), Number(g[1])]],
    [/^(\d{4})-([A-Za-z]+)-(\d{1,2})/, (g) => [Number(g[1]), monthOf(g[2]), Number(g[3])]],
  ];
  for (const [re, fields] of forms) {
    const g = re.exec(s);
    if (!g) continue;
    const [y, m, d] = fields(g);
    if (m === null) return null;
    return { y, m, d, rest: s.slice(g[0].length) };
  }
  return null;
}

/** `HH:MM[:SS[.frac]] [AM|PM]` at the start of `s`, normalised to `HH:MM:SS[.frac]`. */
function readTime(s: string): { text: string; rest: string } | null {
  const g = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?/.exec(s);
  if (!g) return null;
  let h = Number(g[1]);
  if (g[5]) h = (h % 12) + (g[5].toLowerCase() === 'p' ? 12 : 0);
  return { text: `${pad(h)}:${g[2]}:${g[3] ?? '00'}${g[4] ?? ''}`, rest: s.slice(g[0].length) };
}

/** A trailing zone: `Z`, `+HH`, `+HH:MM`, `+HHMM`, or a name DuckDB resolves (`UTC`, `Europe/Paris`). */
function readZone(s: string): string | null {
  const t = s.trim();
  if (t === '') return '';
  if (/^(z|zulu)$/i.test(t)) return '+00';
  const g = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (g) return `${g[1]}${pad(Number(g[2]))}${g[3] ? ':' + g[3] : ''}`;
  return /^[A-Za-z][A-Za-z0-9_/+-]*$/.test(t) ? ' ' + t : null;
}

function checkDate(original: string, y: number, m: number, d: number): void {
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) throw new PgError(SqlStates.datetime_field_overflow, `date/time field value out of range: "${original}"`);
}

/**
 * A date/time literal re-spelled in the ISO form DuckDB reads, or null to leave it to DuckDB
 * (special values such as `infinity` and `epoch`, and anything not recognised).
 */
export function normalizeDatetimeLiteral(type: string, value: string): string | null {
  const s = value.trim();
  if (type === 'time' || type === 'timetz') {
    const t = readTime(s);
    const zone = t && readZone(t.rest);
    if (!t || zone === null) return null;
    // A zone on a time without time zone is ignored by Postgres.
    return type === 'time' ? t.text : t.text + zone.trim();
  }
  const date = readDate(s);
  if (!date) return null;
  checkDate(value, date.y, date.m, date.d);
  const day = `${pad(date.y, 4)}-${pad(date.m)}-${pad(date.d)}`;
  let rest = date.rest.replace(/^(T|\s+)/, '');
  let bc = false;
  const era = /\s*\b(BC|AD)$/i.exec(rest);
  if (era) {
    bc = era[1].toUpperCase() === 'BC';
    rest = rest.slice(0, era.index);
  }
  const time = readTime(rest);
  const zone = readZone(time ? time.rest : rest);
  if (zone === null) return null;
  const suffix = bc ? ' BC' : '';
  if (type === 'date') return day + suffix;
  const clock = time ? time.text : '00:00:00';
  // A zone on a timestamp without time zone is ignored by Postgres.
  return type === 'timestamp' ? `${day} ${clock}${suffix}` : `${day} ${clock}${zone}${suffix}`;
}

/** A Postgres interval literal in a spelling DuckDB reads: no unary `+`, `Y-M`, ISO 8601 `P…`. */
export function normalizeIntervalLiteral(value: string): string | null {
  const s = value.trim();
  const ym = /^([+-]?)(\d+)-(\d+)$/.exec(s);
  if (ym) return `${ym[1]}${ym[2]} years ${ym[1]}${ym[3]} months`;
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1) {
    const units = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];
    return units.map((u, i) => (iso[i + 1] ? `${iso[i + 1]} ${u}` : '')).filter(Boolean).join(' ') || '0 seconds';
  }
  if (/(^|\s)\+(?=\d)/.test(s)) return s.replace(/(^|\s)\+(?=\d)/g, '$1');
  return null;
}
