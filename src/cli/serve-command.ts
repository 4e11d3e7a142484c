import { ConfigError, loadConfig, type ConfigOverrides } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { startJammi } from '../server/index.js';

export interface ServeFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  config?: string;
  fileRoots?: string;
  demo?: boolean;
  logLevel?: string;
}

/** `jammi serve`: start the server and print the line scripts wait for. */
export async function serveCommand(flags: ServeFlags): Promise<void> {
  const overrides: ConfigOverrides = {};
  for (const k of ['host', 'port', 'dataDir', 'config', 'fileRoots', 'logLevel'] as const) if (flags[k] !== undefined) overrides[k] = flags[k];
  if (flags.demo !== undefined) overrides.demo = flags.demo;
  const config = loadConfig(overrides);
  const log = createLogger(config.logLevel);
  const jammi = await startJammi(config, log);
  process.stdout.write(`jammi listening on ${jammi.url}\n`);
  process.stdout.write(`connect with: psql "${jammi.url}"\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`received ${signal}, shutting down`);
    void jammi.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export { ConfigError };
