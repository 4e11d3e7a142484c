import { type AstPath, traverse } from '../ast-traverse.js';
import { catalogRelation, ENGINE_SCHEMA_OF, PG_CATALOG_DB } from '../../pg-catalog/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { intConst, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';
import { cteNamesInScope, isWriteTarget } from './scope.js';

/** The catalog schema a RangeVar names: its own, or pg_catalog for an unqualified `pg_*` that is not a CTE. */
function catalogSchemaOf(path: AstPath): 'pg_catalog' | 'information_schema' | undefined {
  const rv = path.node as AstFields;
  const name = rv.relname as string;
  if (rv.catalogname || isWriteTarget(path)) return undefined;
  const schema = (rv.schemaname as string | undefined) ?? (name.startsWith('pg_') && !cteNamesInScope(path).has(name) ? 'pg_catalog' : undefined);
  return schema === 'pg_catalog' || schema === 'information_schema' ? schema : undefined;
}

/**
 * Postgres's catalogs are jammi's emulation (src/pg-catalog), not DuckDB's own pg_catalog:
 * `pg_catalog.pg_class`, an unqualified `pg_class` (Postgres searches pg_catalog first, so
 * no user table can shadow it) and `information_schema.tables` name the emulated relations
 * in the attached catalog `jammi_pgcat`. A CTE of the same name keeps its meaning. The system
 * column `tableoid` of a catalog table (`pgc.tableoid`, as psql's \dd reads it) is the
 * table's OID.
 */
export const rewriteCatalogRelations: Rewrite = (stmt, ctx) => {
  let changed = false;
  const tableOids = new Map<string, number>();
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const schema = catalogSchemaOf(path);
      const rv = path.node as AstFields;
      if (!schema || !ctx.resolver.catalogRelation?.(schema, rv.relname as string)) return;
      const rel = catalogRelation(schema, rv.relname as string);
      if (rel) tableOids.set((rv.alias?.aliasname as string | undefined) ?? rel.name, rel.oid);
      rv.catalogname = PG_CATALOG_DB;
      rv.schemaname = ENGINE_SCHEMA_OF[schema];
      ctx.catalog = true;
      changed = true;
    },
  });
  if (tableOids.size === 0) return { stmt, changed };
  traverse(stmt, {
    ColumnRef(path: AstPath) {
      const names = nameList((path.node as AstFields).fields as AstNode[]);
      if (names.length !== 2 || names[1] !== 'tableoid' || !tableOids.has(names[0])) return;
      replaceNode(path, intConst(tableOids.get(names[0])!));
    },
  });
  return { stmt, changed };
};
