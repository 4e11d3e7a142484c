import {
  ANY,
  BOOLEAN,
  type DuckDBConnection,
  type DuckDBType,
  DuckDBTypeId,
  DuckDBVarCharType,
  INTEGER,
  LIST,
  listValue,
  STRUCT,
  structValue,
  VARCHAR,
  type DuckDBValue,
} from '@duckdb/node-api';
import { type JsonNode, parseJson, jsonbText, normalizeJsonb, quoteJsonString } from '../../types/json-text.js';
import * as ops from './json-ops.js';
import { jsonShape, sqlToJson } from './json-values.js';
import type { PgFunctionSet } from './index.js';
import { nativeName, registerNative, sessionZoneSql } from './native.js';

/**
 * json and jsonb for DuckDB, whose JSON type keeps text and re-serialises sub-values
 * compactly. Native functions do the work on Postgres's terms (json keeps input text, jsonb
 * prints its normalised form); macros in the compatibility schema give them their Postgres
 * names (`json_get` for json `->`, `jsonb_get` for jsonb `->`, …).
 */

const JSON_TYPE = DuckDBVarCharType.create('JSON');

type Args = unknown[];
interface Native {
  name: string;
  params?: DuckDBType[];
  varArgs?: boolean;
  returns: DuckDBType;
  /** Called with NULL arguments too (constructors); otherwise NULL in gives NULL out. */
  nulls?: boolean;
  /** Takes the session's TimeZone first (see registerNative): the value writers print timestamptz in it. */
  zoned?: boolean;
  fn: (args: Args, types: readonly DuckDBType[], zone: string) => DuckDBValue;
}

/** A path or key list given as text[]: a DuckDB list, or Postgres's array literal text `'{a,b}'`. */
function textArray(v: unknown): (string | null)[] {
  if (typeof v === 'string') return ops.parseTextArray(v);
  return ((v as { items: readonly unknown[] }).items ?? []).map((x) => (x === null ? null : String(x)));
}

/** A `->` key: text for object fields, an integer for array positions. */
const keyOf = (v: unknown): string | number => (typeof v === 'string' ? v : Number(v));

const flavorOf = (v: unknown): ops.JsonFlavor => (v === 'jsonb' ? 'jsonb' : 'json');

const parse = (v: unknown): JsonNode => parseJson(String(v));

/** json_agg's text: `[a, b]`, with a line break before each row or array after the first, as Postgres writes it. */
function aggText(list: { items: readonly unknown[] }, type: DuckDBType, typeText: string, zone: string): string {
  const el = (type as DuckDBType & { valueType: DuckDBType }).valueType;
  const shape = jsonShape(typeText, type).children?.[0] ?? { json: false };
  const nested = !shape.json && [DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT].includes(el.typeId);
  return '[' + list.items.map((x, i) => (i > 0 ? (nested ? ', \n ' : ', ') : '') + sqlToJson(x, el, shape, zone)).join('') + ']';
}

/**
 * `->`/`->>` (a key or index) and `#>`/`#>>` (a path): the sub-value `find` locates, as json
 * text (sliced from the input, or jsonb's form per the flavor argument) or, for the text
 * forms, unquoted.
 */
function accessor(name: string, find: (d: ReturnType<typeof ops.doc>, arg: unknown) => ReturnType<typeof ops.step>, text: boolean): Native {
  return {
    name,
    params: [VARCHAR, ANY, VARCHAR],
    returns: text ? VARCHAR : JSON_TYPE,
    fn: ([t, arg, f]) => {
      const d = ops.doc(String(t));
      const n = find(d, arg);
      if (text) return ops.unquotedText(d, n, flavorOf(f));
      return n ? ops.textOf(d, n, flavorOf(f)) : null;
    },
  };
}

