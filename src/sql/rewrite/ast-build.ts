import type { AstPath } from '../ast-traverse.js';
import { pgSessionZoneVariable } from '../../engine/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';

/** A string constant node. */
export const stringConst = (s: string): AstNode => ({ A_Const: { sval: { sval: s }, location: -1 } });

/** An integer constant node (the parser omits a zero ival). */
export const intConst = (n: number): AstNode => ({ A_Const: { ival: n === 0 ? {} : { ival: n }, location: -1 } });

/** A plain call `name(args)` with a (possibly qualified) name. */
export const funcCall = (name: readonly string[], args: AstNode[]): AstNode => ({
  FuncCall: { funcname: name.map((sval) => ({ String: { sval } })), args, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 },
});

/** `getvariable('jammi_timezone')`: the session's TimeZone, the first argument of the natives that print timestamptz. */
export const sessionTimeZone = (): AstNode => funcCall(['getvariable'], [stringConst(pgSessionZoneVariable)]);

/** The name of a call to a Postgres built-in (unqualified or `pg_catalog.`), else null. */
export function builtinName(funcname: AstNode[] | undefined): string | null {
  const names = nameList(funcname);
  if (names.length === 1) return names[0];
  return names.length === 2 && names[0] === 'pg_catalog' ? names[1] : null;
}

/** The operator of a plain operator expression (`a || b`, `OPERATOR(pg_catalog.~)`), else null. */
export function builtinOperator(expr: AstFields): string | null {
  return expr.kind === 'AEXPR_OP' ? builtinName(expr.name as AstNode[]) : null;
}

/** The built-in type a TypeName names (`int4` from `pg_catalog.int4` or `int4`), else null. */
export function builtinTypeName(typeName: AstFields | undefined): string | null {
  return builtinName(typeName?.names as AstNode[] | undefined);
}

/**
 * Replace the node at `path` with a wrapped node. @pgsql/traverse hands visitors the fields
 * of a node; the slot holding it is either wrapped (`{FuncCall: {...}}`, most places) or
 * bare (a few typed fields), so the replacement takes the slot's shape.
 */
export function replaceNode(path: AstPath, node: AstNode): void {
  const slot = path.container?.[path.containerKey as string | number] as unknown;
  const wrapped = typeof slot === 'object' && slot !== null && path.tag in slot;
  path.replaceWith(wrapped ? node : Object.values(node)[0]);
}
