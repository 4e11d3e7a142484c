/**
 * Postgres type OIDs jammi reports, with their array types and sizes, as pg_type has them
 * in PostgreSQL 15.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/include/catalog/pg_type.dat
 */
export const PgOid = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int2vector: 22,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  oidvector: 30,
  json: 114,
  float4: 700,
  float8: 701,
  unknown: 705,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  bit: 1560,
  varbit: 1562,
  numeric: 1700,
  record: 2249,
  uuid: 2950,
  jsonb: 3802,
  void: 2278,
  /** pgvector's `vector` (an extension type: jammi gives it a fixed OID below the user range, shown in pg_type). */
  vector: 16200,
} as const;

export type PgScalarName = keyof typeof PgOid;

/** Array type OID of each element type. */
export const arrayOidOf: Readonly<Partial<Record<number, number>>> = {
  16: 1000,
  17: 1001,
  18: 1002,
  19: 1003,
  20: 1016,
  21: 1005,
  23: 1007,
  25: 1009,
  26: 1028,
  114: 199,
  700: 1021,
  701: 1022,
  1042: 1014,
  1043: 1015,
  1082: 1182,
  1083: 1183,
  1114: 1115,
  1184: 1185,
  1186: 1187,
  1266: 1270,
  1560: 1561,
  1562: 1563,
  1700: 1231,
  2249: 2287,
  2950: 2951,
  3802: 3807,
  16200: 16201,
};

/** Element OID of each array OID (the inverse of arrayOidOf). */
export const elementOidOf: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(arrayOidOf).map(([el, arr]) => [arr, Number(el)]),
);

/** typlen as pg_type reports it (-1 variable length). */
export const typlenOf: Readonly<Record<number, number>> = {
  16: 1,
  18: 1,
  19: 64,
  20: 8,
  21: 2,
  23: 4,
  26: 4,
  700: 4,
  701: 8,
  1082: 4,
  1083: 8,
  1114: 8,
  1184: 8,
  1186: 16,
  1266: 12,
  2950: 16,
};

/** The type name Postgres's format_type() prints for an OID (arrays as elem[]). */
export const pgTypeNameOf: Readonly<Record<number, string>> = {
  16: 'boolean',
  17: 'bytea',
  18: '"char"',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'real',
  701: 'double precision',
  705: 'unknown',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1186: 'interval',
  1266: 'time with time zone',
  1560: 'bit',
  1562: 'bit varying',
  1700: 'numeric',
  2249: 'record',
  2950: 'uuid',
  3802: 'jsonb',
  16200: 'vector',
};
