import { PgError, SqlStates } from '../../errors/index.js';
import type { AstFields } from '../ast.js';
import { engineSchema } from '../ddl/table-meta.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `INSERT … ON CONFLICT ON CONSTRAINT name`: DuckDB keeps no constraint names, so the arbiter
 * is named by its columns instead, found in the table's DDL record (a primary key, a unique
 * constraint or a unique index). An unknown name is 42704, as in Postgres.
 */
export const rewriteConflictConstraint: Rewrite = (stmt, ctx) => {
  const ins = stmt.InsertStmt;
  const infer = ins?.onConflictClause?.infer as AstFields | undefined;
  const name = infer?.conname as string | undefined;
  if (!name) return { stmt, changed: false };
  const rel = ins!.relation as AstFields;
  const meta = ctx.resolver.tableDdl?.get(engineSchema(rel.schemaname as string | undefined), rel.relname as string);
  const c = meta?.constraints.find((x) => x.name === name && (x.kind === 'primary' || x.kind === 'unique'));
  if (!c) {
    if (!meta) return { stmt, changed: false };
    throw new PgError(SqlStates.undefined_object, `constraint "${name}" for table "${rel.relname as string}" does not exist`);
  }
  delete infer!.conname;
  infer!.indexElems = c.columns.map((col) => ({ IndexElem: { name: col, ordering: 'SORTBY_DEFAULT', nulls_ordering: 'SORTBY_NULLS_DEFAULT' } }));
  return { stmt, changed: true };
};
