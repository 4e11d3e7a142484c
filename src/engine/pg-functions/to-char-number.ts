/**
 * Postgres's `to_char` for numbers: digit positions `9` and `0`, `.`/`D`, `,`/`G`, signs
 * (implicit, `S`, `MI`, `PL`, `SG`, `PR`), `FM`, `TH`, `L` and `EEEE`, in the C locale.
 * @see https://www.postgresql.org/docs/15/functions-formatting.html#FUNCTIONS-FORMATTING-NUMERIC-TABLE
 */

type Token =
  | { kind: 'digit'; zero: boolean }
  | { kind: 'point' }
  | { kind: 'group' }
  | { kind: 'sign'; style: 'S' | 'MI' | 'PL' | 'SG' | 'PR' }
  | { kind: 'th'; upper: boolean }
  | { kind: 'eeee' }
  | { kind: 'text'; text: string };

function tokenize(fmt: string): { tokens: Token[]; fm: boolean } {
  const tokens: Token[] = [];
  let fm = false;
  for (let i = 0; i < fmt.length; ) {
    const two = fmt.slice(i, i + 2).toUpperCase();
    const c = fmt[i];
    let width = 1;
    if (two === 'FM') {
      fm = true;
      width = 2;
    } else if (two === 'MI' || two === 'PL' || two === 'SG' || two === 'PR') {
      tokens.push({ kind: 'sign', style: two });
      width = 2;
    } else if (two === 'TH') {
      tokens.push({ kind: 'th', upper: fmt[i] === 'T' });
      width = 2;
    } else if (fmt.slice(i, i + 4).toUpperCase() === 'EEEE') {
      tokens.push({ kind: 'eeee' });
      width = 4;
    } else if (c === '9' || c === '0') tokens.push({ kind: 'digit', zero: c === '0' });
    else if (c === '.' || c === 'D' || c === 'd') tokens.push({ kind: 'point' });
    else if (c === ',' || c === 'G' || c === 'g') tokens.push({ kind: 'group' });
    else if (c === 'S' || c === 's') tokens.push({ kind: 'sign', style: 'S' });
    else if (c === 'L' || c === 'l') tokens.push({ kind: 'text', text: ' ' });
    else if (c === '"') {
      const end = fmt.indexOf('"', i + 1);
      tokens.push({ kind: 'text', text: fmt.slice(i + 1, end < 0 ? undefined : end) });
      width = (end < 0 ? fmt.length : end + 1) - i;
    } else tokens.push({ kind: 'text', text: c });
    i += width;
  }
  return { tokens, fm };
}

/** A decimal number's exact digits: value = (negative ? -1 : 1) * digits * 10^-scale. */
interface Decimal {
  negative: boolean;
  digits: bigint;
  scale: number;
}

/** Parse DuckDB's text of a number (`-12.50`, `1e+20`, `1.5e-07`). */
function parseDecimal(text: string): Decimal | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let digits = BigInt((m[2] || '0') + frac);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { negative: m[1] === '-', digits, scale };
}

/** Round to `post` decimals, half away from zero as numeric does; returns the scaled digits. */
function roundTo(d: Decimal, post: number): bigint {
  if (d.scale <= post) return d.digits * 10n ** BigInt(post - d.scale);
  const div = 10n ** BigInt(d.scale - post);
  const q = d.digits / div;
  return (d.digits % div) * 2n >= div ? q + 1n : q;
}

