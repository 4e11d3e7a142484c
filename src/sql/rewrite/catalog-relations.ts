import { type AstPath, traverse } from '../ast-traverse.js';
import { ENGINE_SCHEMA_OF, PG_CATALOG_DB } from '../../pg-catalog/index.js';
import type { AstFields } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';
import { cteNamesInScope, isWriteTarget } from './scope.js';

/**
 * Postgres's catalogs are jammi's emulation (src/pg-catalog), not DuckDB's own pg_catalog:
 * `pg_catalog.pg_class`, an unqualified `pg_class` (Postgres searches pg_catalog first, so
 * no user table can shadow it) and `information_schema.tables` name the emulated relations
 * in the attached catalog `jammi_pgcat`. A CTE of the same name keeps its meaning.
 */
export const rewriteCatalogRelations: Rewrite = (stmt, ctx) => {
  let changed = false;
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as AstFields;
      const name = rv.relname as string;
      if (rv.catalogname || isWriteTarget(path)) return;
      const schema = (rv.schemaname as string | undefined) ?? (name.startsWith('pg_') && !cteNamesInScope(path).has(name) ? 'pg_catalog' : undefined);
      if (schema !== 'pg_catalog' && schema !== 'information_schema') return;
      if (!ctx.resolver.catalogRelation?.(schema, name)) return;
      rv.catalogname = PG_CATALOG_DB;
      rv.schemaname = ENGINE_SCHEMA_OF[schema];
      ctx.catalog = true;
      changed = true;
    },
  });
  return { stmt, changed };
};
