import { type JsonNode, jsonbEntries, jsonbNumber, jsonbText, parseJson, quoteJsonString } from '../../types/json-text.js';

/**
 * Postgres's json/jsonb operators and functions on parsed values. `json` answers with slices
 * of its input text, `jsonb` with normalised text; every jsonb value jammi builds is already
 * normalised, so slicing it gives jsonb's form too.
 * @see https://www.postgresql.org/docs/15/functions-json.html
 */

/** An error Postgres raises with SQLSTATE 22023 (invalid_parameter_value). */
export class JsonParameterError extends Error {}

/** Whether results keep the input text (json) or print jsonb's normalised form. */
export type JsonFlavor = 'json' | 'jsonb';

/** A parsed document and its text, so json can slice sub-values. */
export interface JsonDoc {
  text: string;
  root: JsonNode;
}

/** Parse a json or jsonb value. */
export const doc = (text: string): JsonDoc => ({ text, root: parseJson(text) });

/** A value's text as the flavor prints it. */
export function textOf(d: JsonDoc, node: JsonNode, flavor: JsonFlavor): string {
  return flavor === 'json' ? d.text.slice(node.start, node.end) : jsonbText(node);
}

/** `->>`/`#>>` text: a string's contents, JSON null as SQL NULL, anything else as its text. */
export function unquotedText(d: JsonDoc, node: JsonNode | undefined, flavor: JsonFlavor): string | null {
  if (!node || node.t === 'null') return null;
  return node.t === 'string' ? node.value : textOf(d, node, flavor);
}

/** An object's entries as the flavor sees them (json: every pair in input order). */
const entriesOf = (node: JsonNode & { t: 'object' }, flavor: JsonFlavor) => (flavor === 'json' ? node.entries : jsonbEntries(node.entries));

/** One `->` step: an object field by key (json: the last duplicate) or an array element by index (negative from the end). */
export function step(node: JsonNode | undefined, key: string | number): JsonNode | undefined {
  if (!node) return undefined;
  if (typeof key === 'string') {
    if (node.t !== 'object') return undefined;
    for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i][0] === key) return node.entries[i][1];
    return undefined;
  }
  if (node.t !== 'array') return undefined;
  const i = key < 0 ? node.items.length + key : key;
  return node.items[i];
}

/** A `#>` path: object keys, or integers for array positions. */
export function walk(node: JsonNode, path: readonly (string | null)[]): JsonNode | undefined {
  let cur: JsonNode | undefined = node;
  for (const p of path) {
    if (!cur || p === null) return undefined;
    if (cur.t === 'array') {
      if (!/^-?\d+$/.test(p)) return undefined;
      cur = step(cur, Number(p));
    } else cur = step(cur, p);
  }
  return cur;
}

/** Postgres's array text form `{a,"b c",NULL}` as elements, for text[] arguments written as literals. */
export function parseTextArray(s: string): (string | null)[] {
  const t = s.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) throw new JsonParameterError(`malformed array literal: "${s}"`);
  const body = t.slice(1, -1);
  const out: (string | null)[] = [];
  if (body.trim() === '') return out;
  let i = 0;
  while (i <= body.length) {
    while (body[i] === ' ') i++;
    let v = '';
    let quoted = false;
    if (body[i] === '"') {
      quoted = true;
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        v += body[i++];
      }
      i++;
    } else {
      while (i < body.length && body[i] !== ',') {
        if (body[i] === '\\') i++;
        v += body[i++];
      }
      v = v.trim();
    }
    out.push(!quoted && v.toUpperCase() === 'NULL' ? null : v);
    while (i < body.length && body[i] !== ',') i++;
    i++;
  }
  return out;
}

const node = <T extends JsonNode['t']>(n: Omit<Extract<JsonNode, { t: T }>, 'start' | 'end'>): JsonNode => ({ ...n, start: 0, end: 0 }) as JsonNode;

/** A number's value as comparable text (`1.50`, `1.5` and `15e-1` are equal). */
function numericKey(raw: string): string {
  const n = jsonbNumber(raw);
  return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}

function scalarEquals(a: JsonNode, b: JsonNode): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'string') return a.value === (b as typeof a).value;
  if (a.t === 'number') return numericKey(a.raw) === numericKey((b as typeof a).raw);
  if (a.t === 'boolean') return a.value === (b as typeof a).value;
  return a.t === 'null';
}

