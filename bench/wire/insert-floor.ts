// The floor under jammi's autocommit INSERT: the same table and INSERT … RETURNING run
// in-process on a file-backed DuckDB through @duckdb/node-api (no wire, no planning), by
// `clients` connections at once. jammi cannot insert faster than this.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Autocommit single-row inserts per second, in-process. */
export async function insertFloorTps(clients: number, seconds: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-insert-floor-'));
  const db = await DuckDBInstance.create(path.join(dir, 'floor.duckdb'));
  try {
    const setup = await db.connect();
    await setup.run("CREATE SEQUENCE bench_insert_id_seq; CREATE TABLE bench_insert (id bigint PRIMARY KEY DEFAULT nextval('bench_insert_id_seq'), v int NOT NULL, note text, created timestamptz DEFAULT now())");
    setup.closeSync();
    const conns = await Promise.all(Array.from({ length: clients }, () => db.connect()));
    const end = performance.now() + seconds * 1000;
    let count = 0;
    await Promise.all(
      conns.map(async (c) => {
        const stmt = await c.prepare("INSERT INTO bench_insert (v, note) VALUES ($1, 'note') RETURNING id, created");
        while (performance.now() < end) {
          stmt.bindInteger(1, Math.floor(Math.random() * 1_000_000));
          try {
            await stmt.run();
            count++;
          } catch {
            // A write-write conflict on the sequence or index: retried as jammi would.
          }
        }
        stmt.destroySync();
        c.closeSync();
      }),
    );
    return count / seconds;
  } finally {
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
