import { arrayOidOf, formatType, lengthTypmod, numericTypmod, PgOid } from '../types/index.js';
import { type AstFields, type AstNode, nameList } from './ast.js';

/** A column type as a client declared it (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE). */
export interface DeclaredType {
  /** format_type() spelling: `character varying(20)`, `numeric(10,2)`, `jsonb`, `text[]`; a user type (enum) as written. */
  name: string;
  /** The Postgres OID, or null for a type jammi does not know (an enum: DuckDB's type decides). */
  oid: number | null;
  typmod: number;
}

/** Built-in type names as the grammar leaves them (after `int` → int4, `char(n)` → bpchar(n)). */
const oidByName: Record<string, number> = {
  bool: PgOid.bool,
  boolean: PgOid.bool,
  bytea: PgOid.bytea,
  int2: PgOid.int2,
  smallint: PgOid.int2,
  smallserial: PgOid.int2,
  serial2: PgOid.int2,
  int4: PgOid.int4,
  int: PgOid.int4,
  integer: PgOid.int4,
  serial: PgOid.int4,
  serial4: PgOid.int4,
  int8: PgOid.int8,
  bigint: PgOid.int8,
  bigserial: PgOid.int8,
  serial8: PgOid.int8,
  float4: PgOid.float4,
  real: PgOid.float4,
  float8: PgOid.float8,
  numeric: PgOid.numeric,
  decimal: PgOid.numeric,
  text: PgOid.text,
  varchar: PgOid.varchar,
  bpchar: PgOid.bpchar,
  name: PgOid.name,
  date: PgOid.date,
  time: PgOid.time,
  timetz: PgOid.timetz,
  timestamp: PgOid.timestamp,
  timestamptz: PgOid.timestamptz,
  interval: PgOid.interval,
  uuid: PgOid.uuid,
  json: PgOid.json,
  jsonb: PgOid.jsonb,
  bit: PgOid.bit,
  varbit: PgOid.varbit,
  vector: PgOid.vector,
};

/** `serial` and friends: an integer column whose default is the next value of a sequence. */
const serials = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** Whether a TypeName is one of the serial pseudo-types. */
export function isSerial(typeName: AstFields | undefined): boolean {
  const names = nameList(typeName?.names as AstNode[]);
  return names.length === 1 && serials.has(names[0]);
}

/** The integer typmod arguments of a TypeName (`varchar(10)` → [10]); null if one is not a constant. */
function typmodArgs(typeName: AstFields): number[] | null {
  const out: number[] = [];
  for (const m of (typeName.typmods ?? []) as AstNode[]) {
    if (!m.A_Const) return null;
    out.push(Number(m.A_Const.ival?.ival ?? 0));
  }
  return out;
}

/** The typmod Postgres stores for a type written with these arguments. */
function typmodOf(oid: number, args: number[]): number {
  if (args.length === 0) return -1;
  switch (oid) {
    case PgOid.varchar:
    case PgOid.bpchar:
      return lengthTypmod(args[0]);
    case PgOid.numeric:
      return numericTypmod(args[0], args[1] ?? 0);
    case PgOid.time:
    case PgOid.timetz:
    case PgOid.timestamp:
    case PgOid.timestamptz:
    case PgOid.bit:
    case PgOid.varbit:
    case PgOid.vector:
      return args[0];
    default:
      // interval's field masks: jammi reports interval without a typmod.
      return -1;
  }
}

/**
 * The Postgres type a TypeName declares, spelled as format_type() prints it. Built-in names
 * may be qualified with pg_catalog; any other name is a user type, kept as written.
 */
export function declaredType(typeName: AstFields): DeclaredType {
  const names = nameList(typeName.names as AstNode[]);
  const base = names[names.length - 1];
  const builtin = names.length === 1 || names[0] === 'pg_catalog' ? oidByName[base] : undefined;
  const isArray = ((typeName.arrayBounds ?? []) as AstNode[]).length > 0;
  const args = typmodArgs(typeName);
  if (builtin === undefined || args === null) {
    return { name: names.join('.') + (isArray ? '[]' : ''), oid: null, typmod: -1 };
  }
  const typmod = typmodOf(builtin, args);
  const oid = isArray ? (arrayOidOf[builtin] ?? null) : builtin;
  const name = oid === null ? undefined : formatType(oid, typmod);
  return name === undefined || oid === null ? { name: names.join('.') + (isArray ? '[]' : ''), oid: null, typmod: -1 } : { name, oid, typmod };
}
