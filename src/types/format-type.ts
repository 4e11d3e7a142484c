import { elementOidOf, PgOid, pgTypeNameOf } from './pg-oids.js';

const VARHDRSZ = 4;

/** The typmod Postgres stores for `numeric(p,s)`. */
export const numericTypmod = (precision: number, scale: number): number => ((precision << 16) | (scale & 0xffff)) + VARHDRSZ;

/** The typmod Postgres stores for `varchar(n)` and `char(n)`. */
export const lengthTypmod = (n: number): number => n + VARHDRSZ;

/** A type's modifier as format_type() prints it after the name, or '' for none. */
function modifier(oid: number, typmod: number): string {
  if (typmod < 0) return '';
  switch (oid) {
    case PgOid.varchar:
    case PgOid.bpchar:
      return `(${typmod - VARHDRSZ})`;
    case PgOid.numeric: {
      const m = typmod - VARHDRSZ;
      return `(${(m >> 16) & 0xffff},${m & 0xffff})`;
    }
    case PgOid.time:
    case PgOid.timetz:
    case PgOid.timestamp:
    case PgOid.timestamptz:
    case PgOid.bit:
    case PgOid.varbit:
    case PgOid.vector:
      return `(${typmod})`;
    default:
      return '';
  }
}

/**
 * A type's name as Postgres's format_type(oid, typmod) prints it: `character varying(20)`,
 * `numeric(10,2)`, `timestamp(3) with time zone`, `text[]`. Undefined for an OID jammi does not know.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/format_type.c
 */
export function formatType(oid: number, typmod = -1): string | undefined {
  const element = elementOidOf[oid];
  if (element !== undefined) {
    const inner = formatType(element, typmod);
    return inner === undefined ? undefined : `${inner}[]`;
  }
  const name = pgTypeNameOf[oid];
  if (name === undefined) return undefined;
  const mod = modifier(oid, typmod);
  // The time types put the precision between the name and "with(out) time zone".
  const zone = / with(out)? time zone$/.exec(name);
  if (mod && zone) return name.slice(0, zone.index) + mod + zone[0];
  if (oid === PgOid.bpchar && typmod < 0) return 'bpchar';
  return name + mod;
}
