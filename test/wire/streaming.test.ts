/**
 * Results stream under backpressure: a server process sends 10M rows to a client that
 * reads slowly, and its resident memory stays bounded (a buffered result would need
 * well over 1 GB) while other clients are still served.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fe } from '../helpers/raw-client.js';
import { rssMb, type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';

const ROWS = 10_000_000;
let tmp: string;
let srv: SpawnedServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-stream-'));
  srv = await spawnServer(['--port', '0', '--data-dir', path.join(tmp, 'data'), '--file-roots', tmp, '--log-level', 'warn']);
});

afterAll(async () => {
  await srv?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('streaming a large result to a slow reader', () => {
  it('delivers all 10M rows with bounded server memory', { timeout: 90000 }, async () => {
    // Let the freshly started process settle before taking the baseline.
    await new Promise((r) => setTimeout(r, 500));
    const baseline = rssMb(srv.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(srv.pid));
    }, 50);

    const sock = net.connect({ host: '127.0.0.1', port: srv.port });
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    sock.write(fe.startup({ user: 'jammi', database: 'jammi' }));

    let buf: Buffer = Buffer.alloc(0);
    let rows = 0;
    let firstValue: string | null = null;
    let lastValue: string | null = null;
    let readyCount = 0;
    let tag = '';
    let errors = 0;
    let bytes = 0;
    let sincePause = 0;
    let longPauseDone = false;
    let growthDuringLongPause = 0;
    let sideQueryMs = -1;

    const finished = new Promise<void>((resolve, reject) => {
      sock.on('error', reject);
      sock.on('close', () => reject(new Error(`socket closed after ${rows} rows`)));
      sock.on('data', (d: Buffer) => {
        bytes += d.length;
        sincePause += d.length;
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        let o = 0;
        while (buf.length - o >= 5) {
          const len = buf.readInt32BE(o + 1);
          if (buf.length - o < 1 + len) break;
          const type = buf[o];
          if (type === 0x44) {
            rows++;
            // DataRow: int16 count, int32 length, the value's text.
            const vlen = buf.readInt32BE(o + 7);
            const v = buf.toString('utf8', o + 11, o + 11 + vlen);
            if (firstValue === null) firstValue = v;
            lastValue = v;
          } else if (type === 0x5a) {
            readyCount++;
            if (readyCount === 1) sock.write(fe.query(`select * from range(${ROWS})`));
            else resolve();
          } else if (type === 0x43) tag = buf.toString('utf8', o + 5, o + len);
          else if (type === 0x45) errors++;
          o += 1 + len;
        }
        buf = buf.subarray(o);
        if (!longPauseDone && rows > 1_000_000) {
          // One long stall: a server that ignored backpressure would buffer the rest now.
          longPauseDone = true;
          sincePause = 0;
          sock.pause();
          const before = rssMb(srv.pid);
          const started = Date.now();
          const side = new pg.Client({ host: '127.0.0.1', port: srv.port, user: 'jammi', database: 'jammi' });
          void side
            .connect()
            .then(() => side.query('select 1 as one'))
            .then(() => (sideQueryMs = Date.now() - started))
            .finally(() => side.end().catch(() => undefined));
          setTimeout(() => {
            growthDuringLongPause = rssMb(srv.pid) - before;
            sock.resume();
          }, 3000);
        } else if (sincePause > 8 * 1024 * 1024) {
          // Then many short stalls.
          sincePause = 0;
          sock.pause();
          setTimeout(() => sock.resume(), 100);
        }
      });
    });

    try {
      await finished;
    } finally {
      clearInterval(sampler);
      sock.destroy();
    }
    expect(errors).toBe(0);
    expect(rows).toBe(ROWS);
    expect(firstValue).toBe('0');
    expect(lastValue).toBe(String(ROWS - 1));
    expect(tag).toBe(`SELECT ${ROWS}`);
    expect(bytes).toBeGreaterThan(ROWS * 12);
    expect(sideQueryMs).toBeGreaterThanOrEqual(0);
    expect(sideQueryMs).toBeLessThan(3000);
    // While the reader is stalled the server must stop producing: only socket buffers fill.
    expect(growthDuringLongPause).toBeLessThan(50);
    expect(peak - baseline).toBeLessThan(300);
    expect(srv.alive()).toBe(true);
  });
});
