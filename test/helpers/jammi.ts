import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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

/** The URL of the real Postgres for differential tests, or null (and a printed reason) when unset. */
export function realPostgresUrl(): string | null {
  const url = process.env.JAMMI_TEST_PG_URL;
  if (!url) process.stderr.write('JAMMI_TEST_PG_URL is not set: differential tests against PostgreSQL are skipped\n');
  return url ?? null;
}
