import { QuoteUtils } from 'pgsql-deparser';

/** An error Postgres raises from format() and friends, with its SQLSTATE's message wording. */
export class TextFunctionError extends Error {}

/** Postgres's quote_ident: quoted unless a plain lower-case, non-keyword identifier. */
export function quoteIdentPg(s: string): string {
  return s === '' ? '""' : QuoteUtils.quoteIdentifier(s);
}

/** Postgres's quote_literal: quotes doubled; with a backslash, an E'' literal with backslashes doubled. */
export function quoteLiteralPg(s: string): string {
  const body = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** Postgres's initcap: each letter after a non-alphanumeric upper case, every other lower case. */
export function initcap(s: string): string {
  let out = '';
  let prevAlnum = false;
  for (const ch of s) {
    const mapped = prevAlnum ? ch.toLowerCase() : ch.toUpperCase();
    out += mapped.length === ch.length ? mapped : ch;
    prevAlnum = /[\p{L}\p{N}]/u.test(ch);
  }
  return out;
}

/**
 * Postgres's format(): `%[n$][-][width]{s|I|L}` and `%%`, width also `*` or `*n$`; each
 * argument is already its Postgres text (null for NULL).
 * @see https://www.postgresql.org/docs/15/functions-string.html#FUNCTIONS-STRING-FORMAT
 */
export function formatPg(fmt: string, args: readonly (string | null)[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  const digits = (): number | null => {
    const m = /^\d+/.exec(fmt.slice(i));
    if (!m) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  const argAt = (n: number): string | null => {
    if (n >= args.length) throw new TextFunctionError('too few arguments for format()');
    return args[n];
  };
  const position = (n: number): number => {
    if (n === 0) throw new TextFunctionError('format specifies argument 0, but arguments are numbered from 1');
    return n - 1;
  };
  while (i < fmt.length) {
    const ch = fmt[i++];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    if (i >= fmt.length) throw new TextFunctionError('unterminated format() type specifier');
    if (fmt[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    // An argument position: digits followed by '$' (otherwise the digits were a width).
    let argPos: number | null = null;
    const start = i;
    const n = digits();
    if (n !== null && fmt[i] === '$') {
      argPos = position(n);
      i++;
    } else i = start;
    let leftAlign = false;
    while (fmt[i] === '-') {
      leftAlign = true;
      i++;
    }
    let width = 0;
    if (fmt[i] === '*') {
      i++;
      const wn = digits();
      let widthArg: number;
      if (wn !== null) {
        if (fmt[i] !== '$') throw new TextFunctionError('unterminated format() type specifier');
        i++;
        widthArg = position(wn);
      } else widthArg = next;
      next = widthArg + 1;
      const w = argAt(widthArg);
      const wv = w === null ? 0 : Number(w);
      if (wv < 0) leftAlign = true;
      width = Math.abs(wv);
    } else width = digits() ?? 0;
    if (i >= fmt.length) throw new TextFunctionError('unterminated format() type specifier');
    const type = fmt[i++];
    if (type !== 's' && type !== 'I' && type !== 'L') throw new TextFunctionError(`unrecognized format() type specifier "${type}"`);
    const index = argPos ?? next;
    next = index + 1;
    const v = argAt(index);
    let text: string;
    if (type === 's') text = v ?? '';
    else if (type === 'I') {
      if (v === null) throw new TextFunctionError('null values cannot be formatted as an SQL identifier');
      text = quoteIdentPg(v);
    } else text = v === null ? 'NULL' : quoteLiteralPg(v);
    const pad = Math.max(0, width - [...text].length);
    out += leftAlign ? text + ' '.repeat(pad) : ' '.repeat(pad) + text;
  }
  return out;
}
