import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

const textNull = (): AstNode => ({ TypeCast: { arg: { A_Const: { isnull: true, location: -1 } }, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } });

/** Turn the bare NULLs of a plain SELECT's output into text NULLs; whether anything changed. */
function textNulls(select: AstFields | undefined): boolean {
  if (!select || (select.op && select.op !== 'SETOP_NONE') || select.valuesLists) return false;
  let changed = false;
  for (const t of (select.targetList ?? []) as AstNode[]) {
    const r = t.ResTarget as AstFields | undefined;
    if ((r?.val as AstNode | undefined)?.A_Const?.isnull) {
      r!.val = textNull();
      changed = true;
    }
  }
  return changed;
}

/**
 * A bare NULL in the output of a subquery in FROM or of a CTE has no type until Postgres
 * resolves it, as it resolves every unknown output column, to text; DuckDB gives it
 * INTEGER, which then reaches the client (pgJDBC's `SELECT * FROM (SELECT NULL AS
 * TABLE_CAT, …)` reports int4 where Postgres says text), and so does the statement's own
 * output when a prepared statement is described. Such NULLs are cast to text. A set
 * operation's branches are typed together, so they are left alone.
 */
export const rewriteUnknownOutputs: Rewrite = (stmt) => {
  // The statement's own output too: a prepared statement's column is described before it runs, from DuckDB's type.
  let changed = textNulls(stmt.SelectStmt as AstFields | undefined);
  traverse(stmt, {
    RangeSubselect(path: AstPath) {
      changed = textNulls(((path.node as AstFields).subquery as AstNode | undefined)?.SelectStmt as AstFields | undefined) || changed;
    },
    CommonTableExpr(path: AstPath) {
      changed = textNulls(((path.node as AstFields).ctequery as AstNode | undefined)?.SelectStmt as AstFields | undefined) || changed;
    },
  });
  return { stmt, changed };
};
