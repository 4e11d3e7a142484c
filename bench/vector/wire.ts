// The jammi arms: a jammi server started from dist/ as its own process, the Parquet file
// registered as a source, its vectors registered as an embedding table (HNSW build), then
// vector_search (ANN) and a plain ORDER BY list_cosine_distance … LIMIT (exact) over the
// wire with node-postgres, 1 and N clients.
import { statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startJammiProcess, waitForQuiet } from '../wire/lib.js';
import { FILTERS, recall, row, type DataSet, type Filter, type GroundTruth } from './data.js';
import type { ArmResult, HnswConfig } from './inprocess.js';
import { mappedFile, procMemory, timedLoop, type Mapping, type ProcMemory } from './measure.js';

export interface WireOptions {
  k: number;
  /** Seconds per ANN throughput measurement. */
  seconds: number;
  /** Seconds per exact throughput measurement (each query scans every row). */
  exactSeconds: number;
  /** Queries used for the exact arm's recall (it is exact; this checks the SQL, not the method). */
  exactQueries: number;
  /** The recall pass of an arm stops after this many seconds (having run at least 10 queries). */
  recallSeconds: number;
  clients: number;
  log: (s: string) => void;
}

export interface WireResult {
  sourceSeconds: number;
  buildSeconds: number;
  /** Seconds from the call to its first "indexing" progress NOTICE: the copy into data.parquet (null: no NOTICE seen). */
  copySeconds: number | null;
  tableName: string;
  indexBytes: number;
  /** The server's memory: after add_source, after the build, after every ANN search. */
  memory: { beforeBuild: ProcMemory | null; afterBuild: ProcMemory | null; afterSearch: ProcMemory | null };
  /** The server's mappings of index.usearch after the ANN searches (/proc/<pid>/smaps). */
  indexMapping: Mapping | null;
  ann: ArmResult[];
  exact: ArmResult[];
  clients: number;
  /** Highest share of CPU busy with other work seen before a measurement (noise indicator). */
  busyBefore: number | null;
}

