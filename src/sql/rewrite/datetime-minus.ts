import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { builtinName, builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const staticTypes = new Set(['date', 'time']);

/** Whether an expression is a date or time by its spelling alone: a typed literal, a cast, `current_date`. */
function isDateOrTime(node: AstNode | undefined): boolean {
  if (!node) return false;
  if (node.TypeCast) return staticTypes.has(builtinTypeName(node.TypeCast.typeName as AstFields) ?? '');
  if (node.SQLValueFunction) return ['SVFOP_CURRENT_DATE', 'SVFOP_CURRENT_TIME', 'SVFOP_LOCALTIME'].includes(node.SQLValueFunction.op as string);
  if (node.FuncCall) return ['make_date', 'make_time'].includes(builtinName(node.FuncCall.funcname as AstNode[]) ?? '');
  return false;
}

/**
 * `date - date` is an int4 day count and `time - time` an interval in Postgres; DuckDB gives
 * int8 and has no time subtraction. A subtraction with a side that is visibly a date or time
 * goes through a macro that does either by the operands' types (and plain `-` otherwise).
 * Two columns of unknown type are left to DuckDB.
 * @see https://www.postgresql.org/docs/15/functions-datetime.html#OPERATORS-DATETIME-TABLE
 */
export const rewriteDatetimeMinus: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if (f.kind !== 'AEXPR_OP' || !f.lexpr || nameList(f.name as AstNode[]).join('.') !== '-') return;
      if (!isDateOrTime(f.lexpr as AstNode) && !isDateOrTime(f.rexpr as AstNode)) return;
      replaceNode(path, funcCall(pgFunctionName('datetime_minus'), [f.lexpr as AstNode, f.rexpr as AstNode]));
      changed = true;
    },
  });
  return { stmt, changed };
};
