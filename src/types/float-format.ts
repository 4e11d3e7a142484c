/**
 * Postgres float output. With extra_float_digits > 0 (the default, 1) Postgres prints the
 * shortest text that reads back to the same value, in fixed notation when the decimal
 * exponent is in [-4, 15) for float8 ([-4, 6) for float4) and scientific otherwise.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/float.c (float8out_internal)
 */
export function formatFloat8(v: number, extraFloatDigits = 1): string {
  if (extraFloatDigits > 0) return shortest(v, false);
  return withPrecision(v, 15 + extraFloatDigits);
}

/** float4 output: shortest digits that read back to the same 32-bit value. */
export function formatFloat4(v: number, extraFloatDigits = 1): string {
  if (extraFloatDigits > 0) return shortest(v, true);
  return withPrecision(v, 6 + extraFloatDigits);
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return null;
}

function shortest(v: number, single: boolean): string {
  // JS prints the same shortest digits, in fixed notation from 1e-7 up to 1e21: where
  // Postgres prints fixed notation too, its text is Postgres's (a result or COPY of millions
  // of floats spends most of its time here otherwise).
  if (!single) {
    const a = v < 0 ? -v : v;
    if (a >= 1e-4 && a < 1e15) return String(v);
  }
  const s = special(v);
  if (s !== null) return s;
  let exp: string;
  if (single) {
    exp = v.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const cand = v.toExponential(p);
      if (Math.fround(Number(cand)) === v) {
        exp = cand;
        break;
      }
    }
  } else {
    exp = v.toExponential();
  }
  return layout(exp, single ? 6 : 15);
}

/** %.{p}g as C prints it, which is what Postgres uses when extra_float_digits <= 0. */
function withPrecision(v: number, precision: number): string {
  const s = special(v);
  if (s !== null) return s;
  const p = Math.max(1, precision);
  const exp = v.toExponential(p - 1);
  const [mant, e] = exp.split('e');
  const e10 = Number(e);
  const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return layout(`${trimmed}e${e10 >= 0 ? '+' : ''}${e10}`, p);
}

/** Place the digits of a JS exponential string in fixed or scientific form, C-style. */
function layout(expForm: string, fixedLimit: number): string {
  const [mant, eStr] = expForm.split('e');
  const e10 = Number(eStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (e10 < -4 || e10 >= fixedLimit) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(e10);
    return `${sign}${m}e${e10 < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (e10 < 0) return `${sign}0.${'0'.repeat(-e10 - 1)}${digits}`;
  if (digits.length <= e10 + 1) return `${sign}${digits}${'0'.repeat(e10 + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, e10 + 1)}.${digits.slice(e10 + 1)}`;
}
