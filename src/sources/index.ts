export { SourceRegistry, validateSourceName, type ResolvedSourceTable } from './source-registry.js';
export { planFileSource, resolveFileLocation, tableNameFrom, type FileSourcePlan } from './file-source.js';
