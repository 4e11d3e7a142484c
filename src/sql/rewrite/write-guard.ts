import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { PG_FUNCTIONS_CATALOG, SOURCES_CATALOG } from '../../engine/index.js';
import type { Rewrite } from './rewrite.types.js';

/** Engine catalogs that belong to jammi, never to a client. */
const internalCatalogs = new Set([SOURCES_CATALOG, PG_FUNCTIONS_CATALOG]);
const hidden = (name: string) => new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`);
import { type AstNode, nameList } from '../ast.js';
import { cteNamesInScope, isWriteTarget } from './scope.js';

/**
 * Refuse writes to read-only relations before anything else touches the statement:
 * source tables are read-only (42809) and `_jammi_*` system tables belong to jammi (42501).
 * Changes nothing; it is in the rewrite list so it sees every RangeVar the others see.
 */
export const guardWrites: Rewrite = (stmt, ctx) => {
  // DROP names its objects as name lists, not RangeVars.
  const drop = stmt.DropStmt;
  for (const obj of (drop?.objects ?? []) as AstNode[]) {
    const names = nameList(obj.List?.items as AstNode[]);
    if (internalCatalogs.has(names[0])) throw hidden(names.join('.'));
  }
  if (drop && ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX'].includes(drop.removeType as string)) {
    for (const obj of (drop.objects ?? []) as AstNode[]) {
      const names = nameList(obj.List?.items as AstNode[]);
      const schema = names.length === 3 && names[1] === 'public' ? names[0] : names.length === 2 ? names[0] : undefined;
      if (schema && ctx.resolver.isSource(schema)) {
        throw new PgError(SqlStates.wrong_object_type, `cannot drop "${names.join('.')}": source tables are read-only; use jammi.remove_source('${schema}')`);
      }
      if (names.length === 1 && names[0].startsWith('_jammi_') && ctx.resolver.systemTable(names[0])) {
        throw new PgError(SqlStates.insufficient_privilege, `permission denied for table ${names[0]}: system tables are read-only`);
      }
    }
  }
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as { catalogname?: string; schemaname?: string; relname?: string };
      // The engine's catalog of source views is jammi's, not the client's: reading it directly
      // would bypass tenant filtering and writing it would break sources for everyone.
      if (internalCatalogs.has(rv.catalogname ?? '') || internalCatalogs.has(rv.schemaname ?? '')) {
        throw hidden([rv.catalogname, rv.schemaname, rv.relname].filter(Boolean).join('.'));
      }
      if (!isWriteTarget(path)) return;
      const schema = rv.catalogname && rv.schemaname === 'public' ? rv.catalogname : rv.schemaname;
      if (schema && ctx.resolver.isSource(schema)) {
        throw new PgError(SqlStates.wrong_object_type, `cannot write to "${schema}.${rv.relname}": source tables are read-only`);
      }
      const name = rv.relname ?? '';
      if ((!schema || schema === 'jammi') && name.startsWith('_jammi_') && !cteNamesInScope(path).has(name) && ctx.resolver.systemTable(name)) {
        throw new PgError(SqlStates.insufficient_privilege, `permission denied for table ${name}: system tables are read-only`);
      }
    },
  });
  return { stmt, changed: false };
};
