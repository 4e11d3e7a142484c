export { PgError, pgErrors, type PgErrorFields, type Severity } from './pg-error.js';
export { SqlStates, type SqlState, type SqlStateName } from './sqlstate.js';
export { toPgError, isInternal } from './map-error.js';
