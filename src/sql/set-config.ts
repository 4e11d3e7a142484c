import { type AstFields, type AstNode, nameList } from './ast.js';
import { type AdminArg, argOf } from './admin-functions.js';
import type { SettingAction } from './route.types.js';

const isSetConfig = (f: AstFields | undefined): f is AstFields => {
  if (!f || f.over || f.agg_star) return false;
  const names = nameList(f.funcname as AstNode[]);
  const plain = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog');
  return plain && names[names.length - 1] === 'set_config' && (f.args as unknown[] | undefined)?.length === 3;
};


/**
 * `SELECT set_config(name, value, is_local)` alone (as pg_dump, ORMs and row-level-security
 * setups send it): a SET that answers one row with the new value. The call changes the
 * session, so it cannot run inside DuckDB; used any other way it is left to the engine.
 * @see https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-SET
 */
export function matchSetConfig(stmt: AstNode): Extract<SettingAction, { type: 'set_config' }> | null {
  const s = stmt.SelectStmt;
  if (!s) return null;
  const extra = ['fromClause', 'whereClause', 'groupClause', 'havingClause', 'sortClause', 'limitCount', 'limitOffset', 'distinctClause', 'withClause', 'larg', 'valuesLists', 'intoClause'];
  if (extra.some((k) => s[k] !== undefined)) return null;
  const targets = (s.targetList ?? []) as AstNode[];
  const target = targets.length === 1 ? (targets[0].ResTarget as AstFields) : undefined;
  const call = (target?.val as AstNode | undefined)?.FuncCall;
  if (!isSetConfig(call)) return null;
  const args = (call.args as AstNode[]).map(argOf);
  if (args.some((a) => a === null)) return null;
  const [name, value, local] = args as AdminArg[];
  return { type: 'set_config', name, value, local, column: (target!.name as string | undefined) ?? 'set_config' };
}
