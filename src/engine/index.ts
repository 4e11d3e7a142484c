export { Engine, SOURCES_CATALOG, USER_CATALOG, type EngineOptions } from './engine.js';
export { VectorStaging } from './vector-staging.js';
export { EngineConnection, type EnginePrepared } from './engine-connection.js';
export type { EngineColumn, EngineParam, EngineStream } from './engine.types.js';
export { quoteIdent, quoteLiteral } from './quote.js';
export { META_SCHEMA, UNREGISTERED_SCHEMAS, RESERVED_PREFIX, TOPICS_SCHEMA } from './schemas.js';
export { PG_FUNCTIONS_CATALOG, pgFunctionName } from './pg-functions/index.js';
export { nativeName as pgNativeName, SESSION_ZONE_VARIABLE as pgSessionZoneVariable, registerNative, type NativeSpec } from './pg-functions/native.js';
export { quoteIdentPg } from './pg-functions/text-format.js';
