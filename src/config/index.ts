export type { AuthConfig, AuthMethod, JammiConfig, LogLevel, TlsConfig } from './config.types.js';
export { ConfigError, defaultConfig, loadConfig, overridesFromEnv, validateConfig, type ConfigOverrides } from './load-config.js';
