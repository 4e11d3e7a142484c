import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';
import { builtinOperator } from './ast-build.js';

/** The NULL constant an operand is (`NULL` or `NULL::type`), with its cast's type name if any. */
function nullOperand(node: AstNode | undefined): { typeName?: AstFields } | null {
  if (node?.A_Const?.isnull) return {};
  const cast = node?.TypeCast;
  if (cast && (cast.arg as AstNode | undefined)?.A_Const?.isnull) return { typeName: cast.typeName as AstFields };
  return null;
}

const textType = (): AstFields => ({ names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 });

/**
 * `x || NULL` is NULL in both engines, but DuckDB folds it to an INTEGER NULL whatever `x`
 * is, so the column's type is wrong. The expression becomes a NULL of the type Postgres
 * gives it: `x`'s own type for an expression (`CASE WHEN false THEN x END`, so text stays
 * text and arrays stay arrays), the NULL's cast type, or text between constants.
 * Runs after nameResultColumns, which names it `?column?` from what the user wrote.
 */
export const rewriteNullConcat: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if (builtinOperator(f) !== '||') return;
      const left = nullOperand(f.lexpr as AstNode);
      const right = nullOperand(f.rexpr as AstNode);
      const theNull = left ?? right;
      if (!theNull) return;
      const other = (left ? f.rexpr : f.lexpr) as AstNode;
      const otherIsExpr = !other.A_Const && !nullOperand(other) && !(other.TypeCast?.arg as AstNode | undefined)?.A_Const;
      const location = f.location ?? -1;
      const replacement: AstNode =
        otherIsExpr && !theNull.typeName
          ? { CaseExpr: { args: [{ CaseWhen: { expr: { A_Const: { boolval: {}, location } }, result: other, location } }], location } }
          : { TypeCast: { arg: { A_Const: { isnull: true, location } }, typeName: theNull.typeName ?? textType(), location } };
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'A_Expr' in slot;
      path.replaceWith(wrapped ? replacement : Object.values(replacement)[0]);
      changed = true;
    },
  });
  return { stmt, changed };
};
