/**
 * kill -9 during an embedding-table build: the server process dies mid-build (a slow HTTP
 * model keeps the build running); after a restart on the same data dir the table is `failed`,
 * nothing half-written is left in results/, and the same table can be built again.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/embedding-server.js';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';

let base: string;
let embeddings: EmbeddingServer;
const servers: SpawnedServer[] = [];

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'jammi-embed-kill-'));
  embeddings = await startEmbeddingServer();
});

afterAll(async () => {
  for (const s of servers) if (s.alive()) await s.stop();
  await embeddings?.close();
  rmSync(base, { recursive: true, force: true });
});

const start = async (dataDir: string) => {
  const s = await spawnServer(['--port', '0', '--data-dir', dataDir, '--demo', '--log-level', 'error'], { timeoutMs: 60000 });
  servers.push(s);
  return s;
};

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

const statusOf = (url: string, name: string) =>
  withClient(url, async (c) => (await c.query('select status, error_message from _jammi_result_tables where table_name = $1', [name])).rows[0] as { status: string; error_message: string | null } | undefined);

describe('kill -9 during an embedding-table build', () => {
  it('leaves the table failed after a restart, with nothing half-written, and it can be built again', async () => {
    const dataDir = path.join(base, 'data');
    const first = await start(dataDir);
    await withClient(first.url, (c) => c.query('select * from jammi.register_model($1, $2, $3)', ['slow', 'http', JSON.stringify({ url: embeddings.url, model: 'm', batch_size: 2, dimensions: 384 })]));
    // Every request answers after 300 ms: the 2,000 trips take minutes, so the build is surely running when killed.
    embeddings.script.push(...Array.from({ length: 1000 }, () => ({ delayMs: 300 })));
    const builder = new pg.Client({ connectionString: first.url });
    await builder.connect();
    builder.on('error', () => undefined);
    const build = builder.query('select * from jammi.create_embedding_table($1, $2, $3, $4)', ['trips', 'trip_id', 'city', 'slow']).catch((e: Error) => e);
    const deadline = Date.now() + 20000;
    while ((await statusOf(first.url, 'trips_slow'))?.status !== 'building') {
      if (Date.now() > deadline) throw new Error('the build never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 700)); // a few batches in
    process.kill(first.pid, 'SIGKILL');
    expect(await build).toBeInstanceOf(Error);
    embeddings.script.length = 0;

    const second = await start(dataDir);
    expect(await statusOf(second.url, 'trips_slow')).toEqual({ status: 'failed', error_message: 'the server stopped while the table was being built' });
    const results = path.join(dataDir, 'results');
    expect(existsSync(path.join(results, 'trips_slow'))).toBe(false);
    expect(readdirSync(results).filter((f) => f.includes('.tmp'))).toEqual([]);
    const again = await withClient(second.url, (c) => c.query('select * from jammi.create_embedding_table($1, $2, $3, $4)', ['trips', 'trip_id', 'city', 'slow']));
    expect(again.rows[0]).toMatchObject({ status: 'ready', row_count: '2000' });
    await second.stop();
  }, 120000);
});
