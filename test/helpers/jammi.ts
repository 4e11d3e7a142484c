import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type JammiConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { startJammi, type RunningJammi } from '../../src/server/index.js';

/** A jammi server started in this process on a free port, with a private data dir. */
export interface TestServer {
  jammi: RunningJammi;
  url: string;
  port: number;
  /** A scratch directory inside the server's file roots (put source files here). */
  filesDir: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Start jammi on 127.0.0.1:0 with the demo sources unless told otherwise. */
export async function startTestServer(overrides: Partial<JammiConfig> = {}): Promise<TestServer> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'jammi-test-'));
  const filesDir = path.join(base, 'files');
  const dataDir = path.join(base, 'data');
  mkdirSync(filesDir, { recursive: true });
  const config: JammiConfig = { ...loadConfig({ port: '0', dataDir, fileRoots: filesDir, demo: true, logLevel: 'silent' }, {}), ...overrides };
  const jammi = await startJammi(config, silentLogger);
  return {
    jammi,
    url: jammi.url,
    port: jammi.port,
    filesDir,
    dataDir,
    async stop() {
      await jammi.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** What a test file gets from useJammi(). */
export interface JammiForFile {
  /** The file's server (started before its tests). */
  readonly server: TestServer;
  /** The file's shared node-postgres client (with `client: true`). */
  readonly client: pg.Client;
  /** Open another client; its values arrive as raw server text with `raw: true`. The caller ends it. */
  connect(opts?: { raw?: boolean }): Promise<pg.Client>;
}

/** node-postgres types that hand every value over as the server's text, untouched. */
export const rawText: pg.CustomTypesConfig = { getTypeParser: () => (v: string) => v };

/**
 * One jammi server for a test file, started before its tests and stopped after them, and
 * optionally one connected node-postgres client shared by the tests.
 */
export function useJammi(opts: { client?: boolean } = {}): JammiForFile {
  let server: TestServer | undefined;
  let client: pg.Client | undefined;
  const connect = async (o: { raw?: boolean } = {}) => {
    const c = new pg.Client({ connectionString: server!.url, ...(o.raw ? { types: rawText } : {}) });
    await c.connect();
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer();
    if (opts.client) client = await connect();
  });
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
    connect,
  };
}

/** The URL of the real Postgres for differential tests, or null (and a printed reason) when unset. */
export function realPostgresUrl(): string | null {
  const url = process.env.JAMMI_TEST_PG_URL;
  if (!url) process.stderr.write('JAMMI_TEST_PG_URL is not set: differential tests against PostgreSQL are skipped\n');
  return url ?? null;
}
