// The floor under jammi's per-query cost: the DuckDB calls jammi makes per statement (and
// alternatives to them),
// in-process through @duckdb/node-api, with no wire protocol at all. If DuckDB alone cannot
// do N queries/s for SELECT 1, jammi (which adds parsing, planning and the wire) cannot either.
//
//   npx tsx bench/wire/duckdb-floor.ts          (BENCH_SECONDS per case, default 3)
import { type DuckDBConnection, DuckDBInstance, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { table } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS_FLOOR ?? process.env.BENCH_SECONDS ?? 3);

async function drain(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.stream(sql);
  let n = 0;
  for (;;) {
    const c = await r.fetchChunk();
    if (!c || c.rowCount === 0) return n;
    n += c.rowCount;
  }
}

/** Run `op` back to back on `conns` connections concurrently for `seconds`; ops per second. */
async function rate(conns: DuckDBConnection[], op: (c: DuckDBConnection) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < end) {
        await op(c);
        count++;
      }
    }),
  );
  return count / seconds;
}

async function main(): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conns = await Promise.all(Array.from({ length: 8 }, () => db.connect()));
  const one = conns.slice(0, 1);
  const cachedPrepared = new Map<DuckDBConnection, DuckDBPreparedStatement>();
  const cases: [string, (c: DuckDBConnection) => Promise<unknown>][] = [
    ['run("SELECT 1")', (c) => c.run('SELECT 1')],
    ['stream("SELECT 1") + fetch all (uncached)', (c) => drain(c, 'SELECT 1')],
    [
      'prepare + stream + fetch + destroy (uncached, per statement)',
      async (c) => {
        const p = await c.prepare('SELECT 1');
        const r = await p.stream();
        while ((await r.fetchChunk())?.rowCount) {
          /* drain */
        }
        p.destroySync();
      },
    ],
    [
      'cached prepared statement: stream + fetch all (jammi today)',
      async (c) => {
        let p = cachedPrepared.get(c);
        if (!p) cachedPrepared.set(c, (p = await c.prepare('SELECT 1')));
        const r = await p.stream();
        while ((await r.fetchChunk())?.rowCount) {
          /* drain */
        }
      },
    ],
    [
      'cached prepared statement: run() materialized + sync getChunk (1 async call)',
      async (c) => {
        let p = cachedPrepared.get(c);
        if (!p) cachedPrepared.set(c, (p = await c.prepare('SELECT 1')));
        const r = await p.run();
        let n = 0;
        for (let i = 0; i < r.chunkCount; i++) n += r.getChunk(i).rowCount;
        return n;
      },
    ],
    [
      'run("SELECT 1") materialized + fetch all',
      async (c) => {
        const r = await c.run('SELECT 1');
        while ((await r.fetchChunk())?.rowCount) {
          /* drain */
        }
      },
    ],
    ['stream(generate_series 1,000) + fetch all', (c) => drain(c, 'SELECT * FROM generate_series(1, 1000)')],
    [
      'runAndReadAll(generate_series 1,000) + getRows',
      async (c) => (await c.runAndReadAll('SELECT * FROM generate_series(1, 1000)')).getRows(),
    ],
  ];
  const rows: string[][] = [];
  for (const [name, op] of cases) {
    await rate(one, op); // warm up
    const r1 = await rate(one, op);
    const r8 = await rate(conns, op);
    rows.push([name, r1.toFixed(0), r8.toFixed(0)]);
    process.stdout.write(`${name}: ${r1.toFixed(0)}/s (1 conn), ${r8.toFixed(0)}/s (8 conns)\n`);
  }
  process.stdout.write('\n' + table(['in-process DuckDB, no wire', 'ops/s 1 conn', 'ops/s 8 conns'], rows) + '\n');
  for (const c of conns) c.closeSync();
  db.closeSync();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