/** jsonb `@>`: every object pair and array element of `b` is in `a`; a top-level array contains a scalar it holds. */
export function contains(a: JsonNode, b: JsonNode, top = true): boolean {
  if (a.t === 'object' && b.t === 'object') {
    const have = new Map(a.entries);
    return b.entries.every(([k, v]) => {
      const mine = have.get(k);
      if (!mine) return false;
      return v.t === 'object' || v.t === 'array' ? mine.t === v.t && contains(mine, v, false) : scalarEquals(mine, v);
    });
  }
  if (a.t === 'array' && b.t === 'array')
    return b.items.every((v) => a.items.some((mine) => (v.t === 'object' || v.t === 'array' ? mine.t === v.t && contains(mine, v, false) : scalarEquals(mine, v))));
  if (a.t === 'array' && top && b.t !== 'object') return a.items.some((mine) => scalarEquals(mine, b));
  if (a.t === 'object' || a.t === 'array' || b.t === 'object' || b.t === 'array') return false;
  return scalarEquals(a, b);
}

/** jsonb `?`: a key of an object, a string element of an array, or an equal string scalar. */
export function exists(n: JsonNode, key: string): boolean {
  if (n.t === 'object') return n.entries.some(([k]) => k === key);
  if (n.t === 'array') return n.items.some((i) => i.t === 'string' && i.value === key);
  return n.t === 'string' && n.value === key;
}

/** jsonb `||`: objects merge (right wins), anything else concatenates as arrays. */
export function concat(a: JsonNode, b: JsonNode): JsonNode {
  if (a.t === 'object' && b.t === 'object') return node<'object'>({ t: 'object', entries: [...a.entries, ...b.entries] });
  const items = (n: JsonNode) => (n.t === 'array' ? n.items : [n]);
  return node<'array'>({ t: 'array', items: [...items(a), ...items(b)] });
}

/** jsonb `-`: remove a key (or matching string elements), an array position, or several keys. */
export function remove(n: JsonNode, what: string | number | readonly (string | null)[]): JsonNode {
  if (n.t !== 'object' && n.t !== 'array') throw new JsonParameterError('cannot delete from scalar');
  if (typeof what === 'number') {
    if (n.t === 'object') throw new JsonParameterError('cannot delete from object using integer index');
    const i = what < 0 ? n.items.length + what : what;
    return node<'array'>({ t: 'array', items: n.items.filter((_, k) => k !== i) });
  }
  const keys = new Set(typeof what === 'string' ? [what] : what);
  if (n.t === 'object') return node<'object'>({ t: 'object', entries: n.entries.filter(([k]) => !keys.has(k)) });
  return node<'array'>({ t: 'array', items: n.items.filter((i) => !(i.t === 'string' && keys.has(i.value))) });
}

/** Where a path's last step lands in its container, or undefined when the path does not exist. */
type Edit = (container: JsonNode, key: string) => JsonNode;

function editAt(n: JsonNode, path: readonly (string | null)[], edit: Edit): JsonNode {
  if (path.length === 0) return n;
  const [first, ...rest] = path;
  if (first === null) throw new JsonParameterError(`path element at position 1 is null`);
  if (rest.length === 0) return edit(n, first);
  if (n.t === 'object') {
    const child = step(n, first);
    if (!child) return n;
    return node<'object'>({ t: 'object', entries: n.entries.map(([k, v]) => [k, k === first ? editAt(v, rest, edit) : v] as [string, JsonNode]) });
  }
  if (n.t === 'array') {
    if (!/^-?\d+$/.test(first)) throw new JsonParameterError(`path element at position 1 is not an integer: "${first}"`);
    const i = Number(first) < 0 ? n.items.length + Number(first) : Number(first);
    if (!n.items[i]) return n;
    return node<'array'>({ t: 'array', items: n.items.map((v, k) => (k === i ? editAt(v, rest, edit) : v)) });
  }
  return n;
}

function arrayIndex(key: string): number {
  if (!/^-?\d+$/.test(key)) throw new JsonParameterError(`path element at position 1 is not an integer: "${key}"`);
  return Number(key);
}

/** jsonb_set: replace (or, with createMissing, add) the value at a path. */
export function setPath(target: JsonNode, path: readonly (string | null)[], value: JsonNode, createMissing: boolean): JsonNode {
  if (target.t !== 'object' && target.t !== 'array') throw new JsonParameterError('cannot set path in scalar');
  return editAt(target, path, (c, key) => {
    if (c.t === 'object') {
      const has = c.entries.some(([k]) => k === key);
      if (!has && !createMissing) return c;
      return node<'object'>({ t: 'object', entries: has ? c.entries.map(([k, v]) => [k, k === key ? value : v] as [string, JsonNode]) : [...c.entries, [key, value]] });
    }
    if (c.t !== 'array') return c;
    const idx = arrayIndex(key);
    const i = idx < 0 ? c.items.length + idx : idx;
    if (i >= 0 && i < c.items.length) return node<'array'>({ t: 'array', items: c.items.map((v, k) => (k === i ? value : v)) });
    if (!createMissing) return c;
    return node<'array'>({ t: 'array', items: i < 0 ? [value, ...c.items] : [...c.items, value] });
  });
}

