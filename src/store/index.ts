export { MutableTables } from './mutable-tables.js';
export { mergeColumn, EngineTypes, type EngineType, type EngineColumnInfo } from './column-types.js';
export { createEmbeddingTable, recoverEmbeddingBuilds, parseEmbeddingOptions, defaultTableName, DATA_FILE, type EmbeddingTableDeps, type EmbeddingTableResult, type CreateEmbeddingTableArgs } from './embedding-table.js';
export { registerEmbeddings, rebuildIndex, type RegisterEmbeddingsArgs, type RebuildIndexResult } from './embedding-register.js';
export type { BuildProgress, ProgressListener } from './embedding-table.js';
export { VectorIndexes, EF_SEARCH, OVERSAMPLE } from './vector-indexes.js';
