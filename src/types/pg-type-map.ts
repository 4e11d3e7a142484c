import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { arrayOidOf, PgOid, typlenOf } from './pg-oids.js';

/** How a value is encoded; each kind has exactly one text and one binary encoder. */
export type EncoderKind =
  | 'bool'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'text'
  | 'json'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timetz'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'uuid'
  | 'bit'
  /** oid and the reg* OID types printed as numbers: 4 bytes unsigned in binary. */
  | 'oid'
  /** int2vector and oidvector: arrays printed as space-separated elements. */
  | 'vector'
  /** pgvector's vector: float4 elements printed `[1,2.5,3]`; binary is a dimension count then float4s. */
  | 'pgvector'
  | 'array'
  | 'record'
  | 'composite';

/** What a client sees of a result column: its Postgres type and how its values are encoded. */
export interface PgTypeDesc {
  oid: number;
  typlen: number;
  typmod: number;
  kind: EncoderKind;
  /** For arrays: the element's description. */
  element?: PgTypeDesc;
  /** For records: each field's description. */
  fields?: PgTypeDesc[];
  /**
   * numeric: print without trailing fractional zeros. A column declared `numeric` without a
   * scale is stored at a fixed one (DECIMAL(38,10)), whose padding zeros Postgres never printed.
   */
  trimScale?: boolean;
}

const scalar = (oid: number, kind: EncoderKind, typmod = -1): PgTypeDesc => ({ oid, kind, typmod, typlen: typlenOf[oid] ?? -1 });

type TypeIdName = keyof typeof DuckDBTypeId;

/**
 * The DuckDB alias of a VARCHAR holding a Postgres numeric's exact text: a numeric quotient's
 * scale depends on the operands' values (select_div_scale), which no DECIMAL(p,s) carries row
 * by row, so a top-level quotient travels as text and is reported and encoded as numeric.
 */
export const NUMERIC_TEXT_ALIAS = 'PG_NUMERIC';

/**
 * The one map from DuckDB types to Postgres types. Keyed by every DuckDBTypeId so a new
 * DuckDB type fails to compile until it is mapped.
 */
const byTypeId: Record<TypeIdName, (t: DuckDBType) => PgTypeDesc> = {
  INVALID: () => scalar(PgOid.text, 'text'),
  BOOLEAN: () => scalar(PgOid.bool, 'bool'),
  TINYINT: () => scalar(PgOid.int2, 'int2'),
  SMALLINT: () => scalar(PgOid.int2, 'int2'),
  INTEGER: () => scalar(PgOid.int4, 'int4'),
  BIGINT: () => scalar(PgOid.int8, 'int8'),
  UTINYINT: () => scalar(PgOid.int2, 'int2'),
  USMALLINT: () => scalar(PgOid.int4, 'int4'),
  UINTEGER: () => scalar(PgOid.int8, 'int8'),
  UBIGINT: () => scalar(PgOid.numeric, 'numeric'),
  HUGEINT: () => scalar(PgOid.numeric, 'numeric'),
  UHUGEINT: () => scalar(PgOid.numeric, 'numeric'),
  BIGNUM: () => scalar(PgOid.numeric, 'numeric'),
  FLOAT: () => scalar(PgOid.float4, 'float4'),
  DOUBLE: () => scalar(PgOid.float8, 'float8'),
  DECIMAL: (t) => {
    const d = t as DuckDBType & { width: number; scale: number };
    // Postgres typmod for numeric(p,s): ((p << 16) | s) + VARHDRSZ
    return scalar(PgOid.numeric, 'numeric', ((d.width << 16) | d.scale) + 4);
  },
  VARCHAR: (t) => {
    if (t.alias === 'JSON') return scalar(PgOid.json, 'json');
    // A numeric's exact text (a quotient whose scale varies by row): numeric, typmod -1.
    if (t.alias === NUMERIC_TEXT_ALIAS) return scalar(PgOid.numeric, 'numeric');
    return scalar(PgOid.text, 'text');
  },
  STRING_LITERAL: () => scalar(PgOid.text, 'text'),
  INTEGER_LITERAL: () => scalar(PgOid.int4, 'int4'),
  BLOB: () => scalar(PgOid.bytea, 'bytea'),
  DATE: () => scalar(PgOid.date, 'date'),
  TIME: () => scalar(PgOid.time, 'time'),
  TIME_NS: () => scalar(PgOid.time, 'time'),
  TIME_TZ: () => scalar(PgOid.timetz, 'timetz'),
  TIMESTAMP: () => scalar(PgOid.timestamp, 'timestamp'),
  TIMESTAMP_S: () => scalar(PgOid.timestamp, 'timestamp'),
  TIMESTAMP_MS: () => scalar(PgOid.timestamp, 'timestamp'),
  TIMESTAMP_NS: () => scalar(PgOid.timestamp, 'timestamp'),
  TIMESTAMP_TZ: () => scalar(PgOid.timestamptz, 'timestamptz'),
  INTERVAL: () => scalar(PgOid.interval, 'interval'),
  UUID: () => scalar(PgOid.uuid, 'uuid'),
  BIT: () => scalar(PgOid.varbit, 'bit'),
  ENUM: () => scalar(PgOid.text, 'text'),
  LIST: (t) => arrayOf(pgTypeOf((t as DuckDBType & { valueType: DuckDBType }).valueType)),
  ARRAY: (t) => arrayOf(pgTypeOf((t as DuckDBType & { valueType: DuckDBType }).valueType)),
  // Postgres has no struct/map/union; JSON keeps their structure readable by every client.
  STRUCT: (t) => {
    const st = t as DuckDBType & { entryNames: string[]; entryTypes: DuckDBType[] };
    // ROW(1, 'a') has unnamed fields: that is a Postgres record, `(1,a)`. Named fields read better as JSON.
    if (st.entryNames.every((n) => n === '')) return { ...scalar(PgOid.record, 'record'), fields: st.entryTypes.map(pgTypeOf) };
    return scalar(PgOid.json, 'composite');
  },
  MAP: () => scalar(PgOid.json, 'composite'),
  UNION: () => scalar(PgOid.json, 'composite'),
  VARIANT: () => scalar(PgOid.json, 'composite'),
  GEOMETRY: () => scalar(PgOid.text, 'text'),
  ANY: () => scalar(PgOid.text, 'text'),
  SQLNULL: () => scalar(PgOid.text, 'text'),
};

