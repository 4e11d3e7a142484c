import { type AdminArg, argOf } from './admin-functions.js';
import type { AstNode } from './ast.js';
import type { NotifyAction } from './route.types.js';
import { loneSelectCall } from './set-config.js';

/**
 * LISTEN, UNLISTEN, NOTIFY and a lone `SELECT pg_notify(channel, payload)` (how drivers and
 * ORMs notify with parameters): the session carries them out at commit.
 * @see https://www.postgresql.org/docs/15/sql-notify.html
 */
export function matchNotify(stmt: AstNode): NotifyAction | null {
  if (stmt.ListenStmt) return { type: 'listen', channel: stmt.ListenStmt.conditionname as string };
  if (stmt.UnlistenStmt) return { type: 'unlisten', channel: (stmt.UnlistenStmt.conditionname as string | undefined) ?? null };
  if (stmt.NotifyStmt) {
    const payload = (stmt.NotifyStmt.payload as string | undefined) ?? '';
    return { type: 'notify', channel: { kind: 'const', value: stmt.NotifyStmt.conditionname as string }, payload: { kind: 'const', value: payload }, column: null };
  }
  const call = loneSelectCall(stmt, 'pg_notify', 2);
  const args = call?.args.map(argOf);
  if (!call || !args || args.some((a) => a === null)) return null;
  const [channel, payload] = args as AdminArg[];
  return { type: 'notify', channel, payload, column: call.column };
}
