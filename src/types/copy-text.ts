import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';

/**
 * COPY's text format, value by value: backslash escapes out (CopyAttributeOutText) and in
 * (CopyReadAttributesText).
 * @see https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2
 */

/** Control characters COPY writes as a backslash and a letter. */
const controlLetters: Record<string, string> = { '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };

/**
 * The escaper for one delimiter: `\\` for a backslash, `\n` `\r` `\t` `\b` `\f` `\v` for those
 * controls, a backslash before the delimiter; everything else as is.
 */
export function copyTextEscaper(delimiter: string): (s: string) => string {
  const special = new RegExp(`[\\\\\\b\\f\\n\\r\\t\\v${delimiter.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
  const test = new RegExp(special.source);
  return (s) => {
    if (!test.test(s)) return s;
    return s.replace(special, (c) => '\\' + (controlLetters[c] ?? c));
  };
}

const BACKSLASH = 0x5c;
const isOctal = (b: number) => b >= 0x30 && b <= 0x37;
const hexValue = (b: number) => (b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1);
const letterBytes: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

/**
 * Decode the escapes of one field's bytes [start, end) into `out` at `at`; returns the new end.
 * `\digits` (up to three octal) and `\xh[h]` give a byte, `\b \f \n \r \t \v` their control,
 * any other escaped byte itself; a backslash ending the field is dropped, as Postgres does.
 */
export function unescapeCopyBytes(src: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let i = start;
  while (i < end) {
    let c = src[i++];
    if (c === BACKSLASH) {
      if (i >= end) break;
      c = src[i++];
      if (isOctal(c)) {
        let v = c - 0x30;
        if (i < end && isOctal(src[i])) {
          v = (v << 3) + src[i++] - 0x30;
          if (i < end && isOctal(src[i])) v = (v << 3) + src[i++] - 0x30;
        }
        c = v & 0xff;
      } else if (c === 0x78 && i < end && hexValue(src[i]) >= 0) {
        let v = hexValue(src[i++]);
        if (i < end && hexValue(src[i]) >= 0) v = (v << 4) + hexValue(src[i++]);
        c = v;
      } else {
        c = letterBytes[c] ?? c;
      }
    }
    out[at++] = c;
  }
  return at;
}

/** A text field's value from its escaped form (the native the load SQL calls for fields with a backslash). */
export function unescapeCopyText(s: string): string {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  const n = unescapeCopyBytes(src, 0, src.length, out, 0);
  // Octal and hex escapes can spell any byte: the value must still be valid UTF-8 without NUL.
  const bad = invalidUtf8At(out, 0, n);
  if (bad >= 0) throw invalidByteSequence(out, bad, n);
  return out.toString('utf8', 0, n);
}

/** The length of the UTF-8 sequence starting at `i` if it is valid and not NUL, else 0. */
function utf8SequenceAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === 0) return 0;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > end) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1];
  // Overlong forms, surrogates and code points past U+10FFFF.
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
  return n;
}

/** The offset of the first byte in [start, end) that does not begin a valid UTF-8 character (or is NUL), or -1. */
export function invalidUtf8At(b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; ) {
    if (b[i] > 0 && b[i] < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceAt(b, i, end);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/** Postgres's error for bytes that are not UTF-8: `invalid byte sequence for encoding "UTF8": 0xc3 0x28`. */
export function invalidByteSequence(b: Uint8Array, at: number, end: number): PgError {
  const c = b[at];
  const want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  const shown = Array.from(b.subarray(at, Math.min(end, at + want)), (x) => '0x' + x.toString(16).padStart(2, '0'));
  return new PgError(SqlStates.character_not_in_repertoire, `invalid byte sequence for encoding "UTF8": ${shown.join(' ')}`);
}
