import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { quoteJsonString } from '../../types/json-text.js';
import { encodeText, pgTypeOf } from '../../types/index.js';

/**
 * SQL values as Postgres's to_json writes them: numbers and booleans bare, json embedded as
 * its text, timestamps in ISO 8601 with a `T`, arrays `[1,2]` and rows `{"a":1}` without
 * spaces, everything else as a JSON string of the value's text output.
 * @see https://www.postgresql.org/docs/15/functions-json.html (to_json)
 */

/** Which parts of a value are json: a native function's vectors lose DuckDB's JSON alias, `typeof()` keeps it. */
export interface JsonShape {
  json: boolean;
  children?: JsonShape[];
}

/** The parts of nested DuckDB types this file reads. */
interface Nested {
  typeId: DuckDBTypeId;
  valueType?: DuckDBType;
  keyType?: DuckDBType;
  entryNames?: readonly string[];
  entryTypes?: readonly DuckDBType[];
}

/** Where JSON sits in a value of type `t`, read from DuckDB's spelling of that type (`STRUCT(a INTEGER, j JSON)[]`). */
export function jsonShape(typeText: string, t: DuckDBType): JsonShape {
  let i = 0;
  const skipName = () => {
    if (typeText[i] === '"') {
      i++;
      while (i < typeText.length && !(typeText[i] === '"' && typeText[i + 1] !== '"')) i += typeText[i] === '"' ? 2 : 1;
      i++;
    } else while (i < typeText.length && typeText[i] !== ' ') i++;
    i++;
  };
  const expect = (s: string) => {
    if (typeText.startsWith(s, i)) i += s.length;
  };
  const parse = (ty: Nested | DuckDBType): JsonShape => {
    const n = ty as Nested;
    switch (n.typeId) {
      case DuckDBTypeId.LIST:
      case DuckDBTypeId.ARRAY: {
        const el = parse(n.valueType!);
        while (typeText[i] === '[') while (i < typeText.length && typeText[i++] !== ']');
        return { json: false, children: [el] };
      }
      case DuckDBTypeId.STRUCT: {
        expect('STRUCT(');
        const children = (n.entryTypes ?? []).map((et, k) => {
          if (k > 0) expect(', ');
          if (n.entryNames?.[k]) skipName();
          return parse(et);
        });
        expect(')');
        return { json: false, children };
      }
      case DuckDBTypeId.MAP: {
        expect('MAP(');
        const key = parse(n.keyType!);
        expect(', ');
        const value = parse(n.valueType!);
        expect(')');
        return { json: false, children: [key, value] };
      }
      default: {
        const start = i;
        let depth = 0;
        let quoted = false;
        for (; i < typeText.length; i++) {
          const c = typeText[i];
          if (quoted) quoted = c !== "'";
          else if (c === "'") quoted = true;
          else if (c === '(') depth++;
          else if (c === ')' && depth > 0) depth--;
          else if (depth === 0 && (c === ',' || c === ')' || c === '[')) break;
        }
        return { json: typeText.slice(start, i).trim() === 'JSON' };
      }
    }
  };
  return parse(t);
}

/** One SQL value as json text (compact, as to_json/row_to_json/array_to_json print it); timestamptz in `zone`. */
export function sqlToJson(v: unknown, t: DuckDBType, shape: JsonShape, zone: string): string {
  if (v === null || v === undefined) return 'null';
  if (shape.json) return String(v);
  const ty = t as unknown as Nested;
  switch (ty.typeId) {
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const items = (v as { items: readonly unknown[] }).items;
      return '[' + items.map((x) => sqlToJson(x, ty.valueType!, shape.children?.[0] ?? { json: false }, zone)).join(',') + ']';
    }
    case DuckDBTypeId.STRUCT: {
      const entries = (v as { entries: Record<string, unknown> }).entries;
      const values = Object.values(entries);
      const names = ty.entryNames ?? [];
      // Unnamed fields (ROW(1, 'a')) are f1, f2, … as in a Postgres anonymous record.
      const fields = (ty.entryTypes ?? []).map(
        (et, k) => quoteJsonString(names[k] || `f${k + 1}`) + ':' + sqlToJson(names[k] ? entries[names[k]] : values[k], et, shape.children?.[k] ?? { json: false }, zone),
      );
      return '{' + fields.join(',') + '}';
    }
    case DuckDBTypeId.MAP: {
      const entries = (v as { entries: { key: unknown; value: unknown }[] }).entries;
      return '{' + entries.map((e) => quoteJsonString(String(e.key)) + ':' + sqlToJson(e.value, ty.valueType!, shape.children?.[1] ?? { json: false }, zone)).join(',') + '}';
    }
    case DuckDBTypeId.BOOLEAN:
      return v ? 'true' : 'false';
  }
  const desc = pgTypeOf(t);
  const text = encodeText(v, desc, { timeZone: zone, extraFloatDigits: 1 });
  switch (desc.kind) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
      return text;
    case 'float4':
    case 'float8':
      return /^-?\d/.test(text) ? text : quoteJsonString(text);
    case 'timestamp':
      return quoteJsonString(text.replace(' ', 'T'));
    case 'timestamptz':
      // Postgres writes the offset with minutes in json: +00:00.
      return quoteJsonString(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    default:
      return quoteJsonString(text);
  }
}
