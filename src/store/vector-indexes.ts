import type { DuckDBArrayValue, DuckDBValue } from '@duckdb/node-api';
import { type Engine, type EngineConnection, quoteIdent, quoteLiteral, USER_CATALOG } from '../engine/index.js';
import { LiveHnsw } from '../index/index.js';
import type { Logger } from '../log/index.js';
import { pgSchema, type TableDdl, VECTOR_SCAN_KEY_COLUMN, type VectorIndexTarget } from '../sql/index.js';

/** pgvector's default hnsw.ef_search: the fewest candidates a search asks the graph for. */
export const EF_SEARCH = 40;
/** Candidates per wanted row beyond ef_search: the exact re-rank picks the best of them. */
export const OVERSAMPLE = 2;

/** The graph metric of each pgvector operator class. */
const METRICS: Record<NonNullable<TableDdl['vectorIndexes']>[number]['opclass'], VectorIndexTarget['metric']> = { vector_l2_ops: 'l2sq', vector_cosine_ops: 'cosine', vector_ip_ops: 'ip' };

/** One index's graph and what it holds: each row's key (as text) and its label in the graph. */
interface Live {
  signature: string;
  /** The temporary table (on the sync connection) of each indexed row's key and vector hash. */
  shadow: string;
  graph: LiveHnsw;
  rows: Map<string, bigint>;
  keys: Map<bigint, string>;
  next: bigint;
  /** The table generation the graph reflects (-1: never synced). */
  synced: number;
  syncing: Promise<void> | null;
  /** DuckDB's type of the key column, for the candidate keys' literals. */
  keyType: string;
}

/** Removed rows (usearch keeps them as tombstones) beyond which, and beyond the live rows, the graph is built again. */
const TOMBSTONES_BEFORE_REBUILD = 5000;
/** Rows added to the graph per step; the event loop runs between steps (usearch's add blocks it). */
const ADD_BATCH = 256;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The HNSW indexes of writable tables (CREATE INDEX … USING hnsw), in memory, one per index,
 * shared by every session. A graph is built from the table's committed rows the first time a
 * query needs it and kept up to date lazily: every committed write bumps its tables'
 * generation (`committed`, called by the sessions once the write is visible), and a search
 * that finds the graph behind starts a sync — one scan of `key, hash(vector)`, then the rows
 * that are new or changed are read and added and the vanished ones removed — and is answered
 * by the exact plan meanwhile. So a committed row is findable by the next search.
 */
export class VectorIndexes {
  private readonly live = new Map<string, Live>();
  /** The epoch of the last committed write to each table name. */
  private readonly written = new Map<string, number>();
  /** The epoch of the last committed write whose tables are not known (DDL): every table. */
  private everything = 0;
  private counter = 0;
  private readonly scans = new Map<string, number>();
  private shadows = 0;
  private conn: Promise<EngineConnection> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /** Increases at every committed write: a transaction that began before a change sees older rows than the graphs hold. */
  get epoch(): number {
    return this.counter;
  }

  /** Writes to these tables (unqualified names; null: possibly any table) committed and are visible. */
  committed(tables: readonly string[] | null): void {
    if (tables?.length === 0) return;
    this.counter++;
    if (tables === null) this.everything = this.counter;
    else for (const t of tables) this.written.set(t, this.counter);
  }

  /** How many searches an index answered since the server started (pg_stat_user_indexes.idx_scan). */
  scanCount(schema: string, name: string): number {
    return this.scans.get(`${schema}.${name}`) ?? 0;
  }

  /** Build every recorded index's graph (server start), without waiting for them. */
  warmAll(tables: Iterable<TableDdl>): void {
    for (const t of tables) for (const v of t.vectorIndexes ?? []) this.warm({ ...v, schema: t.schema, table: t.table, metric: METRICS[v.opclass] });
  }

  /** Build an index's graph now, without waiting for it. */
  warm(index: VectorIndexTarget): void {
    this.current(index).catch((e: unknown) => this.log.warn(`hnsw index ${index.name}: could not be built (${(e as Error).message}); its queries scan exactly`));
  }