function arrayOf(element: PgTypeDesc): PgTypeDesc {
  // Nested lists are multi-dimensional arrays of the innermost element in Postgres.
  const inner = element.kind === 'array' && element.element ? element.element : element;
  const oid = arrayOidOf[inner.oid] ?? 1009;
  return { oid, typlen: -1, typmod: inner.typmod, kind: 'array', element: element };
}

/** The Postgres type a DuckDB column is reported and encoded as. */
export function pgTypeOf(t: DuckDBType): PgTypeDesc {
  const name = DuckDBTypeId[t.typeId] as TypeIdName;
  return byTypeId[name](t);
}

/** The Postgres type name (format_type style, with typmod) for a DuckDB type, as shown in catalogs. */
export function pgTypeNameOf(t: DuckDBType): string {
  const d = pgTypeOf(t);
  return typeName(d);
}

function typeName(d: PgTypeDesc): string {
  if (d.kind === 'array' && d.element) return `${typeName(d.element)}[]`;
  if (d.oid === PgOid.numeric && d.typmod > 0) {
    const m = d.typmod - 4;
    return `numeric(${m >> 16},${m & 0xffff})`;
  }
  return oidNames[d.oid] ?? 'text';
}

const oidNames: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1266: 'timetz',
  1562: 'varbit',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
};

const kindByOid: Record<number, EncoderKind> = {
  16: 'bool',
  17: 'bytea',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1043: 'text',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'json',
};

const elementByArrayOid = new Map(Object.entries(arrayOidOf).map(([el, arr]) => [arr as number, Number(el)]));
/** The catalogs' vector types and their element types: int2vector of int2, oidvector of oid. */
const elementByVectorOid = new Map<number, number>([
  [PgOid.int2vector, PgOid.int2],
  [PgOid.oidvector, PgOid.oid],
]);
const descCache = new Map<number, PgTypeDesc>();

/** A description for values jammi produces itself (admin results, SHOW), by Postgres OID. Cached: it runs per execution. */
export function descForOid(oid: number): PgTypeDesc {
  let d = descCache.get(oid);
  if (!d) {
    const el = elementByArrayOid.get(oid);
    const vectorOf = elementByVectorOid.get(oid);
    if (vectorOf !== undefined) d = { oid, typlen: -1, typmod: -1, kind: 'vector', element: descForOid(vectorOf) };
    else if (oid === PgOid.vector) d = { oid, typlen: -1, typmod: -1, kind: 'pgvector', element: descForOid(PgOid.float4) };
    else d = el !== undefined ? { oid, typlen: -1, typmod: -1, kind: 'array', element: descForOid(el) } : scalar(oid, kindByOid[oid] ?? 'text');
    descCache.set(oid, d);
  }
  return d;
}
