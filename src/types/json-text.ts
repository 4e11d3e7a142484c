/**
 * Postgres's json and jsonb text forms. `json` keeps its input text verbatim (a sub-value is
 * the exact slice of the input), `jsonb` prints a normalised form: keys sorted by length then
 * bytewise, duplicate keys last-wins, `", "` and `": "` separators, numbers as `numeric`.
 * @see https://www.postgresql.org/docs/15/datatype-json.html
 */

/** A parsed JSON value, with the span of its text in the input (for json's verbatim slices). */
export type JsonNode =
  | { t: 'object'; entries: [string, JsonNode][]; start: number; end: number }
  | { t: 'array'; items: JsonNode[]; start: number; end: number }
  | { t: 'string'; value: string; start: number; end: number }
  | { t: 'number'; raw: string; start: number; end: number }
  | { t: 'boolean'; value: boolean; start: number; end: number }
  | { t: 'null'; start: number; end: number };

/** Raised for text that is not JSON; Postgres answers 22P02 `invalid input syntax for type json`. */
export class JsonSyntaxError extends Error {
  constructor() {
    super('invalid input syntax for type json');
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse JSON text as Postgres's json input does (RFC 8259, whitespace is space, tab, CR, LF). */
export function parseJson(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new JsonSyntaxError();
  };
  const str = (): string => {
    let out = '';
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i++];
      if (c === '"') return out;
      if (c < ' ') fail();
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      if (e === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else if (e in ESCAPES) out += ESCAPES[e];
      else fail();
    }
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') return { t: 'object', entries, start, end: ++i };
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = str();
        ws();
        if (text[i++] !== ':') fail();
        entries.push([key, value()]);
        ws();
        const sep = text[i++];
        if (sep === '}') return { t: 'object', entries, start, end: i };
        if (sep !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') return { t: 'array', items, start, end: ++i };
      for (;;) {
        items.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return { t: 'array', items, start, end: i };
        if (sep !== ',') fail();
      }
    }
    if (c === '"') return { t: 'string', value: str(), start, end: i };
    for (const [word, node] of [
      ['true', { t: 'boolean', value: true }],
      ['false', { t: 'boolean', value: false }],
      ['null', { t: 'null' }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, start, end: i } as JsonNode;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail();
    i += m[0].length;
    return { t: 'number', raw: m[0], start, end: i };
  };
  const root = value();
  ws();
  if (i !== text.length) fail();
  return root;
}

/** A string as a JSON string literal, escaped as Postgres's escape_json does. */
export function quoteJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/**
 * A JSON number as jsonb stores it, a `numeric`: exponents are expanded (`1.5e1` is `15`,
 * `1.50e1` is `15.0`), `-0` is `0`, and everything else is kept as written (`1.50`).
 */
export function jsonbNumber(raw: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return raw;
  const [, sign, int, frac = '', exp] = m;
  let intPart = int;
  let fracPart = frac;
  if (exp !== undefined) {
    const e = Number(exp);
    const digits = int + frac;
    const point = int.length + e;
    const scale = Math.max(0, frac.length - e);
    if (point >= digits.length) {
      intPart = digits + '0'.repeat(point - digits.length);
      fracPart = '';
    } else if (point <= 0) {
      intPart = '0';
      fracPart = '0'.repeat(-point) + digits;
    } else {
      intPart = digits.slice(0, point);
      fracPart = digits.slice(point);
    }
    fracPart = fracPart.slice(0, scale).padEnd(scale, '0');
    intPart = intPart.replace(/^0+(?=\d)/, '');
  }
  const zero = /^0*$/.test(intPart + fracPart);
  return (sign && !zero ? '-' : '') + intPart + (fracPart ? '.' + fracPart : '');
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Postgres's jsonb key order: shorter keys first, then bytewise on their UTF-8. */
export function compareJsonbKeys(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  return x.length - y.length || Buffer.compare(x, y);
}

/** An object's entries as jsonb keeps them: last duplicate wins, keys in jsonb order. */
export function jsonbEntries(entries: readonly [string, JsonNode][]): [string, JsonNode][] {
  const byKey = new Map<string, JsonNode>();
  for (const [k, v] of entries) byKey.set(k, v);
  return [...byKey.entries()].sort((a, b) => compareJsonbKeys(a[0], b[0]));
}

/** A parsed value in jsonb's text form. */
export function jsonbText(node: JsonNode): string {
  switch (node.t) {
    case 'object':
      return '{' + jsonbEntries(node.entries).map(([k, v]) => quoteJsonString(k) + ': ' + jsonbText(v)).join(', ') + '}';
    case 'array':
      return '[' + node.items.map(jsonbText).join(', ') + ']';
    case 'string':
      return quoteJsonString(node.value);
    case 'number':
      return jsonbNumber(node.raw);
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

/** JSON text in jsonb's normalised form; throws JsonSyntaxError for text that is not JSON. */
export function normalizeJsonb(text: string): string {
  return jsonbText(parseJson(text));
}
