import { walk } from '@pgsql/traverse';
import { PgOid } from '../types/index.js';
import { declaredType } from './declared-type.js';
import { type AstFields, type AstNode, nameList } from './ast.js';

/** The OID of a TypeName node (a cast's target), or 0 when jammi does not know it. */
export function oidOfTypeName(typeName: AstFields | undefined): number {
  return typeName ? (declaredType(typeName).oid ?? 0) : 0;
}

function constOid(node: AstNode | undefined): number {
  const c = node?.A_Const;
  if (!c || c.isnull) return 0;
  if (c.ival) return PgOid.int4;
  if (c.fval) return PgOid.numeric;
  if (c.boolval) return PgOid.bool;
  if (c.sval) return PgOid.text;
  return 0;
}

/** The type an argument visibly has: a constant's or a cast's; 0 when unknown. */
function typedOid(node: AstNode | undefined): number {
  if (node?.TypeCast) return oidOfTypeName(node.TypeCast.typeName as AstFields);
  return constOid(node);
}

const isDateTime = (oid: number) => oid === PgOid.date || oid === PgOid.timestamp || oid === PgOid.timestamptz;

/** What a statement's parameters look like before any value arrives. */
export interface ParamInfo {
  /** The highest $n mentioned. */
  count: number;
  /** Types Postgres would infer from context where DuckDB cannot (index, 0-based → OID). */
  inferred: ReadonlyMap<number, number>;
}

/** Parsed statements are shared (plan cache), so a repeated Parse finds its answer here. */
const memo = new WeakMap<AstNode, ParamInfo>();

/**
 * One walk over a statement: the number of parameters, and the types Postgres infers from
 * their immediate context: `$1::int` is an int4 parameter, and in `$1 + 1` or `x = $1`-style
 * operator expressions with a constant the parameter takes the constant's type.
 */
export function paramInfo(stmt: AstNode): ParamInfo {
  const hit = memo.get(stmt);
  if (hit) return hit;
  const inferred = new Map<number, number>();
  let count = 0;
  const param = (n: AstNode | undefined) => (n?.ParamRef ? ((n.ParamRef.number as number) ?? 0) - 1 : -1);
  walk(stmt, {
    ParamRef(path) {
      count = Math.max(count, ((path.node as AstFields).number as number | undefined) ?? 0);
    },
    TypeCast(path) {
      const f = path.node as AstFields;
      const i = param(f.arg as AstNode);
      const oid = oidOfTypeName(f.typeName as AstFields);
      if (i >= 0 && oid && !inferred.has(i)) inferred.set(i, oid);
    },
    FuncCall(path) {
      // Postgres resolves generate_series's bounds to one type: `generate_series(1, $1)`
      // makes $1 an int4, `generate_series(now(), $1, $2)` needs an interval step.
      const f = path.node as AstFields;
      const names = nameList(f.funcname as AstNode[]);
      if (names[names.length - 1] !== 'generate_series') return;
      const args = (f.args ?? []) as AstNode[];
      const known = [args[0], args[1]].map(typedOid).find((oid) => oid !== 0) ?? 0;
      if (!known) return;
      args.forEach((a, k) => {
        const i = param(a);
        const oid = k < 2 ? known : isDateTime(known) ? PgOid.interval : known;
        if (i >= 0 && !inferred.has(i)) inferred.set(i, oid);
      });
    },
    A_Expr(path) {
      const f = path.node as AstFields;
      if (f.kind !== 'AEXPR_OP') return;
      const l = param(f.lexpr as AstNode);
      const r = param(f.rexpr as AstNode);
      if (l >= 0 && r < 0 && !inferred.has(l) && constOid(f.rexpr as AstNode)) inferred.set(l, constOid(f.rexpr as AstNode));
      if (r >= 0 && l < 0 && !inferred.has(r) && constOid(f.lexpr as AstNode)) inferred.set(r, constOid(f.lexpr as AstNode));
    },
  });
  const info = { count, inferred };
  memo.set(stmt, info);
  return info;
}
