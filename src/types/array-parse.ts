/** A parsed Postgres array literal: element texts (null for NULL), nested for more dimensions. */
export type ArrayTextItem = string | null | ArrayTextItem[];

/** Postgres's complaint about an array literal it cannot read (SQLSTATE 22P02). */
export class MalformedArrayLiteral extends Error {
  constructor(
    readonly input: string,
    readonly detail: string,
  ) {
    super(`malformed array literal: "${input}"`);
  }
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * Read Postgres's array input form (`{1,2}`, `{a,"b c",NULL,""}`, `{{1,2},{3,4}}`) into
 * element texts, by the rules of array_in: whitespace around elements is ignored, `"…"`
 * quotes and `\` escapes an element, an unquoted `NULL` (any case) is the null value, and
 * sub-arrays must all have the same length. Explicit bounds (`[0:1]={…}`) are not supported.
 * @see https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO
 */
export function parseArrayText(input: string): ArrayTextItem[] {
  let i = 0;
  const fail = (detail: string): never => {
    throw new MalformedArrayLiteral(input, detail);
  };
  const skipSpace = () => {
    while (isSpace(input[i])) i++;
  };

  /** One element's text, quoted or not; null for an unquoted NULL. */
  const element = (): string | null => {
    let out = '';
    let quotedAny = false;
    let escaped = false;
    let trailing = 0; // unquoted whitespace at the end, dropped unless more text follows
    while (i < input.length) {
      const c = input[i];
      if (c === '"') {
        quotedAny = true;
        i++;
        while (i < input.length && input[i] !== '"') {
          if (input[i] === '\\') i++;
          if (i >= input.length) break;
          out += input[i++];
        }
        if (input[i] !== '"') fail('Unexpected end of input.');
        i++;
        trailing = 0;
        continue;
      }
      if (c === ',' || c === '}') break;
      if (c === '{') fail('Unexpected "{" character.');
      if (c === '\\') {
        i++;
        if (i >= input.length) fail('Unexpected end of input.');
        out += input[i++];
        escaped = true;
        trailing = 0;
        continue;
      }
      trailing = isSpace(c) ? trailing + 1 : 0;
      out += c;
      i++;
    }
    if (trailing) out = out.slice(0, out.length - trailing);
    if (!quotedAny && out === '') fail('Unexpected "," character.');
    if (!quotedAny && !escaped && out.toUpperCase() === 'NULL') return null;
    return out;
  };

  /** A `{…}` level whose opening brace is at `i`. */
  const level = (): ArrayTextItem[] => {
    i++; // '{'
    const items: ArrayTextItem[] = [];
    skipSpace();
    if (input[i] === '}') {
      i++;
      return items;
    }
    for (;;) {
      skipSpace();
      items.push(input[i] === '{' ? level() : element());
      skipSpace();
      if (input[i] === ',') {
        i++;
        continue;
      }
      if (input[i] === '}') {
        i++;
        return items;
      }
      fail(i >= input.length ? 'Unexpected end of input.' : `Unexpected "${input[i]}" character.`);
    }
  };

  skipSpace();
  if (input[i] !== '{') fail(input[i] === '[' ? 'Explicit array bounds are not supported.' : 'Array value must start with "{" or dimension information.');
  const items = level();
  skipSpace();
  if (i < input.length) fail('Junk after closing right brace.');
  checkRectangular(input, items);
  return items;
}

/** Sub-arrays must be all arrays or all elements, of one length at each depth. */
function checkRectangular(input: string, items: ArrayTextItem[]): void {
  const shape = (xs: ArrayTextItem[]): string => {
    const subs = xs.filter((x) => Array.isArray(x));
    if (subs.length === 0) return String(xs.length);
    const shapes = subs.map(shape);
    if (subs.length !== xs.length || shapes.some((s) => s !== shapes[0])) {
      throw new MalformedArrayLiteral(input, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
    }
    return `${xs.length}x${shapes[0]}`;
  };
  shape(items);
}

/** The number of dimensions of a parsed literal (1 for `{}`). */
export function arrayTextDepth(items: ArrayTextItem[]): number {
  return items.length && Array.isArray(items[0]) ? 1 + arrayTextDepth(items[0]) : 1;
}
