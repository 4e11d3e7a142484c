import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import { figureColname } from './column-names.js';
import type { Rewrite, SessionView } from './rewrite.types.js';

/** The schemas of search_path that exist in jammi (unqualified names resolve in `public`). */
const existingSchemas = new Set(['public', 'pg_catalog']);

/** search_path's entries that name an existing schema, in order (`"$user"` names none). */
function schemasOnPath(session: SessionView): string[] {
  const path = session.setting('search_path') ?? '';
  return path
    .split(',')
    .map((p) => p.trim().replace(/^"(.*)"$/, '$1'))
    .filter((p) => existingSchemas.has(p));
}

const text = (value: string | null): AstNode =>
  value === null
    ? { TypeCast: { arg: { A_Const: { isnull: true, location: -1 } }, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } }
    : { A_Const: { sval: { sval: value }, location: -1 } };

const textArray = (values: string[]): AstNode => ({
  TypeCast: {
    arg: { A_ArrayExpr: { elements: values.map((v) => text(v)), location: -1 } },
    typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, arrayBounds: [{ Integer: { ival: -1 } }], location: -1 },
    location: -1,
  },
});

/** current_setting(name [, missing_ok]) with constant arguments: the session's value, as Postgres reads it. */
function currentSetting(args: AstNode[], session: SessionView): AstNode | undefined {
  const name = constValue(args[0]);
  const missingOk = args.length > 1 ? constValue(args[1]) : false;
  if (typeof name !== 'string' || typeof missingOk !== 'boolean' || args.length > 2) return undefined;
  const value = session.setting(name);
  if (value === undefined && !missingOk) throw new PgError(SqlStates.undefined_object, `unrecognized configuration parameter "${name}"`);
  return text(value ?? null);
}

/** The value a session function call stands for, or undefined when it is not one. */
function sessionValue(node: AstNode, session: SessionView): AstNode | undefined {
  if (node.SQLValueFunction) {
    switch (node.SQLValueFunction.op as string) {
      case 'SVFOP_CURRENT_USER':
      case 'SVFOP_CURRENT_ROLE':
      case 'SVFOP_USER':
      case 'SVFOP_SESSION_USER':
        return text(session.user());
      case 'SVFOP_CURRENT_CATALOG':
        return text(session.database());
      case 'SVFOP_CURRENT_SCHEMA':
        return text(schemasOnPath(session)[0] ?? null);
      default:
        return undefined;
    }
  }
  const f = node.FuncCall;
  if (!f || f.agg_star || f.over) return undefined;
  const names = nameList(f.funcname as AstNode[]);
  if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return undefined;
  const args = (f.args ?? []) as AstNode[];
  switch (`${names[names.length - 1]}/${args.length}`) {
    case 'current_setting/1':
    case 'current_setting/2':
      return currentSetting(args, session);
    case 'current_database/0':
      return text(session.database());
    case 'current_schema/0':
      return text(schemasOnPath(session)[0] ?? null);
    case 'current_schemas/1': {
      const implicit = constValue(args[0]);
      if (typeof implicit !== 'boolean') return undefined;
      const onPath = schemasOnPath(session);
      return textArray(implicit && !onPath.includes('pg_catalog') ? ['pg_catalog', ...onPath] : onPath);
    }
    case 'pg_backend_pid/0':
      return { A_Const: { ival: { ival: session.backendPid() }, location: -1 } };
    default:
      return undefined;
  }
}

/**
 * Functions that read the session: current_setting() reads jammi's settings (not DuckDB's),
 * current_user / session_user / current_database() / current_schema[s]() / pg_backend_pid()
 * answer with the client's role, database, `public` schema and process id. Each call
 * becomes a constant; since the values change, the statement is rewritten at every execution.
 * Runs before nameResultColumns: a replaced call keeps the name Postgres gives it.
 */
export const rewriteSessionFunctions: Rewrite = (stmt, ctx) => {
  const session = ctx.session;
  if (!session) return { stmt, changed: false };
  let changed = false;
  const replace = (path: AstPath, tag: string) => {
    const node = { [tag]: path.node } as AstNode;
    const value = sessionValue(node, session);
    if (!value) return;
    const parent = path.parent;
    if (parent?.tag === 'ResTarget' && !(parent.node as AstFields).name) (parent.node as AstFields).name = figureColname(node)[0] ?? '?column?';
    const slot = path.container?.[path.containerKey as string | number];
    const wrapped = slot && typeof slot === 'object' && tag in slot;
    path.replaceWith(wrapped ? value : Object.values(value)[0]);
    changed = true;
  };
  traverse(stmt, {
    FuncCall: (path: AstPath) => replace(path, 'FuncCall'),
    SQLValueFunction: (path: AstPath) => replace(path, 'SQLValueFunction'),
  });
  if (changed) ctx.dynamic = true;
  return { stmt, changed };
};
