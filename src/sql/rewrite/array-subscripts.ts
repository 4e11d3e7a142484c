import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

const int = (ival: number): AstNode => ({ A_Const: { ival: ival ? { ival } : {}, location: -1 } });
const compare = (op: string, l: AstNode, r: AstNode): AstNode => ({ A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: op } }], lexpr: l, rexpr: r, location: -1 } });
/** `CASE WHEN x <op> limit THEN x ELSE otherwise END` (NULL stays NULL, as Postgres's bound does). */
const clamp = (x: AstNode, op: string, limit: number, otherwise: AstNode | undefined): AstNode => ({
  CaseExpr: { args: [{ CaseWhen: { expr: compare(op, x, int(limit)), result: x, location: -1 } }], ...(otherwise ? { defresult: otherwise } : {}), location: -1 },
});

/** Whether a subscript is integer arithmetic whose sign is unknown (`n - 5`, `-k`); a plain column may be a map key. */
const isArithmetic = (x: AstNode) => Boolean(x.A_Expr && x.A_Expr.kind === 'AEXPR_OP' && ['+', '-', '*', '/', '%'].includes(x.A_Expr.name?.[0]?.String?.sval));

/**
 * Subscripts count from 1 in both engines, but DuckDB reads a negative one from the end
 * (`a[-1]` is the last element) where Postgres finds nothing (NULL, or an empty slice).
 * A negative or zero element subscript becomes NULL, a slice's lower bound below 1 becomes 1
 * and its upper bound below 0 becomes 0; a computed subscript gets the same rule as a CASE.
 * @see https://www.postgresql.org/docs/15/arrays.html#ARRAYS-ACCESSING
 */
export const rewriteArraySubscripts: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Indices(path: AstPath) {
      const f = path.node as AstFields;
      const fix = (key: 'lidx' | 'uidx', limit: number, otherwise: number | undefined) => {
        const x = f[key] as AstNode | undefined;
        if (!x) return;
        const v = constValue(x);
        if (typeof v === 'number') {
          if (v >= limit) return;
          f[key] = otherwise === undefined ? { A_Const: { isnull: true, location: -1 } } : int(otherwise);
        } else if (isArithmetic(x)) {
          f[key] = clamp(x, '>=', limit, otherwise === undefined ? undefined : int(otherwise));
        } else return;
        changed = true;
      };
      if (!f.is_slice) fix('uidx', 1, undefined);
      else {
        fix('lidx', 1, 1);
        fix('uidx', 0, 0);
      }
    },
  });
  return { stmt, changed };
};
