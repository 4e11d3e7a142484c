/**
 * A COMMIT acknowledged to a client survives `kill -9` of the server at any moment, and a
 * transaction that was not acknowledged is all-or-nothing after the restart. Several
 * connections write multi-statement transactions (and autocommit rows) to a real server
 * process, which is killed with SIGKILL mid-stream and started again on the same data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'jammi-kill-'));
const dataDir = path.join(base, 'data');
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const s of servers) if (s.alive()) s.proc.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

const start = async () => {
  const s = await spawnServer(['--port', '0', '--data-dir', dataDir, '--log-level', 'error'], { timeoutMs: 60000 });
  servers.push(s);
  return s;
};

const ROWS_PER_TX = 5;

/** One writer: transactions of ROWS_PER_TX ledger rows plus a summary row, then an autocommit row; records what was acknowledged. */
async function writer(url: string, id: number, acked: { tx: Set<string>; single: Set<string> }, stop: () => boolean): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    for (let batch = 0; !stop(); batch++) {
      // Odd writers use the extended protocol with parameters, even ones one simple Query per statement.
      await c.query('BEGIN');
      for (let r = 0; r < ROWS_PER_TX; r++) {
        if (id % 2) await c.query('INSERT INTO ledger (writer, batch, r, note) VALUES ($1, $2, $3, $4)', [id, batch, r, `w${id}`]);
        else await c.query(`INSERT INTO ledger (writer, batch, r, note) VALUES (${id}, ${batch}, ${r}, 'w${id}')`);
      }
      await c.query(`INSERT INTO batches (writer, batch, n) VALUES (${id}, ${batch}, ${ROWS_PER_TX})`);
      await c.query('COMMIT');
      acked.tx.add(`${id}/${batch}`);
      await c.query('INSERT INTO singles (writer, batch) VALUES ($1, $2)', [id, batch]);
      acked.single.add(`${id}/${batch}`);
    }
  } catch {
    // The server was killed under this writer: what it had acknowledged is recorded.
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe('durability under kill -9', () => {
  it('keeps every acknowledged commit and no partial transaction', async () => {
    const first = await start();
    const setup = new pg.Client({ connectionString: first.url });
    await setup.connect();
    await setup.query('CREATE TABLE ledger (writer int, batch int, r int, note text, PRIMARY KEY (writer, batch, r))');
    await setup.query('CREATE TABLE batches (writer int, batch int, n int NOT NULL, PRIMARY KEY (writer, batch))');
    await setup.query('CREATE TABLE singles (writer int, batch int, PRIMARY KEY (writer, batch))');
    await setup.end();

    const acked = { tx: new Set<string>(), single: new Set<string>() };
    let killed = false;
    const writers = Array.from({ length: 6 }, (_, i) => writer(first.url, i, acked, () => killed));
    // Kill once a good number of transactions are acknowledged, while every writer is mid-stream.
    const deadline = Date.now() + 20000;
    while (acked.tx.size < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.proc.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    expect(acked.tx.size).toBeGreaterThanOrEqual(150);

    const second = await start();
    const c = new pg.Client({ connectionString: second.url });
    await c.connect();
    try {
      const ledger = (await c.query('SELECT writer, batch, count(*)::int AS n FROM ledger GROUP BY writer, batch')).rows as { writer: number; batch: number; n: number }[];
      const batches = new Map(((await c.query('SELECT writer, batch, n FROM batches')).rows as { writer: number; batch: number; n: number }[]).map((b) => [`${b.writer}/${b.batch}`, b.n]));
      const singles = new Set(((await c.query('SELECT writer, batch FROM singles')).rows as { writer: number; batch: number }[]).map((s) => `${s.writer}/${s.batch}`));
      const inLedger = new Map(ledger.map((l) => [`${l.writer}/${l.batch}`, l.n]));
      // Every acknowledged transaction is there, whole.
      for (const key of acked.tx) {
        expect(inLedger.get(key), `ledger rows of acknowledged ${key}`).toBe(ROWS_PER_TX);
        expect(batches.get(key), `summary of acknowledged ${key}`).toBe(ROWS_PER_TX);
      }
      for (const key of acked.single) expect(singles.has(key), `acknowledged autocommit row ${key}`).toBe(true);
      // No transaction is partial: its rows and its summary are there together or not at all.
      for (const [key, n] of inLedger) {
        expect(n, `rows of ${key}`).toBe(ROWS_PER_TX);
        expect(batches.get(key), `summary of ${key}`).toBe(ROWS_PER_TX);
      }
      for (const key of batches.keys()) expect(inLedger.has(key), `rows of summarised ${key}`).toBe(true);
      // At most one unacknowledged commit per writer can have landed (the one in flight).
      const extra = [...batches.keys()].filter((k) => !acked.tx.has(k));
      expect(extra.length).toBeLessThanOrEqual(6);
      console.log(`kill -9: ${acked.tx.size} acknowledged transactions and ${acked.single.size} autocommit rows all present after restart; ${extra.length} in-flight commits landed whole`);
      // The tables take writes again.
      await c.query("INSERT INTO ledger VALUES (99, 0, 0, 'after')");
      expect((await c.query('SELECT note FROM ledger WHERE writer = 99')).rows).toEqual([{ note: 'after' }]);
    } finally {
      await c.end();
      await second.stop();
    }
  }, 120000);
});
