import { type AstPath, traverse } from '../ast-traverse.js';
import { elementOidOf, PgOid } from '../../types/index.js';
import type { AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** Type names (valid in both Postgres and DuckDB) for the OIDs a client may declare in Parse. */
const castNames: Record<number, string[]> = {
  [PgOid.bool]: ['bool'],
  [PgOid.bytea]: ['bytea'],
  [PgOid.int2]: ['int2'],
  [PgOid.int4]: ['int4'],
  [PgOid.int8]: ['int8'],
  [PgOid.oid]: ['int8'],
  [PgOid.float4]: ['float4'],
  [PgOid.float8]: ['float8'],
  [PgOid.numeric]: ['numeric'],
  [PgOid.text]: ['text'],
  [PgOid.varchar]: ['varchar'],
  [PgOid.bpchar]: ['text'],
  [PgOid.name]: ['text'],
  [PgOid.date]: ['date'],
  [PgOid.time]: ['time'],
  [PgOid.timestamp]: ['timestamp'],
  [PgOid.timestamptz]: ['timestamptz'],
  [PgOid.interval]: ['interval'],
  [PgOid.uuid]: ['uuid'],
  [PgOid.json]: ['json'],
  [PgOid.jsonb]: ['json'],
};

/** The TypeName node for an OID, or null when jammi leaves the parameter's type to inference. */
export function typeNameForOid(oid: number): AstNode | null {
  const el = elementOidOf[oid];
  const names = castNames[el ?? oid];
  if (!names) return null;
  const typeName: Record<string, unknown> = { names: names.map((sval) => ({ String: { sval } })), typemod: -1 };
  if (el !== undefined) typeName.arrayBounds = [{ Integer: { ival: -1 } }];
  return typeName as AstNode;
}

/**
 * Parameters whose type the client declared in Parse become `CAST($n AS type)`, so DuckDB
 * types them as Postgres would instead of inferring (or failing to infer) from context.
 */
export function castDeclaredParams(paramTypes: readonly number[]): Rewrite {
  return (stmt) => {
    let changed = false;
    if (!paramTypes.some((o) => o !== 0)) return { stmt, changed };
    // traverse() descends into a replacement, so the ParamRef inside each new cast is met again.
    const placed = new WeakSet<object>();
    traverse(stmt, {
      ParamRef(path: AstPath) {
        if (placed.has(path.node as object)) return;
        const n = (path.node as { number?: number }).number ?? 0;
        const typeName = typeNameForOid(paramTypes[n - 1] ?? 0);
        if (!typeName) return;
        // A ParamRef that is already the argument of a cast keeps the user's cast outermost.
        const slot = path.container?.[path.containerKey as string | number];
        const wrapped = slot && typeof slot === 'object' && 'ParamRef' in slot;
        if (!wrapped) return;
        const inner = { ...path.node };
        placed.add(inner);
        path.replaceWith({ TypeCast: { arg: { ParamRef: inner }, typeName, location: -1 } });
        changed = true;
      },
    });
    return { stmt, changed };
  };
}
