import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuthMethod, JammiConfig, LogLevel } from './config.types.js';

/** A configuration that cannot be used; the message says which setting and why. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const defaultConfig: JammiConfig = {
  host: '127.0.0.1',
  port: 5433,
  dataDir: './.jammi',
  fileRoots: ['.'],
  auth: { method: 'trust', users: {} },
  tls: null,
  maxMessageBytes: 64 * 1024 * 1024,
  maxConnections: 256,
  demo: false,
  logLevel: 'info',
  threads: 0,
  memoryLimit: '',
  planCacheSize: 1000,
  broker: 'memory',
  natsUrl: 'nats://127.0.0.1:4222',
  natsStream: 'JAMMI_TOPICS',
  topicBufferEvents: 10000,
};

/** Flags and env values arrive as strings; this is their shape before validation. */
export type ConfigOverrides = Partial<Record<'host' | 'port' | 'dataDir' | 'config' | 'logLevel' | 'demo' | 'threads' | 'memoryLimit' | 'fileRoots' | 'planCacheSize' | 'broker' | 'natsUrl' | 'natsStream' | 'topicBufferEvents', string | boolean>>;

const authMethods: readonly AuthMethod[] = ['trust', 'password', 'md5', 'scram-sha-256'];
const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

const envNames = {
  host: 'JAMMI_HOST',
  port: 'JAMMI_PORT',
  dataDir: 'JAMMI_DATA_DIR',
  fileRoots: 'JAMMI_FILE_ROOTS',
  config: 'JAMMI_CONFIG',
  logLevel: 'JAMMI_LOG_LEVEL',
  demo: 'JAMMI_DEMO',
  threads: 'JAMMI_THREADS',
  memoryLimit: 'JAMMI_MEMORY_LIMIT',
  planCacheSize: 'JAMMI_PLAN_CACHE_SIZE',
  broker: 'JAMMI_BROKER',
  natsUrl: 'JAMMI_NATS_URL',
  natsStream: 'JAMMI_NATS_STREAM',
  topicBufferEvents: 'JAMMI_TOPIC_BUFFER_EVENTS',
} as const;