const natives: Native[] = [
  { name: 'jsonb_in', params: [VARCHAR], returns: JSON_TYPE, fn: ([t]) => normalizeJsonb(String(t)) },
  accessor('json_get', (d, k) => ops.step(d.root, keyOf(k)), false),
  accessor('json_get_text', (d, k) => ops.step(d.root, keyOf(k)), true),
  accessor('json_path', (d, p) => ops.walk(d.root, textArray(p)), false),
  accessor('json_path_text', (d, p) => ops.walk(d.root, textArray(p)), true),
  { name: 'jsonb_contains', params: [VARCHAR, VARCHAR], returns: BOOLEAN, fn: ([a, b]) => ops.contains(parse(a), parse(b)) },
  { name: 'jsonb_exists', params: [VARCHAR, VARCHAR], returns: BOOLEAN, fn: ([a, k]) => ops.exists(parse(a), String(k)) },
  {
    name: 'jsonb_exists_any',
    params: [VARCHAR, ANY],
    returns: BOOLEAN,
    fn: ([a, ks]) => textArray(ks).some((k) => k !== null && ops.exists(parse(a), k)),
  },
  {
    name: 'jsonb_exists_all',
    params: [VARCHAR, ANY],
    returns: BOOLEAN,
    fn: ([a, ks]) => textArray(ks).every((k) => k === null || ops.exists(parse(a), k)),
  },
  { name: 'jsonb_concat', params: [VARCHAR, VARCHAR], returns: JSON_TYPE, fn: ([a, b]) => jsonbText(ops.concat(parse(a), parse(b))) },
  {
    name: 'jsonb_delete',
    params: [VARCHAR, ANY],
    returns: JSON_TYPE,
    fn: ([a, k]) => jsonbText(ops.remove(parse(a), typeof k === 'string' ? k : typeof k === 'object' ? textArray(k) : Number(k))),
  },
  { name: 'jsonb_delete_path', params: [VARCHAR, ANY], returns: JSON_TYPE, fn: ([a, p]) => jsonbText(ops.removePath(parse(a), textArray(p))) },
  {
    name: 'jsonb_set',
    params: [VARCHAR, ANY, VARCHAR, BOOLEAN],
    returns: JSON_TYPE,
    fn: ([a, p, v, c]) => jsonbText(ops.setPath(parse(a), textArray(p), parse(v), Boolean(c))),
  },
  {
    name: 'jsonb_insert',
    params: [VARCHAR, ANY, VARCHAR, BOOLEAN],
    returns: JSON_TYPE,
    fn: ([a, p, v, after]) => jsonbText(ops.insertPath(parse(a), textArray(p), parse(v), Boolean(after))),
  },
  { name: 'json_typeof', params: [VARCHAR], returns: VARCHAR, fn: ([a]) => ops.typeName(parse(a)) },
  { name: 'json_array_length', params: [VARCHAR], returns: INTEGER, fn: ([a]) => ops.arrayLength(parse(a)) },
  {
    name: 'json_strip_nulls',
    params: [VARCHAR, VARCHAR],
    returns: JSON_TYPE,
    fn: ([a, f]) => {
      const n = ops.stripNulls(parse(a));
      return flavorOf(f) === 'json' ? ops.compactText(n) : jsonbText(n);
    },
  },
  { name: 'jsonb_pretty', params: [VARCHAR], returns: VARCHAR, fn: ([a]) => ops.pretty(parse(a)) },
  {
    name: 'json_array_elements',
    params: [VARCHAR, VARCHAR],
    returns: LIST(JSON_TYPE),
    fn: ([a, f]) => {
      const d = ops.doc(String(a));
      return listValue(ops.arrayItems(d.root).map((n) => ops.textOf(d, n, flavorOf(f))));
    },
  },
  {
    name: 'json_array_elements_text',
    params: [VARCHAR, VARCHAR],
    returns: LIST(VARCHAR),
    fn: ([a, f]) => {
      const d = ops.doc(String(a));
      return listValue(ops.arrayItems(d.root).map((n) => ops.unquotedText(d, n, flavorOf(f))));
    },
  },
  {
    name: 'json_each',
    params: [VARCHAR, VARCHAR, VARCHAR],
    returns: LIST(STRUCT({ key: VARCHAR, value: JSON_TYPE })),
    fn: ([a, f, fn]) => {
      const d = ops.doc(String(a));
      return listValue(ops.objectEntries(d.root, flavorOf(f), String(fn)).map(([key, n]) => structValue({ key, value: ops.textOf(d, n, flavorOf(f)) })));
    },
  },
  {
    name: 'json_each_text',
    params: [VARCHAR, VARCHAR, VARCHAR],
    returns: LIST(STRUCT({ key: VARCHAR, value: VARCHAR })),
    fn: ([a, f, fn]) => {
      const d = ops.doc(String(a));
      return listValue(ops.objectEntries(d.root, flavorOf(f), String(fn)).map(([key, n]) => structValue({ key, value: ops.unquotedText(d, n, flavorOf(f)) })));
    },
  },
  {
    name: 'json_object_keys',
    params: [VARCHAR, VARCHAR, VARCHAR],
    returns: LIST(VARCHAR),
    fn: ([a, f, fn]) => listValue(ops.objectEntries(parse(a), flavorOf(f), String(fn)).map(([k]) => k)),
  },
  // Constructors take each value with `typeof(value)`, which tells json from text.
  { name: 'to_json', params: [ANY, VARCHAR], returns: JSON_TYPE, zoned: true, fn: ([v, t], types, zone) => sqlToJson(v, types[0], jsonShape(String(t), types[0]), zone) },
  {
    name: 'json_build_object',
    varArgs: true,
    nulls: true,
    zoned: true,
    returns: JSON_TYPE,
    fn: (args, types, zone) => {
      if (args.length % 4 !== 0) throw new ops.JsonParameterError('argument list must have even number of elements');
      const parts: string[] = [];
      for (let i = 0; i < args.length; i += 4) {
        if (args[i] === null) throw new ops.JsonParameterError(`argument ${i / 2 + 1} cannot be null`);
        const key = sqlToJson(args[i], types[i], jsonShape(String(args[i + 1]), types[i]), zone);
        parts.push((key.startsWith('"') ? key : `"${key}"`) + ' : ' + sqlToJson(args[i + 2], types[i + 2], jsonShape(String(args[i + 3]), types[i + 2]), zone));
      }
      return '{' + parts.join(', ') + '}';
    },
  },
  {
    name: 'json_build_array',
    varArgs: true,
    nulls: true,
    zoned: true,
    returns: JSON_TYPE,
    fn: (args, types, zone) => {
      const parts: string[] = [];
      for (let i = 0; i < args.length; i += 2) parts.push(sqlToJson(args[i], types[i], jsonShape(String(args[i + 1]), types[i]), zone));
      return '[' + parts.join(', ') + ']';
    },
  },
  {
    name: 'json_agg_finish',
    params: [ANY, VARCHAR],
    returns: JSON_TYPE,
    zoned: true,
    fn: ([l, t], types, zone) => aggText(l as { items: unknown[] }, types[0], String(t), zone),
  },
  {
    name: 'json_object_agg_finish',
    params: [ANY, ANY, VARCHAR],
    returns: JSON_TYPE,
    zoned: true,
    fn: ([ks, vs, t], types, zone) => {
      const keys = (ks as { items: unknown[] }).items;
      const values = (vs as { items: unknown[] }).items;
      const vt = (types[1] as DuckDBType & { valueType: DuckDBType }).valueType;
      const shape = jsonShape(String(t), types[1]).children?.[0] ?? { json: false };
      const parts = keys.map((k, i) => {
        if (k === null) throw new ops.JsonParameterError('field name must not be null');
        return quoteJsonString(String(k)) + ' : ' + sqlToJson(values[i], vt, shape, zone);
      });
      return parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
    },
  },
];

