export { Session, type PreparedStatement } from './session.js';
export { SessionSettings, parseOptions, reportedSettings, displayName } from './settings.js';
export { createResolver, type SessionServices } from './services.js';
export { openTableDdlRegistry } from './ddl-runner.js';
