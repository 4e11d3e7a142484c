import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `x::text` is x's output text in Postgres: `-1e+10` for a float8, `1 mon` for an interval,
 * `{1,2}` for an array, `\x01` for bytea, where DuckDB's cast prints its own forms. Casts
 * to text and unbounded varchar of anything but a constant or a parameter go through a
 * macro that prints those types as Postgres does.
 */
export const rewriteTextCasts: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const type = builtinTypeName(f.typeName as AstFields);
      if ((type !== 'text' && type !== 'varchar') || f.typeName?.arrayBounds || f.typeName?.typmods) return;
      const arg = f.arg as AstNode;
      if (arg.A_Const || arg.ParamRef) return;
      replaceNode(path, funcCall(pgFunctionName('to_text'), [arg]));
      changed = true;
    },
  });
  return { stmt, changed };
};