  /**
   * The candidate keys of a nearest-neighbour query, as a relation `(… AS v(jammi_ann_key))` of
   * the keys the graph finds nearest (max(ef_search, 2 × need) of them), or null when the index
   * cannot answer and the exact plan must: fewer than `need` rows are indexed (NULL vectors are
   * not), or the graph could not be brought up to date.
   */
  async candidates(index: VectorIndexTarget, query: Float32Array, need: number): Promise<string | null> {
    let live: Live | null;
    try {
      live = await this.current(index);
    } catch (e) {
      this.log.warn(`hnsw index ${index.name}: could not be brought up to date (${(e as Error).message}); scanning exactly`);
      return null;
    }
    if (!live || need <= 0 || live.rows.size < need || query.length !== index.dimensions) return null;
    const hits = live.graph.search(query, Math.max(EF_SEARCH, OVERSAMPLE * need));
    const keys = hits.flatMap((h) => live.keys.get(h.label) ?? []);
    if (keys.length < need) return null;
    const id = `${pgSchema(index.schema)}.${index.name}`;
    this.scans.set(id, (this.scans.get(id) ?? 0) + 1);
    const values = keys.map((k) => `(CAST(${quoteLiteral(k)} AS ${live.keyType}))`).join(', ');
    return `(SELECT * FROM (VALUES ${values}) AS v(${VECTOR_SCAN_KEY_COLUMN}))`;
  }

  /**
   * The index's graph, synced with every write committed before the call; null while it is
   * being built or catching up with committed writes (the caller scans exactly meanwhile).
   */
  private async current(index: VectorIndexTarget): Promise<Live | null> {
    const id = `${index.schema}.${index.table}.${index.name}`;
    const signature = JSON.stringify([index.column, index.key, index.metric, index.dimensions, index.m, index.ef_construction]);
    let live = this.live.get(id);
    if (!live || (live.signature !== signature && !live.syncing) || (live.graph.tombstones > Math.max(TOMBSTONES_BEFORE_REBUILD, live.rows.size) && !live.syncing)) {
      live = { signature, shadow: `jammi_hnsw_${++this.shadows}`, graph: new LiveHnsw(index.dimensions, index.metric, index.m, index.ef_construction), rows: new Map(), keys: new Map(), next: 0n, synced: -1, syncing: null, keyType: 'VARCHAR' };
      this.live.set(id, live);
    }
    if (live.signature !== signature) return null;
    // Behind the committed rows: the exact plan answers (it sees them) while the graph catches up in
    // the background. Waiting would cost more than the exact scan: a sync hashes every vector.
    if (live.synced < this.generation(index.table) || live.syncing) {
      const l = live;
      l.syncing ??= this.sync(l, index)
        .catch((e: unknown) => this.log.warn(`hnsw index ${index.name}: could not be brought up to date (${(e as Error).message}); its queries scan exactly`))
        .finally(() => (l.syncing = null));
      return null;
    }
    return live;
  }

  private generation(table: string): number {
    return Math.max(this.written.get(table) ?? 0, this.everything);
  }

  /** The connection syncs run on (their shadow tables are its temporary tables); one sync at a time. */
  private connection(): Promise<EngineConnection> {
    return (this.conn ??= this.engine.connect());
  }

