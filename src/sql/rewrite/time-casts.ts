import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `tz::time` is the time of day in the session's zone in Postgres; DuckDB has no such cast.
 * Casts to `time` of anything but a literal or a parameter go through a macro that casts a
 * timestamptz via its local timestamp and anything else as before.
 */
export const rewriteTimeCasts: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const arg = f.arg as AstNode;
      if (builtinTypeName(f.typeName as AstFields) !== 'time' || f.typeName?.typmods || f.typeName?.arrayBounds || arg.A_Const || arg.ParamRef) return;
      replaceNode(path, funcCall(pgFunctionName('time_cast'), [arg]));
      changed = true;
    },
  });
  return { stmt, changed };
};
