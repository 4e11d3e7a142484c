export { initParser, parseStatements, type ParsedStatement } from './parse.js';
export { planStatement, type PlanOptions } from './plan.js';
export type { Route, RouteKind, SettingAction, TransactionAction } from './route.types.js';
export type { NameResolver, ResolvedSystemTable } from './resolver.js';
export { adminFunctions, type AdminCall, type AdminArg, type AdminFunctionSpec } from './admin-functions.js';
export { tagWithCount, commandTagOf } from './command-tag.js';
export { systemTableSql } from './rewrite/index.js';
export { typeNameForOid } from './rewrite/param-types.js';
export { PlanCache, type PlannedStatement } from './plan-cache.js';
