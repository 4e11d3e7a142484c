import { type AstNode, nameList } from '../ast.js';
import type { HintRule } from './result-types.types.js';

const VARHDRSZ = 4;

/** The integer typmod arguments of a TypeName (`varchar(10)` → [10]). */
function typmodArgs(typeName: AstNode['x']): number[] | null {
  const mods = (typeName.typmods ?? []) as AstNode[];
  const out: number[] = [];
  for (const m of mods) {
    const v = m.A_Const?.ival;
    if (!v && !m.A_Const) return null;
    out.push(Number(v?.ival ?? 0));
  }
  return out;
}

/** Types whose Postgres OID DuckDB's map cannot tell apart (DuckDB has one VARCHAR and one JSON). */
const oidByTypeName: Record<string, number> = {
  varchar: 1043,
  bpchar: 1042,
  json: 114,
  jsonb: 3802,
  numeric: 1700,
  name: 19,
  oid: 26,
  regclass: 2205,
  regtype: 2206,
  regproc: 24,
  regprocedure: 2202,
  regnamespace: 4089,
  regrole: 4096,
  vector: 16200,
};

/**
 * A cast decides the column's type and typmod: `x::varchar(10)` is varchar with typmod 14,
 * `x::char(4)` bpchar 8, `x::numeric(6,2)` 393222, `x::numeric` typmod -1, `x::jsonb` jsonb.
 */
export const castTarget: HintRule = (expr) => {
  const cast = expr.TypeCast;
  if (!cast || cast.typeName?.arrayBounds) return undefined;
  const names = nameList(cast.typeName?.names as AstNode[]);
  const name = names[names.length - 1];
  const oid = oidByTypeName[name];
  if (oid === undefined) return undefined;
  const args = typmodArgs(cast.typeName);
  if (args === null) return undefined;
  switch (name) {
    case 'varchar':
      return { oid, typmod: args.length ? args[0] + VARHDRSZ : -1 };
    case 'bpchar':
      // The grammar spells `char` alone as bpchar(1); a bare `bpchar` has no length.
      return { oid, typmod: args.length ? args[0] + VARHDRSZ : -1 };
    case 'numeric':
      return { oid, typmod: args.length ? ((args[0] << 16) | (args[1] ?? 0)) + VARHDRSZ : -1 };
    case 'vector':
      return { oid, typmod: args.length ? args[0] : -1 };
    default:
      return { oid, typmod: -1 };
  }
};
