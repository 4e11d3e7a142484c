import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

type Clause = 'where' | 'having' | 'join';

/** Nodes whose type only the engine knows: a boolean in Postgres only if their type is. */
const untyped = new Set(['ColumnRef', 'FuncCall', 'A_Indirection', 'CaseExpr', 'CoalesceExpr', 'MinMaxExpr', 'TypeCast', 'SubLink', 'A_Const']);

/** Whether a node is already one of the condition macros (a statement may be rewritten twice). */
function isWrapped(node: AstNode): boolean {
  const names = nameList(node.FuncCall?.funcname as AstNode[] | undefined);
  return names.length === 3 && names[2].endsWith('_condition') && names[0] === pgFunctionName('x')[0];
}

/** The condition with every part that might not be boolean wrapped in the clause's typed macro; `onWrap` hears of each. */
function wrap(node: AstNode | undefined, clause: Clause, onWrap: () => void): AstNode | undefined {
  if (!node || isWrapped(node)) return node;
  if (node.BoolExpr) {
    node.BoolExpr.args = (node.BoolExpr.args as AstNode[]).map((a) => wrap(a, clause, onWrap));
    return node;
  }
  const tag = Object.keys(node)[0];
  if (!untyped.has(tag)) return node;
  const c = node.A_Const;
  if (c && (c.boolval !== undefined || c.isnull || c.sval)) return node; // booleans, NULL and 'true' are fine in Postgres
  if (node.SubLink && node.SubLink.subLinkType !== 'EXPR_SUBLINK') return node; // EXISTS, IN, ANY: boolean
  onWrap();
  return { FuncCall: { funcname: pgFunctionName(`${clause}_condition`).map((sval) => ({ String: { sval } })), args: [node], funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } };
}

/**
 * A WHERE, HAVING or JOIN ON condition (and each AND / OR / NOT operand of one) must be
 * boolean in Postgres (42804); DuckDB casts an integer or text condition silently. Parts
 * whose type only the engine knows (a column, a function, a subquery) go through a macro
 * with a BOOLEAN parameter, which DuckDB refuses to bind for any other type.
 */
export const rewriteBooleanConditions: Rewrite = (stmt) => {
  let changed = false;
  const fix = (f: AstFields, key: string, clause: Clause) => {
    if (f[key]) f[key] = wrap(f[key] as AstNode, clause, () => (changed = true));
  };
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      fix(path.node as AstFields, 'whereClause', 'where');
      fix(path.node as AstFields, 'havingClause', 'having');
    },
    UpdateStmt: (path: AstPath) => fix(path.node as AstFields, 'whereClause', 'where'),
    DeleteStmt: (path: AstPath) => fix(path.node as AstFields, 'whereClause', 'where'),
    JoinExpr: (path: AstPath) => fix(path.node as AstFields, 'quals', 'join'),
  });
  return { stmt, changed };
};
