import { type MutablePath, traverse } from '@pgsql/traverse';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** Window functions whose Postgres result type is narrower than DuckDB's, and that type. */
const resultTypes: Record<string, string> = { ntile: 'int4' };

/**
 * `ntile(n) OVER (...)` is integer in Postgres and BIGINT in DuckDB; the call is cast to
 * Postgres's type. Runs after nameResultColumns, so the column keeps the name `ntile`.
 */
export const rewriteWindowTypes: Rewrite = (stmt) => {
  let changed = false;
  const cast = new WeakSet<object>();
  traverse(stmt, {
    FuncCall(path: MutablePath) {
      const f = path.node as AstFields;
      if (!f.over || cast.has(f)) return;
      const names = nameList(f.funcname as AstNode[]);
      if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return;
      const type = resultTypes[names[names.length - 1]];
      if (!type) return;
      cast.add(f);
      const replacement: AstNode = {
        TypeCast: { arg: { FuncCall: f }, typeName: { names: [{ String: { sval: type } }], typemod: -1, location: -1 }, location: -1 },
      };
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'FuncCall' in slot;
      path.replaceWith(wrapped ? replacement : Object.values(replacement)[0]);
      changed = true;
    },
  });
  return { stmt, changed };
};