  /**
   * Bring the graph up to date with the table's committed rows. In one engine transaction (one
   * snapshot), the rows whose vector hash differs from the shadow table's (new or changed) and the
   * shadow's keys no longer in the table (deleted, or their vector set to NULL) are read, and the
   * shadow is updated to match; then the graph drops the second and takes in the first, a batch
   * at a time. A failure leaves the index to be built again from scratch.
   */
  private sync(live: Live, index: VectorIndexTarget): Promise<void> {
    const run = this.queue.then(() => this.syncNow(live, index));
    this.queue = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      this.live.delete(`${index.schema}.${index.table}.${index.name}`);
      throw e;
    });
  }

  private async syncNow(live: Live, index: VectorIndexTarget): Promise<void> {
    const generation = this.generation(index.table);
    const started = performance.now();
    const conn = await this.connection();
    const table = `${USER_CATALOG}.${quoteIdent(index.schema)}.${quoteIdent(index.table)}`;
    const col = quoteIdent(index.column);
    const rows = `(SELECT CAST(${quoteIdent(index.key)} AS VARCHAR) AS k, hash(${col}) AS h, ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL)`;
    const shadow = `temp.main.${live.shadow}`;
    let fresh: { k: string; v: number[] }[];
    let gone: string[];
    let keyType: string;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(`CREATE TEMP TABLE IF NOT EXISTS ${live.shadow} (k VARCHAR, h UBIGINT)`);
      await conn.run(`CREATE OR REPLACE TEMP TABLE jammi_hnsw_delta AS SELECT t.k, t.h, t.v FROM ${rows} t LEFT JOIN ${shadow} s ON s.k = t.k WHERE s.h IS DISTINCT FROM t.h`);
      await conn.run(`CREATE OR REPLACE TEMP TABLE jammi_hnsw_gone AS SELECT s.k FROM ${shadow} s ANTI JOIN ${rows} t ON t.k = s.k`);
      await conn.run(`DELETE FROM ${shadow} WHERE k IN (SELECT k FROM temp.main.jammi_hnsw_delta UNION ALL SELECT k FROM temp.main.jammi_hnsw_gone)`);
      await conn.run(`INSERT INTO ${shadow} SELECT k, h FROM temp.main.jammi_hnsw_delta`);
      gone = (await readAll(conn, 'SELECT k FROM temp.main.jammi_hnsw_gone')).map((r) => String(r[0]));
      fresh = (await readAll(conn, 'SELECT k, v FROM temp.main.jammi_hnsw_delta')).map((r) => ({ k: String(r[0]), v: (r[1] as DuckDBArrayValue).items as number[] }));
      const [type] = await readAll(
        conn,
        `SELECT data_type FROM duckdb_columns() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(index.schema)} AND table_name = ${quoteLiteral(index.table)} AND column_name = ${quoteLiteral(index.key)}`,
      );
      keyType = type ? String(type[0]) : 'VARCHAR';
      await conn.run('DROP TABLE temp.main.jammi_hnsw_delta');
      await conn.run('DROP TABLE temp.main.jammi_hnsw_gone');
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    const stale = [...gone, ...fresh.map((r) => r.k)].flatMap((k) => {
      const label = live.rows.get(k);
      if (label === undefined) return [];
      live.rows.delete(k);
      live.keys.delete(label);
      return [label];
    });
    live.graph.remove(stale);
    const d = index.dimensions;
    for (let i = 0; i < fresh.length; i += ADD_BATCH) {
      const batch = fresh.slice(i, i + ADD_BATCH).filter((r) => r.v.every(Number.isFinite));
      const labels = new BigUint64Array(batch.length);
      const block = new Float32Array(batch.length * d);
      batch.forEach((r, j) => {
        const label = live.next++;
        labels[j] = label;
        block.set(r.v, j * d);
        live.rows.set(r.k, label);
        live.keys.set(label, r.k);
      });
      live.graph.add(labels, block);
      if (fresh.length > ADD_BATCH) await yieldToLoop();
    }
    live.keyType = keyType;
    live.synced = generation;
    this.log.debug(`hnsw index ${index.name}: synced in ${Math.round(performance.now() - started)} ms (${fresh.length} added, ${stale.length} removed, ${live.rows.size} rows)`);
  }
}

/** Every row of a query on `conn`, as DuckDB values. */
async function readAll(conn: EngineConnection, sql: string): Promise<DuckDBValue[][]> {
  const stream = await conn.stream(sql);
  const out: DuckDBValue[][] = [];
  try {
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) for (const row of chunk.getRows()) out.push(row);
  } finally {
    stream.close();
  }
  return out;
}
