/**
 * Postgres's numeric division, exactly: the quotient of two decimal texts rounded (half away
 * from zero) to the scale Postgres's select_div_scale picks, printed as numeric_out does.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/numeric.c (select_div_scale, div_var)
 */

/** A decimal as an unscaled integer and a display scale: 1.50 is { unscaled: 150n, scale: 2 }. */
export interface Decimal {
  unscaled: bigint;
  scale: number;
}

/** NUMERIC_MIN_SIG_DIGITS: a quotient carries at least this many significant digits. */
const MIN_SIG_DIGITS = 16;
/** DEC_DIGITS: Postgres stores numerics in base-10000 digits of 4 decimal digits. */
const DEC_DIGITS = 4;
const MAX_DISPLAY_SCALE = 1000;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Parse decimal text as DuckDB prints integers and decimals (`-12.50`, `7`), or null when it is not one. */
export function parseDecimal(text: string): Decimal | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && !m[3])) return null;
  const frac = m[3] ?? '';
  const unscaled = BigInt((m[2] || '0') + frac);
  return { unscaled: m[1] === '-' ? -unscaled : unscaled, scale: frac.length };
}

/** numeric_out: the digits with exactly `scale` decimals, no minus sign on zero. */
export function formatDecimal(d: Decimal): string {
  const digits = abs(d.unscaled).toString().padStart(d.scale + 1, '0');
  const sign = d.unscaled < 0n ? '-' : '';
  if (d.scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
}

/** The base-10000 weight and value of a decimal's first non-zero base-10000 digit (0 and 0 for zero). */
function leadingDigit(d: Decimal): { weight: number; digit: number } {
  const mag = abs(d.unscaled);
  if (mag === 0n) return { weight: 0, digit: 0 };
  // Decimal exponent of the most significant digit, then the base-10000 group holding it.
  const exp10 = mag.toString().length - 1 - d.scale;
  const weight = Math.floor(exp10 / DEC_DIGITS);
  const shift = d.scale + weight * DEC_DIGITS;
  const digit = shift >= 0 ? mag / pow10(shift) : mag * pow10(-shift);
  return { weight, digit: Number(digit % 10000n) };
}

/** select_div_scale: the display scale of a numeric quotient. */
export function divScale(a: Decimal, b: Decimal): number {
  const la = leadingDigit(a);
  const lb = leadingDigit(b);
  let qweight = la.weight - lb.weight;
  if (la.digit <= lb.digit) qweight--;
  const rscale = Math.max(MIN_SIG_DIGITS - qweight * DEC_DIGITS, a.scale, b.scale, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}

/** `a / b` rounded half away from zero to `scale` decimals. Throws on division by zero. */
export function divideDecimal(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.unscaled === 0n) throw new Error('division by zero');
  // a/b * 10^scale = (ua * 10^(scale - sa + sb)) / ub
  const k = scale - a.scale + b.scale;
  const num = k >= 0 ? a.unscaled * pow10(k) : a.unscaled;
  const den = k >= 0 ? b.unscaled : b.unscaled * pow10(-k);
  const q = (2n * abs(num) + abs(den)) / (2n * abs(den));
  return { unscaled: num < 0n !== den < 0n ? -q : q, scale };
}

/** Postgres's `numeric / numeric`: the quotient's text at select_div_scale's scale. Throws on division by zero. */
export function numericQuotientText(x: Decimal, y: Decimal): string {
  return formatDecimal(divideDecimal(x, y, divScale(x, y)));
}

/** Postgres's `div(numeric, numeric)`: the quotient truncated toward zero, scale 0. */
export function numericDivTruncText(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new Error(`invalid input syntax for type numeric: "${x ? b : a}"`);
  if (y.unscaled === 0n) throw new Error('division by zero');
  const k = y.scale - x.scale;
  const num = k >= 0 ? x.unscaled * pow10(k) : x.unscaled;
  const den = k >= 0 ? y.unscaled : y.unscaled * pow10(-k);
  return formatDecimal({ unscaled: num / den, scale: 0 });
}
