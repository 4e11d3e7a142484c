export { Session, type PreparedStatement } from './session.js';
export { SessionSettings, parseOptions, reportedSettings, displayName, settingsCatalogRows } from './settings.js';
export { createResolver, type SessionServices } from './services.js';
export { openTableDdlRegistry } from './ddl-runner.js';
