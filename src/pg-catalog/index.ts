export { PgCatalog } from './pg-catalog.js';
export { SETTINGS_VARIABLE } from './catalog-views.js';
export { catalogRelation, catalogRelations, catalogDataDir, catalogPostgresVersion, engineRelationName, PG_CATALOG_DB, ENGINE_SCHEMA_OF, type CatalogColumn, type CatalogRelation } from './relations.js';
export { CATALOG_FUNCTIONS, CATALOG_LIST_FUNCTIONS, catalogFunctionName } from './catalog-functions.js';
export type { CatalogReader, CatalogSnapshot, SnapshotColumn, SnapshotRelation, SnapshotSequence, SnapshotEnum, SnapshotView } from './snapshot.types.js';
