import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName, funcCall, intConst, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const textCast = (arg: AstNode): AstNode => ({ TypeCast: { arg, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } });

/**
 * DuckDB ignores the length of `varchar(n)` and `char(n)`. An explicit cast in Postgres
 * truncates to n characters; `char(n)` also ignores trailing blanks in comparisons, length
 * and concatenation, so the value is kept without them (the row encoder pads a `char(n)`
 * result column back to n, from the result-type hint).
 * @see https://www.postgresql.org/docs/15/datatype-character.html
 */
export const rewriteCharCasts: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const type = builtinTypeName(f.typeName as AstFields);
      if ((type !== 'varchar' && type !== 'bpchar') || f.typeName?.arrayBounds) return;
      const mods = (f.typeName?.typmods ?? []) as AstNode[];
      // The grammar spells `char` alone as bpchar(1); a bare `bpchar`, like `varchar`, has no limit.
      const n = mods.length ? Number(mods[0].A_Const?.ival?.ival ?? NaN) : null;
      if (n === null ? type === 'varchar' : !Number.isInteger(n)) return;
      const cut = n === null ? textCast(f.arg as AstNode) : funcCall(['left'], [textCast(f.arg as AstNode), intConst(n)]);
      f.arg = type === 'bpchar' ? funcCall(['rtrim'], [cut, stringConst(' ')]) : cut;
      changed = true;
    },
  });
  return { stmt, changed };
};
