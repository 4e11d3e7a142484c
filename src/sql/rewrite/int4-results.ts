import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** Window functions whose result is integer in Postgres and BIGINT in DuckDB. */
const int4Windows = new Set(['ntile']);

const asInt4 = (node: AstNode): AstNode => ({
  TypeCast: { arg: node, typeName: { names: [{ String: { sval: 'int4' } }], typemod: -1, location: -1 }, location: -1 },
});

/**
 * `ntile(n) OVER (...)` and `grouping(...)` are integer in Postgres and BIGINT in DuckDB;
 * each is cast to Postgres's type. Runs after nameResultColumns, so the columns keep the
 * names `ntile` and `grouping`.
 */
export const rewriteInt4Results: Rewrite = (stmt) => {
  let changed = false;
  const cast = new WeakSet<object>();
  const replace = (path: AstPath, tag: string) => {
    cast.add(path.node as object);
    const replacement = asInt4({ [tag]: path.node } as AstNode);
    const slot = path.container?.[path.containerKey as string | number];
    const wrapped = slot && typeof slot === 'object' && tag in slot;
    path.replaceWith(wrapped ? replacement : Object.values(replacement)[0]);
    changed = true;
  };
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (!f.over || cast.has(f)) return;
      const names = nameList(f.funcname as AstNode[]);
      if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return;
      if (int4Windows.has(names[names.length - 1])) replace(path, 'FuncCall');
    },
    GroupingFunc(path: AstPath) {
      if (!cast.has(path.node as object)) replace(path, 'GroupingFunc');
    },
  });
  return { stmt, changed };
};
