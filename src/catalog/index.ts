export { openCatalogDb } from './catalog-db.js';
export { migrate, readMigrations, MigrationError, type Migration, type MigrationReport } from './migrate.js';
export { packageRoot } from './package-root.js';
export { SourcesRepo } from './sources-repo.js';
export { MutableTablesRepo } from './mutable-tables-repo.js';
export { ModelsRepo } from './models-repo.js';
export { ResultTablesRepo, type ResultTableRecord } from './result-tables-repo.js';
export { systemTables, type SystemTable, type SystemColumn, type SystemColumnType, type ServerInfo } from './system-tables.js';
export type { SourceColumn, SourceTable, SourceRecord, SourceKind, FileFormat, MutableColumn, MutableConstraint, MutableIndex, MutableTableDef, MutableTableRecord, ModelRecord } from './catalog.types.js';
