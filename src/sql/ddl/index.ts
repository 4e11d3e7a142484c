export { planDdl, type DdlPlan } from './handler.js';
export type { DdlContext, DdlEngine, DdlOutcome, DdlProgram, MetaReader, TableRename } from './ddl.types.js';
export { migrateDeclaredColumns } from './legacy-declared.js';
export { TableDdlRegistry } from './registry.js';
export { createMetaTableSql, type TableMeta, type ConstraintMeta, type IdentityMeta } from './table-meta.js';
export { constraintError } from './constraint-errors.js';
