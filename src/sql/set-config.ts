import { type AstFields, type AstNode, nameList } from './ast.js';
import { type AdminArg, argOf } from './admin-functions.js';
import type { SettingAction } from './route.types.js';

/**
 * The call of a statement that is only `SELECT f(args)` (no FROM, WHERE, …) of the built-in
 * `name` with `argc` arguments, with its output name; null otherwise.
 */
export function loneSelectCall(stmt: AstNode, name: string, argc: number): { args: AstNode[]; column: string } | null {
  const s = stmt.SelectStmt;
  if (!s) return null;
  const extra = ['fromClause', 'whereClause', 'groupClause', 'havingClause', 'sortClause', 'limitCount', 'limitOffset', 'distinctClause', 'withClause', 'larg', 'valuesLists', 'intoClause'];
  if (extra.some((k) => s[k] !== undefined)) return null;
  const targets = (s.targetList ?? []) as AstNode[];
  const target = targets.length === 1 ? (targets[0].ResTarget as AstFields) : undefined;
  const call = (target?.val as AstNode | undefined)?.FuncCall;
  if (!call || call.over || call.agg_star) return null;
  const names = nameList(call.funcname as AstNode[]);
  const plain = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog');
  if (!plain || names[names.length - 1] !== name || ((call.args ?? []) as AstNode[]).length !== argc) return null;
  return { args: call.args as AstNode[], column: (target!.name as string | undefined) ?? name };
}

/**
 * `SELECT set_config(name, value, is_local)` alone (as pg_dump, ORMs and row-level-security
 * setups send it): a SET that answers one row with the new value. The call changes the
 * session, so it cannot run inside DuckDB; used any other way it is left to the engine.
 * @see https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-SET
 */
export function matchSetConfig(stmt: AstNode): Extract<SettingAction, { type: 'set_config' }> | null {
  const call = loneSelectCall(stmt, 'set_config', 3);
  const args = call?.args.map(argOf);
  if (!call || !args || args.some((a) => a === null)) return null;
  const [name, value, local] = args as AdminArg[];
  return { type: 'set_config', name, value, local, column: call.column };
}
