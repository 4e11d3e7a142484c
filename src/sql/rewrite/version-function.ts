import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `version()` is DuckDB's version there; clients (DBeaver, Metabase, SQLAlchemy) parse it
 * as Postgres's `PostgreSQL 15.x …`. The call becomes jammi's Postgres-style string.
 */
export const rewriteVersionFunction: Rewrite = (stmt, ctx) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const names = nameList(f.funcname as AstNode[]);
      const isVersion = names.length === 1 ? names[0] === 'version' : names.length === 2 && names[0] === 'pg_catalog' && names[1] === 'version';
      if (!isVersion || (f.args as unknown[] | undefined)?.length) return;
      const slot = path.container?.[path.containerKey as string | number];
      const literal = { A_Const: { sval: { sval: ctx.resolver.versionString() }, location: -1 } };
      // Keep the column name Postgres gives the call (`version`) when nothing else names it.
      const parent = path.parent;
      if (parent?.tag === 'ResTarget' && !(parent.node as AstFields).name) (parent.node as AstFields).name = 'version';
      path.replaceWith(slot && typeof slot === 'object' && 'FuncCall' in slot ? literal : literal.A_Const);
      changed = true;
    },
  });
  return { stmt, changed };
};
