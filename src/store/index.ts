export { MutableTables } from './mutable-tables.js';
export { mergeColumn, EngineTypes, type EngineType, type EngineColumnInfo } from './column-types.js';
export { createEmbeddingTable, recoverEmbeddingBuilds, parseEmbeddingOptions, defaultTableName, DATA_FILE, type EmbeddingTableDeps, type EmbeddingTableResult, type CreateEmbeddingTableArgs } from './embedding-table.js';
