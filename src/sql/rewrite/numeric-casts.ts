import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { containsAggregate } from './aggregate-calls.js';
import { builtinName, builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import { plainDecimal } from './numeric-literals.js';
import { isQueryStatement } from './query-statement.js';
import type { Rewrite } from './rewrite.types.js';

/** DuckDB's widest DECIMAL. */
const MAX_PRECISION = 38;

/** The literal text of a constant cast operand (`'1.50'`, `1.5`, `7`), else null. */
function literalText(arg: AstNode): string | null {
  const c = arg.A_Const;
  if (!c || c.isnull) return null;
  if (c.sval) return String(c.sval.sval ?? '');
  if (c.fval) return String(c.fval.fval);
  if (c.ival) return String(c.ival.ival ?? 0);
  return null;
}

/**
 * `x::numeric` without a typmod keeps x's own scale in Postgres ('1.50'::numeric is 1.50),
 * while DuckDB's bare DECIMAL is DECIMAL(18,3) (1.500). A literal gets the DECIMAL(38, s) of
 * its written scale; any other operand goes through a macro that keeps a numeric's scale and
 * makes integers scale 0. The result column still reports typmod -1 (src/sql/result-types).
 * @see https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-NUMERIC-DECIMAL
 */
export const rewriteNumericCasts: Rewrite = (stmt) => {
  if (!isQueryStatement(stmt)) return { stmt, changed: false };
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const tn = f.typeName as AstFields | undefined;
      if (builtinTypeName(tn) !== 'numeric' || tn?.typmods?.length || tn?.arrayBounds) return;
      const arg = f.arg as AstNode;
      if (arg.A_Const?.isnull || arg.ParamRef) return;
      const text = literalText(arg);
      if (text !== null) {
        const d = plainDecimal(text);
        if (!d || d.precision > MAX_PRECISION) return;
        tn!.typmods = [MAX_PRECISION, d.scale].map((n) => ({ A_Const: { ival: n === 0 ? {} : { ival: n }, location: -1 } }));
      } else if (containsAggregate(arg)) {
        // No typed dispatch over an aggregate (DuckDB cannot type it there); a count is an integer.
        const fn = arg.FuncCall ? builtinName(arg.FuncCall.funcname as AstNode[]) : null;
        if (fn !== 'count') return;
        tn!.typmods = [MAX_PRECISION, 0].map((n) => ({ A_Const: { ival: n === 0 ? {} : { ival: n }, location: -1 } }));
      } else {
        replaceNode(path, funcCall(pgFunctionName('to_numeric'), [arg, structuredClone(arg)]));
      }
      changed = true;
    },
  });
  return { stmt, changed };
};
