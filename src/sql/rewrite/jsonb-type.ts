import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * DuckDB has no jsonb. A cast to jsonb becomes `jammi_pg.main.jsonb_in(x)`, which checks the
 * text and stores it in jsonb's normalised form (keys sorted, duplicates dropped, `", "` and
 * `": "`), so later operators and `::text` see what Postgres's jsonb holds; every other jsonb
 * type name (a column definition, `jsonb[]`) becomes DuckDB's JSON.
 * Runs after the json operator and function rewrites, which read `::jsonb` to know an
 * operand is jsonb, and after nameResultColumns (the column stays `jsonb`).
 */
export const rewriteJsonbType: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const cast = path.node as AstFields;
      const t = cast.typeName as AstFields | undefined;
      if (t?.arrayBounds || builtinTypeName(t) !== 'jsonb') return;
      replaceNode(path, funcCall(pgFunctionName('jsonb_in'), [cast.arg as AstNode]));
      changed = true;
    },
    TypeName(path: AstPath) {
      const t = path.node as AstFields;
      if (builtinTypeName(t) !== 'jsonb') return;
      t.names = [{ String: { sval: 'json' } }];
      changed = true;
    },
  });
  return { stmt, changed };
};
