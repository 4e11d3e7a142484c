/**
 * Topics across a server crash, on each backend: events acknowledged before `kill -9` are in
 * the log after a restart on the same data dir, offsets continue with no gap, and a
 * subscriber that resumes from its last offset + 1 gets every event exactly once (replay,
 * then the live tail).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';
import { memoryBackend, natsBackend, range, Received, type TopicBackendCase } from '../helpers/topics.js';

for (const backend of [memoryBackend(), natsBackend()]) restartSuite(backend);

function envOf(b: TopicBackendCase): NodeJS.ProcessEnv {
  return b.name === 'nats' ? { JAMMI_BROKER: 'nats', JAMMI_NATS_URL: b.config.natsUrl, JAMMI_NATS_STREAM: b.config.natsStream } : { JAMMI_BROKER: 'memory' };
}

function restartSuite(backend: TopicBackendCase): void {
  describe.skipIf(backend.skip !== null)(`topics across a restart (${backend.name})`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-topics-restart-'));
    const dataDir = path.join(dir, 'data');
    let server: SpawnedServer | null = null;
    const clients: pg.Client[] = [];
    const start = () => spawnServer(['--port', '0', '--data-dir', dataDir, '--log-level', 'error'], { env: envOf(backend), timeoutMs: 60000 });
    const connect = async () => {
      const c = new pg.Client({ connectionString: server!.url });
      c.on('error', () => undefined);
      await c.connect();
      clients.push(c);
      return c;
    };

    afterAll(async () => {
      for (const c of clients) await c.end().catch(() => undefined);
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
      await backend.cleanup();
    });

    it('keeps acknowledged events through kill -9; a subscriber resumes from its last offset', async () => {
      server = await start();
      const admin = await connect();
      await admin.query(`SELECT * FROM jammi.create_topic('audit.log', '{"i":"integer"}')`);
      const sub = await connect();
      const before = new Received(sub);
      await sub.query(`SELECT jammi.subscribe('audit.log', NULL, 0)`);
      for (let i = 0; i < 30; i++) await admin.query(`SELECT jammi.publish('audit.log', $1)`, [JSON.stringify({ i })]);
      await before.until(() => before.offsets('audit.log').length === 30, 'the first 30 events');
      const last = before.offsets('audit.log').at(-1)!;
      expect(last).toBe(29);
      // More events, acknowledged one by one, then the process dies mid-stream.
      const writer = await connect();
      let acknowledged = 30;
      const stream = (async () => {
        for (let i = 30; ; i++) {
          await writer.query(`SELECT jammi.publish('audit.log', $1)`, [JSON.stringify({ i })]);
          acknowledged = i + 1;
        }
      })().catch(() => undefined);
      while (acknowledged < 60) await new Promise((r) => setTimeout(r, 5));
      server.proc.kill('SIGKILL');
      await stream;
      await server.stop();

      server = await start();
      const check = await connect();
      const log = await check.query(`SELECT count(*)::int AS n, max(_offset)::int AS hi FROM topics."audit.log"`);
      expect(log.rows[0].n).toBeGreaterThanOrEqual(acknowledged);
      expect(log.rows[0].hi).toBe(log.rows[0].n - 1);
      const committed = log.rows[0].n as number;
      // The subscriber comes back and resumes after the last event it saw.
      const again = await connect();
      const after = new Received(again);
      const r = await again.query(`SELECT * FROM jammi.subscribe('audit.log', NULL, $1)`, [last + 1]);
      expect(Number(r.rows[0].next_offset)).toBe(committed);
      await check.query(`SELECT jammi.publish('audit.log', '[{"i":-1},{"i":-2}]')`);
      await after.until(() => after.offsets('audit.log').length === committed + 2 - (last + 1), 'the replayed and new events', 30000);
      expect(after.offsets('audit.log')).toEqual(range(committed + 2 - (last + 1), last + 1));
      const rows = await check.query(`SELECT array_agg(i ORDER BY _offset) AS i FROM topics."audit.log" WHERE _offset >= $1`, [committed]);
      expect(rows.rows[0].i).toEqual([-1, -2]);
    });
  });
}
