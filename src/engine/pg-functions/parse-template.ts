/**
 * The reading side of Postgres's formatting templates, for `to_timestamp(text, fmt)` and
 * `to_date(text, fmt)`: numeric fields, month and day names, AM/PM, with separators in the
 * template matching any run of non-alphanumeric input characters (Postgres's non-FX mode).
 * @see https://www.postgresql.org/docs/15/functions-formatting.html
 */
import type { DateTimeFields } from './to-char-datetime.js';

/** The broken-down local date/time read from the input; unspecified fields default as in Postgres. */
export type ParsedDateTime = Pick<DateTimeFields, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'micros'>;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Numeric keywords with the most digits each reads; longest first where one prefixes another. */
const NUMERIC: [string, number][] = [
  ['HH24', 2], ['HH12', 2], ['HH', 2], ['MI', 2], ['MS', 3], ['US', 6], ['SSSSS', 5], ['SSSS', 5], ['SS', 2],
  ['FF1', 1], ['FF2', 2], ['FF3', 3], ['FF4', 4], ['FF5', 5], ['FF6', 6],
  ['YYYY', 4], ['YYY', 3], ['YY', 2], ['Y', 1], ['MM', 2], ['DDD', 3], ['DD', 2],
];
const WORDS = ['MONTH', 'MON', 'DAY', 'DY', 'AM', 'PM', 'A.M.', 'P.M.'];

/** A Postgres-style "invalid value" failure, raised as SQLSTATE 22007 by the caller. */
export class TemplateError extends Error {}

/** Read `text` with a to_timestamp/to_date template. */
export function parseWithTemplate(text: string, template: string): ParsedDateTime {
  const v: ParsedDateTime = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
  let pm: boolean | null = null;
  let hour12 = false;
  let i = 0;
  let t = 0;
  const skipSeparators = () => {
    while (i < text.length && !/[A-Za-z0-9]/.test(text[i])) i++;
  };
  while (t < template.length) {
    const rest = template.slice(t).toUpperCase();
    if (rest.startsWith('FM') || rest.startsWith('FX') || rest.startsWith('TM')) {
      t += 2;
      continue;
    }
    const numeric = NUMERIC.find(([k]) => rest.startsWith(k));
    if (numeric) {
      const [kw, width] = numeric;
      t += kw.length;
      skipSeparators();
      const nextIsSeparator = t >= template.length || !/[A-Za-z0-9]/.test(template[t]);
      const m = (nextIsSeparator ? /^[+-]?\d+/ : new RegExp(`^[+-]?\\d{1,${width}}`)).exec(text.slice(i));
      if (!m) throw new TemplateError(`invalid value "${text.slice(i, i + width)}" for "${kw}"`);
      i += m[0].length;
      const n = Number(m[0]);
      if (kw === 'YYYY' || kw === 'YYY' || kw === 'Y') v.year = kw === 'YYY' && m[0].length === 3 ? 2000 + n : n;
      else if (kw === 'YY') v.year = n < 70 ? 2000 + n : 1900 + n;
      else if (kw === 'MM') v.month = n;
      else if (kw === 'DD') v.day = n;
      else if (kw === 'HH24') v.hour = n;
      else if (kw === 'HH' || kw === 'HH12') {
        v.hour = n;
        hour12 = true;
      } else if (kw === 'MI') v.minute = n;
      else if (kw === 'SS') v.second = n;
      else if (kw === 'MS') v.micros = n * 10 ** (6 - m[0].length) - (n * 10 ** (6 - m[0].length) % 1000);
      else if (kw === 'US' || kw.startsWith('FF')) v.micros = n * 10 ** (6 - m[0].length);
      else if (kw === 'SSSS' || kw === 'SSSSS') {
        v.hour = Math.floor(n / 3600);
        v.minute = Math.floor(n / 60) % 60;
        v.second = n % 60;
      }
      continue;
    }
    const word = WORDS.find((k) => rest.startsWith(k));
    if (word) {
      t += word.length;
      skipSeparators();
      const input = text.slice(i).toLowerCase();
      if (word === 'AM' || word === 'PM' || word === 'A.M.' || word === 'P.M.') {
        const m = /^([ap])\.?m\.?/.exec(input);
        if (!m) throw new TemplateError(`invalid value "${text.slice(i, i + 2)}" for "${word}"`);
        pm = m[1] === 'p';
        i += m[0].length;
        continue;
      }
      const names = word === 'MONTH' || word === 'MON' ? MONTHS : DAYS;
      const idx = names.findIndex((n) => (word === 'MONTH' || word === 'DAY' ? input.startsWith(n) : input.startsWith(n.slice(0, 3))));
      if (idx < 0) throw new TemplateError(`invalid value "${text.slice(i, i + 3)}" for "${word}"`);
      i += word === 'MONTH' || word === 'DAY' ? names[idx].length : 3;
      if (names === MONTHS) v.month = idx + 1;
      continue;
    }
    if (template[t] === '"') {
      const end = template.indexOf('"', t + 1);
      const lit = template.slice(t + 1, end < 0 ? undefined : end);
      t = end < 0 ? template.length : end + 1;
      i += lit.length;
      continue;
    }
    // Any other template character stands for one input character; a separator matches
    // a separator (runs of them were skipped before the next field).
    const isSeparator = !/[A-Za-z0-9]/.test(template[t]);
    t++;
    if (!isSeparator || (i < text.length && !/[A-Za-z0-9]/.test(text[i]))) i++;
  }
  if (hour12) {
    if (v.hour < 1 || v.hour > 12) throw new TemplateError(`hour "${v.hour}" is invalid for the 12-hour clock`);
    if (pm !== null) v.hour = (v.hour % 12) + (pm ? 12 : 0);
  } else if (pm !== null && v.hour < 12 && pm) v.hour += 12;
  return v;
}
