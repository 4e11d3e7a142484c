export { MutableTables } from './mutable-tables.js';
export { mergeColumn, EngineTypes, type EngineType, type EngineColumnInfo } from './column-types.js';
