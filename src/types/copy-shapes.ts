import type { EncoderKind } from './pg-type-map.js';

const LF = 0x0a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const COLON = 0x3a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/*
 * The shapes of text for which DuckDB's own cast reads the value Postgres's input function
 * reads (the load then skips the Postgres input macros for the column; a value DuckDB refuses
 * fails the batch, and the probe that finds the row uses the macros). datetime-input.test.ts
 * checks the date/time shapes against the Postgres reader. Each check is one loop over a
 * whole column buffer (values separated by LF): it runs for every batch of a COPY.
 */

/** Whether the value at `i` is the NULL text (followed by LF or the end). */
function isNull(b: Uint8Array, i: number, nul: Uint8Array): boolean {
  const e = i + nul.length;
  if (e > b.length || (e < b.length && b[e] !== LF)) return false;
  for (let k = 0; k < nul.length; k++) if (b[i + k] !== nul[k]) return false;
  return true;
}

/** `-?d{1,max}`: at most `max` digits, so any value fits the integer type. */
function integers(b: Uint8Array, nul: Uint8Array, max: number): boolean {
  const n = b.length;
  for (let i = 0; i <= n; i++) {
    if (isNull(b, i, nul)) {
      i += nul.length;
      continue;
    }
    if (b[i] === MINUS) i++;
    const d0 = i;
    while (i < n && b[i] !== LF) {
      if (!isDigit(b[i])) return false;
      i++;
    }
    if (i === d0 || i - d0 > max) return false;
  }
  return true;
}

/** `-?d+(.d+)?(e[+-]?d{1,2})?`: a plain decimal whose exponent cannot leave float8's range. */
function decimals(b: Uint8Array, nul: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i <= n; i++) {
    if (isNull(b, i, nul)) {
      i += nul.length;
      continue;
    }
    if (b[i] === MINUS) i++;
    const d0 = i;
    while (i < n && isDigit(b[i])) i++;
    if (i === d0) return false;
    if (b[i] === DOT) {
      const f0 = ++i;
      while (i < n && isDigit(b[i])) i++;
      if (i === f0) return false;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === PLUS || b[i] === MINUS) i++;
      const x0 = i;
      while (i < n && isDigit(b[i])) i++;
      if (i === x0 || i - x0 > 2) return false;
    }
    if (i < n && b[i] !== LF) return false;
  }
  return true;
}

/** `yyyy-mm-dd` at `i`. */
const dateAt = (b: Uint8Array, i: number) =>
  isDigit(b[i]) && isDigit(b[i + 1]) && isDigit(b[i + 2]) && isDigit(b[i + 3]) && b[i + 4] === MINUS && isDigit(b[i + 5]) && isDigit(b[i + 6]) && b[i + 7] === MINUS && isDigit(b[i + 8]) && isDigit(b[i + 9]);

/** `hh:mm:ss` at `i`. */
const timeAt = (b: Uint8Array, i: number) => isDigit(b[i]) && isDigit(b[i + 1]) && b[i + 2] === COLON && isDigit(b[i + 3]) && isDigit(b[i + 4]) && b[i + 5] === COLON && isDigit(b[i + 6]) && isDigit(b[i + 7]);

function dates(b: Uint8Array, nul: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i <= n; i++) {
    if (isNull(b, i, nul)) {
      i += nul.length;
      continue;
    }
    if (!dateAt(b, i) || (i + 10 < n && b[i + 10] !== LF)) return false;
    i += 10;
  }
  return true;
}

/** `yyyy-mm-dd hh:mm:ss`, then `.f{1,6}`, then (with `zone`) `±hh` or `±hh:mm`. */
function timestamps(b: Uint8Array, nul: Uint8Array, zone: boolean): boolean {
  const n = b.length;
  for (let i = 0; i <= n; i++) {
    if (isNull(b, i, nul)) {
      i += nul.length;
      continue;
    }
    if (!dateAt(b, i) || b[i + 10] !== 0x20 || !timeAt(b, i + 11)) return false;
    i += 19;
    if (b[i] === DOT) {
      const f0 = ++i;
      while (i < n && isDigit(b[i])) i++;
      if (i === f0 || i - f0 > 6) return false;
    }
    if (zone && (b[i] === PLUS || b[i] === MINUS)) {
      if (!isDigit(b[i + 1]) || !isDigit(b[i + 2])) return false;
      i += 3;
      if (b[i] === COLON) {
        if (!isDigit(b[i + 1]) || !isDigit(b[i + 2])) return false;
        i += 3;
      }
    }
    if (i < n && b[i] !== LF) return false;
  }
  return true;
}

const checks: Partial<Record<EncoderKind, (b: Uint8Array, nul: Uint8Array) => boolean>> = {
  int2: (b, nul) => integers(b, nul, 4),
  int4: (b, nul) => integers(b, nul, 9),
  int8: (b, nul) => integers(b, nul, 18),
  float8: decimals,
  date: dates,
  timestamp: (b, nul) => timestamps(b, nul, false),
  timestamptz: (b, nul) => timestamps(b, nul, true),
};

/** Column kinds plainShape() can check. */
export const checkableKinds: ReadonlySet<EncoderKind> = new Set(Object.keys(checks) as EncoderKind[]);

/**
 * Whether every value of an LF-separated column buffer (as the fast path writes it) is the
 * NULL text or has the plain shape of its type. Escaped values never match.
 */
export function plainShape(kind: EncoderKind, column: Uint8Array, nullText: Uint8Array): boolean {
  const check = checks[kind];
  return check ? check(column, nullText) : false;
}
