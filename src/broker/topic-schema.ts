import { PgError, SqlStates } from '../errors/index.js';
import { normalizeDatetimeLiteral } from '../types/datetime-input.js';
import { PgOid } from '../types/index.js';
import type { TopicColumn, TopicColumnType } from './topic-types.js';

const int = (name: string, duckdb: string, oid: number, bits: number): TopicColumnType => ({
  name,
  duckdb,
  oid,
  kind: 'int',
  min: -(1n << BigInt(bits - 1)),
  max: (1n << BigInt(bits - 1)) - 1n,
});

const canonical: TopicColumnType[] = [
  { name: 'text', duckdb: 'VARCHAR', oid: PgOid.text, kind: 'text' },
  int('smallint', 'SMALLINT', PgOid.int2, 16),
  int('integer', 'INTEGER', PgOid.int4, 32),
  int('bigint', 'BIGINT', PgOid.int8, 64),
  { name: 'real', duckdb: 'FLOAT', oid: PgOid.float4, kind: 'float' },
  { name: 'double precision', duckdb: 'DOUBLE', oid: PgOid.float8, kind: 'float' },
  { name: 'boolean', duckdb: 'BOOLEAN', oid: PgOid.bool, kind: 'bool' },
  { name: 'timestamp with time zone', duckdb: 'TIMESTAMPTZ', oid: PgOid.timestamptz, kind: 'timestamptz' },
  { name: 'timestamp without time zone', duckdb: 'TIMESTAMP', oid: PgOid.timestamp, kind: 'timestamp' },
  { name: 'date', duckdb: 'DATE', oid: PgOid.date, kind: 'date' },
  { name: 'uuid', duckdb: 'UUID', oid: PgOid.uuid, kind: 'uuid' },
  { name: 'jsonb', duckdb: 'JSON', oid: PgOid.jsonb, kind: 'json' },
];

const byName = new Map(canonical.map((t) => [t.name, t]));
/** Postgres's other spellings of the same types. */
const aliases: Record<string, string> = {
  varchar: 'text',
  'character varying': 'text',
  int2: 'smallint',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  double: 'double precision',
  bool: 'boolean',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  json: 'jsonb',
};

/** The type a column spec names, or null. Case and inner spacing as Postgres reads them. */
export function topicColumnType(spec: string): TopicColumnType | null {
  const s = spec.trim().toLowerCase().replace(/\s+/g, ' ');
  return byName.get(aliases[s] ?? s) ?? null;
}

/** The type named `name` in `_jammi_topics.schema` (always canonical). */
export const typeByName = (name: string): TopicColumnType | undefined => byName.get(name);

/** Every type name a topic column may have, for error hints. */
export const topicTypeNames = canonical.map((t) => t.name);

const bad = (message: string, detail?: string) => new PgError(SqlStates.invalid_parameter_value, message, detail ? { detail } : {});

/**
 * Topic names are lowercase identifier parts joined by dots (`orders`, `orders.created`):
 * they are LISTEN channels (at most 63 bytes), DuckDB table names and NATS subject tokens.
 */
export function checkTopicName(name: string): void {
  if (!/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/.test(name) || name.length > 63) {
    throw bad(`invalid topic name "${name}"`, 'A topic name is 1 to 63 characters: lowercase letters, digits, "_" and "-", in parts separated by dots, each part starting with a letter.');
  }
}

/** The columns of `jammi.create_topic(name, columns)`: a JSON object of column name → type name. */
export function parseTopicColumns(spec: Record<string, unknown>): TopicColumn[] {
  const entries = Object.entries(spec);
  if (entries.length === 0) throw bad('a topic needs at least one column', 'columns is a JSON object such as {"kind": "text", "n": "bigint"}.');
  if (entries.length > 256) throw bad('a topic has at most 256 columns');
  return entries.map(([name, t]) => {
    if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > 63) {
      throw bad(`invalid column name "${name}"`, 'Column names are lowercase identifiers starting with a letter (names starting with "_" are the log\'s own).');
    }
    const type = typeof t === 'string' ? topicColumnType(t) : null;
    if (!type) throw bad(`column "${name}" has an unsupported type ${JSON.stringify(t)}`, `Topic column types: ${topicTypeNames.join(', ')}.`);
    return { name, type };
  });
}