/** jsonb_insert: insert into an array before (or after) a position, or add a new object key. */
export function insertPath(target: JsonNode, path: readonly (string | null)[], value: JsonNode, after: boolean): JsonNode {
  if (target.t !== 'object' && target.t !== 'array') throw new JsonParameterError('cannot set path in scalar');
  return editAt(target, path, (c, key) => {
    if (c.t === 'object') {
      if (c.entries.some(([k]) => k === key)) throw new JsonParameterError('cannot replace existing key');
      return node<'object'>({ t: 'object', entries: [...c.entries, [key, value]] });
    }
    if (c.t !== 'array') return c;
    const idx = arrayIndex(key);
    let i = idx < 0 ? c.items.length + idx : idx;
    if (i < 0) i = 0;
    else if (i >= c.items.length) i = c.items.length;
    else if (after) i++;
    return node<'array'>({ t: 'array', items: [...c.items.slice(0, i), value, ...c.items.slice(i)] });
  });
}

/** jsonb `#-`: remove the value at a path. */
export function removePath(target: JsonNode, path: readonly (string | null)[]): JsonNode {
  if (target.t !== 'object' && target.t !== 'array') throw new JsonParameterError('cannot delete path in scalar');
  return editAt(target, path, (c, key) => {
    if (c.t === 'object') return remove(c, key);
    if (c.t === 'array') return remove(c, arrayIndex(key));
    return c;
  });
}

/** json_typeof/jsonb_typeof. */
export const typeName = (n: JsonNode): string => n.t;

/** json_array_length/jsonb_array_length; Postgres refuses objects and scalars. */
export function arrayLength(n: JsonNode): number {
  if (n.t === 'array') return n.items.length;
  throw new JsonParameterError(n.t === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
}

/** Drop object fields whose value is null, at every depth (array elements stay). */
export function stripNulls(n: JsonNode): JsonNode {
  if (n.t === 'object') return node<'object'>({ t: 'object', entries: n.entries.filter(([, v]) => v.t !== 'null').map(([k, v]) => [k, stripNulls(v)] as [string, JsonNode]) });
  if (n.t === 'array') return node<'array'>({ t: 'array', items: n.items.map(stripNulls) });
  return n;
}

/** json's compact form (json_strip_nulls prints this): no whitespace, keys in input order. */
export function compactText(n: JsonNode): string {
  if (n.t === 'object') return '{' + n.entries.map(([k, v]) => quoteJsonString(k) + ':' + compactText(v)).join(',') + '}';
  if (n.t === 'array') return '[' + n.items.map(compactText).join(',') + ']';
  return n.t === 'number' ? n.raw : jsonbText(n);
}

/** jsonb_pretty: four-space indents, one value per line, empty containers open and close on two lines. */
export function pretty(n: JsonNode, indent = ''): string {
  const inner = indent + '    ';
  if (n.t === 'object') {
    const body = jsonbEntries(n.entries).map(([k, v]) => inner + quoteJsonString(k) + ': ' + pretty(v, inner));
    return '{\n' + body.join(',\n') + (body.length ? '\n' : '') + indent + '}';
  }
  if (n.t === 'array') {
    const body = n.items.map((v) => inner + pretty(v, inner));
    return '[\n' + body.join(',\n') + (body.length ? '\n' : '') + indent + ']';
  }
  return jsonbText(n);
}

/** The pairs json_each/jsonb_each yield: json in input order with duplicates, jsonb sorted and deduplicated. */
export function objectEntries(n: JsonNode, flavor: JsonFlavor, fn: string): [string, JsonNode][] {
  if (n.t !== 'object') throw new JsonParameterError(`cannot call ${fn} on a ${n.t === 'array' ? 'non-object' : 'scalar'}`);
  return entriesOf(n, flavor);
}

/** The elements json_array_elements/jsonb_array_elements yield. */
export function arrayItems(n: JsonNode): JsonNode[] {
  if (n.t !== 'array') throw new JsonParameterError(n.t === 'object' ? `cannot extract elements from an object` : `cannot extract elements from a scalar`);
  return n.items;
}
