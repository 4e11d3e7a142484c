/**
 * generate_series streams: a 20M-row series read a few rows at a time through a portal (and
 * counted whole) leaves the server's resident memory bounded. A series built as one list
 * first, as generate_series over column arguments still is, needs well over 1 GB here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fe, RawClient, textRow, types } from '../helpers/raw-client.js';
import { rssMb, type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';

const ROWS = 20_000_000;
let tmp: string;
let srv: SpawnedServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-series-'));
  srv = await spawnServer(['--port', '0', '--data-dir', path.join(tmp, 'data'), '--log-level', 'warn']);
});

afterAll(async () => {
  await srv?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Run `body` while sampling the server's RSS; returns the growth of its peak over the RSS before. */
async function rssGrowth(body: () => Promise<void>): Promise<number> {
  const baseline = rssMb(srv.pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(srv.pid))), 20);
  try {
    await body();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rssMb(srv.pid)) - baseline;
}

/** Open a portal on `sql` in a transaction, read three batches of 1000 rows, then end it. */
async function firstRows(sql: string): Promise<string[]> {
  const c = await RawClient.connect(srv.port);
  try {
    await c.query('BEGIN');
    c.send(fe.parse('', sql), fe.bind('cur', ''), fe.execute('cur', 1000), fe.sync());
    const values: string[] = [];
    for (let batch = 0; batch < 3; batch++) {
      if (batch > 0) c.send(fe.execute('cur', 1000), fe.sync());
      const f = await c.readUntil('Z', 30000);
      expect(types(f)).toMatch(/s Z$/);
      values.push(...f.filter((x) => x.type === 'D').map((d) => textRow(d.body)[0] ?? ''));
    }
    await c.query('COMMIT');
    return values;
  } finally {
    c.close();
  }
}

describe('generate_series streams its rows', () => {
  it('in FROM, through a portal, with bounded server memory', { timeout: 60000 }, async () => {
    // Let the freshly started process settle before taking the baseline.
    await new Promise((r) => setTimeout(r, 500));
    let values: string[] = [];
    const growth = await rssGrowth(async () => {
      values = await firstRows(`select n from generate_series(1, ${ROWS}) as g(n)`);
    });
    expect(values.length).toBe(3000);
    expect([values[0], values[2999]]).toEqual(['1', '3000']);
    expect(growth).toBeLessThan(200);
  });

  it('in a select list without FROM, through a portal, with bounded server memory', { timeout: 60000 }, async () => {
    let values: string[] = [];
    const growth = await rssGrowth(async () => {
      values = await firstRows(`select generate_series(1, ${ROWS}) * 2 as twice`);
    });
    expect([values[0], values[2999]]).toEqual(['2', '6000']);
    expect(growth).toBeLessThan(200);
  });

  it('counted whole in FROM with bounded server memory', { timeout: 60000 }, async () => {
    let counted: string[] = [];
    const growth = await rssGrowth(async () => {
      const c = await RawClient.connect(srv.port);
      try {
        const f = await c.query(`select count(*) from generate_series(1, ${ROWS})`);
        counted = f.filter((x) => x.type === 'D').map((d) => textRow(d.body)[0] ?? '');
      } finally {
        c.close();
      }
    });
    expect(counted).toEqual([String(ROWS)]);
    expect(growth).toBeLessThan(200);
  });
});