/** Where a value comes from: a JSON payload (strict JSON types) or SQL (literals and parameters, often text). */
export type ValueSource = 'json' | 'sql';

/**
 * Check one value against its column and return the text DuckDB casts to the column's type
 * (null for SQL NULL). A JSON payload must use the JSON type of the column (a string for text
 * and timestamps, a number for numbers, true/false for booleans; a bigint may be a string of
 * digits); a SQL value may be text of the type, as Postgres reads a literal.
 */
export function columnValue(col: TopicColumn, v: unknown, from: ValueSource): string | null {
  if (v === null || v === undefined) return null;
  const t = col.type;
  const wrong = (): PgError =>
    from === 'json'
      ? bad(`invalid value for column "${col.name}" of type ${t.name}: ${shown(v)}`)
      : new PgError(SqlStates.invalid_text_representation, `invalid input syntax for type ${t.name}: "${String(v)}"`, { column: col.name });
  const str = typeof v === 'string' ? v : null;
  switch (t.kind) {
    case 'text':
      if (str !== null) return str;
      if (from === 'sql' && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')) return String(v);
      throw wrong();
    case 'int': {
      let n: bigint | null = null;
      if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
      else if (typeof v === 'bigint') n = v;
      else if (str !== null && /^\s*[+-]?\d+\s*$/.test(str) && (from === 'sql' || t.name === 'bigint')) n = BigInt(str.trim());
      if (n === null) throw wrong();
      if (n < t.min! || n > t.max!) throw new PgError(SqlStates.numeric_value_out_of_range, `${t.name} out of range`, { detail: `column "${col.name}": ${String(v)}`, column: col.name });
      return n.toString();
    }
    case 'float':
      if (typeof v === 'number') return String(v);
      if (str !== null && /^\s*(NaN|[+-]?Infinity)\s*$/i.test(str)) return str.trim();
      if (from === 'sql' && str !== null && str.trim() !== '' && Number.isFinite(Number(str))) return str.trim();
      throw wrong();
    case 'bool':
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (from === 'sql' && str !== null) {
        const b = boolText(str);
        if (b !== null) return b;
      }
      throw wrong();
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      if (str === null) throw wrong();
      return datetimeValue(t.kind, str, wrong);
    case 'uuid':
      if (str !== null && /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(str.trim())) return str.trim();
      throw wrong();
    case 'json':
      if (from === 'json') return JSON.stringify(v);
      if (str === null) return JSON.stringify(v);
      try {
        JSON.parse(str);
      } catch {
        throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type json', { detail: `column "${col.name}": ${str.slice(0, 100)}`, column: col.name });
      }
      return str;
  }
}

function datetimeValue(kind: 'timestamptz' | 'timestamp' | 'date', s: string, wrong: () => PgError): string {
  if (/^\s*[+-]?infinity\s*$/i.test(s) && kind !== 'date') return s.trim().toLowerCase();
  let v: string | null;
  try {
    v = normalizeDatetimeLiteral(kind, s);
  } catch {
    throw wrong();
  }
  if (v === null) throw wrong();
  return v;
}

function boolText(s: string): string | null {
  const t = s.trim().toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t)) return 'true';
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(t)) return 'false';
  return null;
}

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/**
 * The rows of a `jammi.publish` payload (one object, or an array of objects), each as the
 * text values of the topic's columns in order. Unknown keys and mistyped values are refused
 * (22023) before anything is written.
 */
export function payloadRows(columns: readonly TopicColumn[], payload: unknown): (string | null)[][] {
  const items = Array.isArray(payload) ? payload : [payload];
  if (items.length === 0) throw bad('the payload is an empty array: nothing to publish');
  const known = new Set(columns.map((c) => c.name));
  return items.map((item, i) => {
    const where = Array.isArray(payload) ? ` (element ${i})` : '';
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw bad(`a topic event must be a JSON object${where}, got ${shown(item)}`);
    for (const k of Object.keys(item)) {
      if (!known.has(k)) throw bad(`the topic has no column "${k}"${where}`, `Columns: ${columns.map((c) => c.name).join(', ')}.`);
    }
    return columns.map((c) => columnValue(c, (item as Record<string, unknown>)[c.name], 'json'));
  });
}
