import { catalogMacrosSql, regMacrosSql } from './catalog-functions.js';
import { informationSchemaViews, pgCatalogViews } from './catalog-views.js';
import { ROWS_FUNCTION } from './catalog-rows.js';
import { catalogRelations, type CatalogRelation, ENGINE_SCHEMA_OF, engineRelationName, engineTypeOf, PG_CATALOG_DB } from './relations.js';

/** Runs engine SQL (creating the catalog needs nothing else). */
export type RunSql = (sql: string) => Promise<void>;

const placeholders = (sql: string) => sql.replaceAll('{c}', `${PG_CATALOG_DB}.main`).replaceAll('{i}', `${PG_CATALOG_DB}.info`).replaceAll('{rows}', ROWS_FUNCTION);

/** The view definition jammi has for a relation, if it computes it from others. */
function viewSql(rel: CatalogRelation): string | undefined {
  return rel.schema === 'pg_catalog' ? pgCatalogViews[rel.name] : informationSchemaViews[rel.name];
}

/** A relation jammi has nothing to show in: its columns, no rows. */
function emptySql(rel: CatalogRelation): string {
  return `SELECT ${rel.columns.map((c) => `CAST(NULL AS ${engineTypeOf(c.type)}) AS "${c.name}"`).join(', ')} WHERE false`;
}

/**
 * Create the emulated catalog in an attached in-memory DuckDB database, before any client
 * connects (DuckDB's catalog is transactional: a view created later would not exist for a
 * transaction begun earlier). Every relation of pg_catalog and information_schema gets
 * Postgres's columns: a table is a view over the rows function (its rows live in JS, see
 * catalog-rows.ts), a system view is jammi's definition over those, and the rest of
 * information_schema is empty. The lookup natives and the rows function must be registered first.
 */
export async function createCatalog(run: RunSql): Promise<void> {
  await run(`ATTACH ':memory:' AS ${PG_CATALOG_DB}`);
  await run(`CREATE SCHEMA ${PG_CATALOG_DB}.${ENGINE_SCHEMA_OF.information_schema}`);
  const computed: CatalogRelation[] = [];
  for (const rel of catalogRelations()) {
    if (viewSql(rel)) computed.push(rel);
    else if (rel.schema === 'pg_catalog' && rel.kind === 'r') await run(`CREATE VIEW ${engineRelationName(rel)} AS SELECT * FROM ${ROWS_FUNCTION}('${rel.name}')`);
    else await run(`CREATE VIEW ${engineRelationName(rel)} AS ${emptySql(rel)}`);
  }
  for (const sql of [...catalogMacrosSql, ...regMacrosSql]) await run(placeholders(sql));
  for (const rel of computed) await run(`CREATE VIEW ${engineRelationName(rel)} AS ${placeholders(viewSql(rel)!)}`);
}