/** Read the JAMMI_* variables that override the config file. */
export function overridesFromEnv(env: NodeJS.ProcessEnv): ConfigOverrides {
  const out: ConfigOverrides = {};
  for (const [key, name] of Object.entries(envNames) as [keyof typeof envNames, string][]) {
    const v = env[name];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

/**
 * Merge defaults ← config file ← env ← flags, then validate. Precedence follows the
 * usual rule: the more specific the source, the later it wins.
 */
export function loadConfig(flags: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): JammiConfig {
  const fromEnv = overridesFromEnv(env);
  const file = (flags.config ?? fromEnv.config) as string | undefined;
  const merged: Record<string, unknown> = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
  if (file) Object.assign(merged, readConfigFile(file));
  for (const src of [fromEnv, flags]) {
    for (const [k, v] of Object.entries(src)) if (k !== 'config' && v !== undefined) merged[k] = v;
  }
  return validateConfig(merged, file ?? 'defaults');
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level must be an object');
    const base = path.dirname(path.resolve(file));
    const obj = parsed as Record<string, unknown>;
    // Relative paths in a config file are relative to the file, as a reader expects.
    // Empty strings are left for validation to refuse, not resolved to the file's directory.
    const rel = (v: unknown) => (typeof v === 'string' && v !== '' ? path.resolve(base, v) : v);
    obj.dataDir = rel(obj.dataDir);
    if (Array.isArray(obj.fileRoots)) obj.fileRoots = obj.fileRoots.map(rel);
    const tls = obj.tls as Record<string, unknown> | undefined;
    if (tls && typeof tls === 'object') for (const k of ['certFile', 'keyFile']) tls[k] = rel(tls[k]);
    if (obj.dataDir === undefined) delete obj.dataDir;
    return obj;
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

const knownKeys = new Set(Object.keys(defaultConfig));

/** Check every field and coerce string forms (from env and flags) to their types. */
export function validateConfig(raw: Record<string, unknown>, origin: string): JammiConfig {
  for (const k of Object.keys(raw)) {
    if (!knownKeys.has(k)) throw new ConfigError(`unknown setting "${k}" in ${origin}; known: ${[...knownKeys].join(', ')}`);
  }
  const port = toInt(raw.port, 'port');
  if (port < 0 || port > 65535) throw new ConfigError(`port must be between 0 and 65535, got ${port}`);
  if (port === 5432) throw new ConfigError('port 5432 belongs to PostgreSQL; jammi defaults to 5433');
  const host = toStr(raw.host, 'host');
  const dataDir = toStr(raw.dataDir, 'dataDir');
  if (!dataDir) throw new ConfigError('dataDir must not be empty');
  // From env and flags a list arrives as one string, separated like PATH.
  const rootsRaw = typeof raw.fileRoots === 'string' ? raw.fileRoots.split(path.delimiter).filter(Boolean) : raw.fileRoots;
  if (!Array.isArray(rootsRaw) || rootsRaw.some((r) => typeof r !== 'string' || r === '')) {
    throw new ConfigError(`fileRoots must be a list of directories, got ${JSON.stringify(raw.fileRoots)}`);
  }
  const fileRoots = (rootsRaw as string[]).map((r) => path.resolve(r));
  const logLevel = toStr(raw.logLevel, 'logLevel') as LogLevel;
  if (!logLevels.includes(logLevel)) throw new ConfigError(`logLevel must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  const auth = (raw.auth ?? {}) as { method?: unknown; users?: unknown };
  const method = (auth.method ?? 'trust') as AuthMethod;
  if (!authMethods.includes(method)) throw new ConfigError(`auth.method must be one of ${authMethods.join(', ')}, got "${String(method)}"`);
  const users = (auth.users ?? {}) as Record<string, unknown>;
  if (typeof users !== 'object' || Array.isArray(users)) throw new ConfigError('auth.users must be an object of user → password');
  for (const [u, p] of Object.entries(users)) if (typeof p !== 'string') throw new ConfigError(`auth.users.${u} must be a string password`);
  if (method !== 'trust' && Object.keys(users).length === 0) throw new ConfigError(`auth.method ${method} needs at least one entry in auth.users`);
  let tls: JammiConfig['tls'] = null;
  if (raw.tls) {
    const t = raw.tls as Record<string, unknown>;
    if (typeof t.certFile !== 'string' || typeof t.keyFile !== 'string') throw new ConfigError('tls needs certFile and keyFile');
    tls = { certFile: t.certFile, keyFile: t.keyFile };
  }
  const maxMessageBytes = toInt(raw.maxMessageBytes, 'maxMessageBytes');
  if (maxMessageBytes < 1024) throw new ConfigError('maxMessageBytes must be at least 1024');
  const maxConnections = toInt(raw.maxConnections, 'maxConnections');
  if (maxConnections < 1) throw new ConfigError('maxConnections must be at least 1');
  const threads = toInt(raw.threads, 'threads');
  if (threads < 0) throw new ConfigError('threads must be >= 0');
  const planCacheSize = toInt(raw.planCacheSize, 'planCacheSize');
  if (planCacheSize < 0) throw new ConfigError('planCacheSize must be >= 0');
  const broker = toStr(raw.broker, 'broker');
  if (broker !== 'memory' && broker !== 'nats') throw new ConfigError(`broker must be one of memory, nats, got "${broker}"`);
  const natsUrl = toStr(raw.natsUrl, 'natsUrl');
  if (broker === 'nats' && !/^(nats|tls):\/\/\S+$/.test(natsUrl)) throw new ConfigError(`natsUrl must be a nats:// URL, got "${natsUrl}"`);
  const natsStream = toStr(raw.natsStream, 'natsStream');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(natsStream)) throw new ConfigError(`natsStream must be 1 to 64 letters, digits, "_" or "-", got "${natsStream}"`);
  const topicBufferEvents = toInt(raw.topicBufferEvents, 'topicBufferEvents');
  if (topicBufferEvents < 1) throw new ConfigError('topicBufferEvents must be at least 1');
  return {
    host,
    port,
    dataDir: path.resolve(dataDir),
    fileRoots,
    auth: { method, users: users as Record<string, string> },
    tls,
    maxMessageBytes,
    maxConnections,
    demo: toBool(raw.demo, 'demo'),
    logLevel,
    threads,
    memoryLimit: toStr(raw.memoryLimit, 'memoryLimit'),
    planCacheSize,
    broker,
    natsUrl,
    natsStream,
    topicBufferEvents,
  };
}

function toInt(v: unknown, name: string): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

function toStr(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new ConfigError(`${name} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function toBool(v: unknown, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
  }
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}