/** A float32 as the shortest decimal text that reads back to the same float32 (less for the server to parse than 17 digits). */
function float32Text(x: number): string {
  for (let p = 6; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}

/** Postgres array text of every query vector: `{0.1,-0.25,…}`, sent as a text parameter cast to real[]. */
export function queryTexts(data: DataSet): string[] {
  const d = data.spec.dimensions;
  return Array.from({ length: data.spec.queries }, (_, q) => `{${Array.from(row(data.queries, d, q), float32Text).join(',')}}`);
}

const where = (f: Filter) => (f.sql ? ` WHERE ${f.sql}` : '');
const annSql = (f: Filter, k: number) => `SELECT id FROM vector_search('vecs', $1::real[], ${k})${where(f)}`;
const exactSql = (f: Filter, k: number) => `SELECT id FROM vecs.vecs${where(f)} ORDER BY list_cosine_distance(embedding, $1::real[]) LIMIT ${k}`;

/**
 * Runs `sql` (a named prepared statement) for the queries in order on one connection, until
 * all ran or `budget` seconds passed with at least 10 done; the ids found per query run.
 */
async function recallPass(c: pg.Client, name: string, sql: string, texts: readonly string[], budget: number): Promise<bigint[][]> {
  const found: bigint[][] = [];
  const deadline = performance.now() + budget * 1000;
  for (const t of texts) {
    if (found.length >= 10 && performance.now() > deadline) break;
    found.push((await c.query<{ id: string }>({ name, text: sql, values: [t] })).rows.map((r) => BigInt(r.id)));
  }
  return found;
}

export async function runWire(data: DataSet, truth: GroundTruth, parquet: string, workDir: string, hnsw: HnswConfig, opts: WireOptions): Promise<WireResult> {
  const dataDir = path.join(workDir, 'jammi-data');
  const jammi = await startJammiProcess({ dataDir, fileRoots: [path.dirname(parquet)] });
  const clients: pg.Client[] = [];
  let busyBefore: number | null = null;
  const quiet = async () => {
    const b = await waitForQuiet();
    if (b !== null) busyBefore = Math.max(busyBefore ?? 0, b);
  };
  try {
    for (let i = 0; i < opts.clients; i++) {
      const c = new pg.Client({ connectionString: jammi.url });
      await c.connect();
      clients.push(c);
    }
    const c0 = clients[0];
    let t0 = performance.now();
    await c0.query(`SELECT * FROM jammi.add_source('vecs', ${pg.escapeLiteral(`file://${parquet}`)})`);
    const sourceSeconds = (performance.now() - t0) / 1000;

    const beforeBuild = procMemory(jammi.pid);
    t0 = performance.now();
    // The build's progress NOTICEs ("…: indexing <n> of <total> rows") split its time: before the
    // first one, DuckDB copies the vectors into the table's data.parquet; after it, the HNSW build.
    let indexingFrom: number | null = null;
    const onNotice = (n: { message?: string }) => {
      if (indexingFrom === null && / indexing /.test(n.message ?? '')) indexingFrom = (performance.now() - t0) / 1000;
    };
    c0.on('notice', onNotice);
    const options = JSON.stringify({ m: hnsw.m, ef_construction: hnsw.ef_construction, ef_search: hnsw.ef_search });
    const built = await c0.query<{ table_name: string; row_count: string }>(`SELECT * FROM jammi.register_embeddings('vecs', 'id', 'embedding', ${pg.escapeLiteral(options)})`);
    const buildSeconds = (performance.now() - t0) / 1000;
    c0.off('notice', onNotice);
    const afterBuild = procMemory(jammi.pid);
    const tableName = built.rows[0].table_name;
    opts.log(
      `  jammi register_embeddings: ${buildSeconds.toFixed(1)} s (${built.rows[0].row_count} rows, table ${tableName}` +
        `${indexingFrom === null ? '' : `; first indexing progress NOTICE after ${(indexingFrom as number).toFixed(1)} s`})`,
    );
    const indexBytes = statSync(path.join(dataDir, 'results', tableName, 'index.usearch')).size;

    const texts = queryTexts(data);
    const measure = async (label: string, name: string, sql: string, seconds: number, queryCount: number, truthIds: bigint[][]): Promise<ArmResult> => {
      // The recall pass is also the warm-up: it prepares the statement and (ANN) opens the index.
      const found = await recallPass(c0, name, sql, texts.slice(0, queryCount), opts.recallSeconds);
      const r = recall(found, truthIds.slice(0, found.length));
      await quiet();
      const one = await timedLoop(1, seconds, queryCount, (_, i) => c0.query({ name, text: sql, values: [texts[i]] }));
      // Each connection prepares the named statement on its first use; do that outside the timing.
      await Promise.all(clients.slice(1).map((c) => c.query({ name, text: sql, values: [texts[0]] })));
      await quiet();
      const many = await timedLoop(clients.length, seconds, queryCount, (w, i) => clients[w].query({ name, text: sql, values: [texts[i]] }));
      opts.log(`  ${label}: recall@${opts.k} ${r.toFixed(4)} (${found.length} queries), ${one.qps.toFixed(1)} q/s with 1 client (${one.meanMs.toFixed(2)} ms), ${many.qps.toFixed(1)} q/s with ${clients.length}`);
      return { filter: '', recall: r, recallQueries: found.length, qps1: one.qps, qpsN: many.qps };
    };

    const ann: ArmResult[] = [];
    for (const [i, f] of FILTERS.entries()) {
      const m = await measure(`jammi ANN, filter ${f.name}`, `ann${i}`, annSql(f, opts.k), opts.seconds, data.spec.queries, truth.ids.get(f.name)!);
      ann.push({ ...m, filter: f.name });
    }
    const afterSearch = procMemory(jammi.pid);
    const indexMapping = mappedFile(jammi.pid, `/${tableName}/index.usearch`);
    const exact: ArmResult[] = [];
    for (const [i, f] of FILTERS.entries()) {
      const n = Math.min(opts.exactQueries, data.spec.queries);
      const m = await measure(`jammi exact, filter ${f.name}`, `exact${i}`, exactSql(f, opts.k), opts.exactSeconds, n, truth.ids.get(f.name)!);
      exact.push({ ...m, filter: f.name });
    }
    return { sourceSeconds, buildSeconds, copySeconds: indexingFrom, tableName, indexBytes, memory: { beforeBuild, afterBuild, afterSearch }, indexMapping, ann, exact, clients: clients.length, busyBefore };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await jammi.stop();
  }
}