function register(conn: DuckDBConnection): void {
  for (const n of natives) {
    registerNative(conn, { name: n.name, params: n.params ?? [], returns: n.returns, row: n.fn, zoned: n.zoned, ...(n.varArgs ? { varArgs: ANY } : {}), ...(n.nulls ? { nullAware: true } : {}) });
  }
}

const call = (name: string, args: string) => `${nativeName(name)}(${args})`;
/** A call of a native declared `zoned`: the session's TimeZone goes first. */
const zonedCall = (name: string, args: string) => call(name, `${sessionZoneSql}, ${args}`);

/** The Postgres-named entry points rewrites call (`pgFunctionName('jsonb_get')`). */
const macros: readonly string[] = [
  `CREATE MACRO {schema}.jsonb_in(t) AS ${call('jsonb_in', 't')}`,
  ...['json', 'jsonb'].flatMap((f) => [
    `CREATE MACRO {schema}.${f}_get(j, k) AS ${call('json_get', `j, k, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_get_text(j, k) AS ${call('json_get_text', `j, k, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_path(j, p) AS ${call('json_path', `j, p, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_path_text(j, p) AS ${call('json_path_text', `j, p, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_typeof(j) AS ${call('json_typeof', 'j')}`,
    `CREATE MACRO {schema}.${f}_array_length(j) AS ${call('json_array_length', 'j')}`,
    `CREATE MACRO {schema}.${f}_strip_nulls(j) AS ${call('json_strip_nulls', `j, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_array_elements(j) AS ${call('json_array_elements', `j, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_array_elements_text(j) AS ${call('json_array_elements_text', `j, '${f}'`)}`,
    `CREATE MACRO {schema}.${f}_each(j) AS ${call('json_each', `j, '${f}', '${f}_each'`)}`,
    `CREATE MACRO {schema}.${f}_each_text(j) AS ${call('json_each_text', `j, '${f}', '${f}_each_text'`)}`,
    `CREATE MACRO {schema}.${f}_object_keys(j) AS ${call('json_object_keys', `j, '${f}', '${f}_object_keys'`)}`,
  ]),
  `CREATE MACRO {schema}.jsonb_contains(a, b) AS ${call('jsonb_contains', 'a, b')}`,
  `CREATE MACRO {schema}.jsonb_exists(a, k) AS ${call('jsonb_exists', 'a, k')}`,
  `CREATE MACRO {schema}.jsonb_exists_any(a, k) AS ${call('jsonb_exists_any', 'a, k')}`,
  `CREATE MACRO {schema}.jsonb_exists_all(a, k) AS ${call('jsonb_exists_all', 'a, k')}`,
  `CREATE MACRO {schema}.jsonb_concat(a, b) AS ${call('jsonb_concat', 'a, b')}`,
  `CREATE MACRO {schema}.jsonb_delete(a, k) AS ${call('jsonb_delete', 'a, k')}`,
  `CREATE MACRO {schema}.jsonb_delete_path(a, p) AS ${call('jsonb_delete_path', 'a, p')}`,
  `CREATE MACRO {schema}.jsonb_set(a, p, v, c := true) AS ${call('jsonb_set', 'a, p, v, c')}`,
  `CREATE MACRO {schema}.jsonb_insert(a, p, v, after := false) AS ${call('jsonb_insert', 'a, p, v, after')}`,
  `CREATE MACRO {schema}.jsonb_pretty(j) AS ${call('jsonb_pretty', 'j')}`,
  `CREATE MACRO {schema}.to_json(v, t) AS ${zonedCall('to_json', 'v, t')}`,
  `CREATE MACRO {schema}.to_jsonb(v, t) AS ${call('jsonb_in', zonedCall('to_json', 'v, t'))}`,
  `CREATE MACRO {schema}.json_agg(l, t) AS ${zonedCall('json_agg_finish', 'l, t')}`,
  `CREATE MACRO {schema}.jsonb_agg(l, t) AS ${call('jsonb_in', zonedCall('json_agg_finish', 'l, t'))}`,
  `CREATE MACRO {schema}.json_object_agg(k, v, t) AS ${zonedCall('json_object_agg_finish', 'k, v, t')}`,
  `CREATE MACRO {schema}.jsonb_object_agg(k, v, t) AS ${call('jsonb_in', zonedCall('json_object_agg_finish', 'k, v, t'))}`,
];

/** json and jsonb functions and operators. */
export const jsonFunctions: PgFunctionSet = { macros, register };