function scientific(d: Decimal, post: number, fm: boolean): string {
  const value = Number(d.digits) / 10 ** d.scale;
  const [mant, exp] = value.toExponential(post).split('e');
  const e = Number(exp);
  const body = `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return (d.negative ? '-' : fm ? '' : ' ') + body;
}

/** Format a number (given as its exact decimal text) with a Postgres to_char numeric template. */
export function formatNumber(valueText: string, fmt: string): string {
  const { tokens, fm } = tokenize(fmt);
  const parsed = parseDecimal(valueText);
  if (!parsed) return valueText;
  const pointAt = tokens.findIndex((t) => t.kind === 'point');
  const digitTokens = tokens.filter((t) => t.kind === 'digit');
  const pre = tokens.filter((t, i) => t.kind === 'digit' && (pointAt < 0 || i < pointAt)).length;
  const post = digitTokens.length - pre;
  if (tokens.some((t) => t.kind === 'eeee')) return scientific(parsed, post, fm);

  const scaled = roundTo(parsed, post);
  const negative = parsed.negative && scaled !== 0n;
  const all = scaled.toString().padStart(post + 1, '0');
  let intDigits = all.slice(0, all.length - post).replace(/^0+/, '');
  const fracDigits = all.slice(all.length - post);
  // A zero integer part prints as `0` only when there is no fraction (`0` → `0`, `0.5` → `.50`).
  if (intDigits === '' && post === 0) intDigits = '0';

  const signToken = tokens.find((t): t is Extract<Token, { kind: 'sign' }> => t.kind === 'sign' && t.style !== 'PL');
  const overflow = intDigits.length > pre;
  const firstZero = tokens.findIndex((t) => t.kind === 'digit' && t.zero);
  // Trailing fraction positions written `9` lose their zeros in fill mode.
  let keepFrac = post;
  if (fm) {
    const fracTokens = digitTokens.slice(pre);
    while (keepFrac > 0 && fracDigits[keepFrac - 1] === '0' && !(fracTokens[keepFrac - 1] as { zero: boolean }).zero) keepFrac--;
  }

  let out = '';
  let started = false;
  let intPos = 0;
  let fracPos = 0;
  // A sign written before the digits (S, or PR's `<`) floats to just before the first digit.
  const floats = signToken?.style === 'PR' || (signToken?.style === 'S' && tokens.indexOf(signToken) < tokens.findIndex((t) => t.kind === 'digit'));
  const floatingSign = (): string => {
    if (signToken?.style === 'PR') return negative ? '<' : fm ? '' : ' ';
    if (signToken?.style === 'S') return floats ? (negative ? '-' : '+') : '';
    if (signToken) return '';
    return negative ? '-' : fm ? '' : ' ';
  };
  const start = () => {
    if (!started) out += floatingSign();
    started = true;
  };
  tokens.forEach((t, idx) => {
    switch (t.kind) {
      case 'digit': {
        if (overflow) {
          if (!started && idx < (pointAt < 0 ? tokens.length : pointAt)) {
            start();
          }
          out += '#';
          return;
        }
        if (pointAt >= 0 && idx > pointAt) {
          if (fracPos < keepFrac) out += fracDigits[fracPos];
          fracPos++;
          return;
        }
        const leading = pre - intDigits.length;
        if (intPos < leading) {
          if (firstZero >= 0 && idx >= firstZero) {
            start();
            out += '0';
          } else if (!fm) out += ' ';
        } else {
          start();
          out += intDigits[intPos - leading];
        }
        intPos++;
        return;
      }
      case 'point':
        start();
        out += '.';
        return;
      case 'group':
        if (started) out += ',';
        else if (!fm) out += ' ';
        return;
      case 'sign': {
        if (t.style === 'PL') out += negative ? (fm ? '' : ' ') : '+';
        else if (t.style === 'SG') out += negative ? '-' : '+';
        else if (t.style === 'MI') out += negative ? '-' : fm ? '' : ' ';
        else if (t.style === 'PR') out += started ? (negative ? '>' : fm ? '' : ' ') : '';
        else if (!floats) out += negative ? '-' : '+';
        return;
      }
      case 'th':
        if (!overflow && post === 0) out += ordinalSuffix(intDigits, t.upper);
        return;
      case 'eeee':
        return;
      case 'text':
        out += t.text;
        return;
    }
  });
  if (!started) out += floatingSign();
  return out;
}

function ordinalSuffix(digits: string, upper: boolean): string {
  const n = Number(digits.slice(-2));
  const last = n % 10;
  const th = n >= 11 && n <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return upper ? th.toUpperCase() : th;
}
