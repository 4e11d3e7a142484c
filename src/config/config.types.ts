/** How clients prove who they are. `trust` accepts anyone (the default, like a fresh local Postgres). */
export type AuthMethod = 'trust' | 'password' | 'md5' | 'scram-sha-256';

export interface AuthConfig {
  method: AuthMethod;
  /** user name → password; required for every method but trust. */
  users: Record<string, string>;
}

export interface TlsConfig {
  /** PEM file paths. When set, SSLRequest is answered 'S'. */
  certFile: string;
  keyFile: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The whole server configuration after file, env and flags are merged and validated. */
export interface JammiConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Directories whose files clients may read and register as sources; nothing outside them is reachable. */
  fileRoots: string[];
  auth: AuthConfig;
  tls: TlsConfig | null;
  /** Largest frontend message accepted after startup, in bytes. */
  maxMessageBytes: number;
  maxConnections: number;
  /** Register the bundled demo source on first start when the catalog has no sources. */
  demo: boolean;
  logLevel: LogLevel;
  /** DuckDB threads (0 = DuckDB's default). */
  threads: number;
  /** DuckDB memory limit, e.g. '4GB' ('' = DuckDB's default). */
  memoryLimit: string;
  /** Planned statements remembered by SQL text (0 = plan every statement afresh). */
  planCacheSize: number;
  /** What carries topic events: this process only, or NATS JetStream shared by several servers. */
  broker: 'memory' | 'nats';
  /** The NATS server for `broker: 'nats'`. */
  natsUrl: string;
  /** The JetStream stream topic events go through (servers that share topics use the same one). */
  natsStream: string;
  /** Topic events a subscriber may have waiting; past that it is told of the overflow. */
  topicBufferEvents: number;
}
