import { type MutablePath, traverse } from '@pgsql/traverse';
import { PgError, SqlStates } from '../../errors/index.js';
import type { Rewrite } from './rewrite.types.js';
import { cteNamesInScope, isWriteTarget } from './scope.js';

/**
 * Refuse writes to read-only relations before anything else touches the statement:
 * source tables are read-only (42809) and `_jammi_*` system tables belong to jammi (42501).
 * Changes nothing; it is in the rewrite list so it sees every RangeVar the others see.
 */
export const guardWrites: Rewrite = (stmt, ctx) => {
  traverse(stmt, {
    RangeVar(path: MutablePath) {
      if (!isWriteTarget(path)) return;
      const rv = path.node as { catalogname?: string; schemaname?: string; relname?: string };
      const schema = rv.catalogname && rv.schemaname === 'public' ? rv.catalogname : rv.schemaname;
      if (schema && ctx.resolver.isSource(schema)) {
        throw new PgError(SqlStates.wrong_object_type, `cannot write to "${schema}.${rv.relname}": source tables are read-only`);
      }
      const name = rv.relname ?? '';
      if (!schema && name.startsWith('_jammi_') && !cteNamesInScope(path).has(name) && ctx.resolver.systemTable(name)) {
        throw new PgError(SqlStates.insufficient_privilege, `permission denied for table ${name}: system tables are read-only`);
      }
    },
  });
  return { stmt, changed: false };
};
