import type Database from 'better-sqlite3';

/** A `result_tables` row, as the embedding-table code uses it. */
export interface ResultTableRecord {
  tableName: string;
  sourceId: string;
  modelId: string;
  status: 'building' | 'ready' | 'failed';
  rowCount: number;
  dimensions: number | null;
  parquetPath: string;
  tenantId: string | null;
  /** `model` (embedded by jammi) or `registered` (vectors the source held). */
  kind: string;
  keyColumn: string;
  /** The HNSW parameters the sidecar was built with (metric, m, ef_construction, ef_search, built_at). */
  indexParams: Record<string, unknown>;
}

interface Row {
  table_name: string;
  source_id: string;
  model_id: string;
  status: ResultTableRecord['status'];
  row_count: number;
  dimensions: number | null;
  parquet_path: string;
  tenant_id: string | null;
  kind: string;
  key_column: string | null;
  index_params: string;
}

function parseParams(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const decode = (r: Row): ResultTableRecord => ({
  tableName: r.table_name,
  sourceId: r.source_id,
  modelId: r.model_id,
  status: r.status,
  rowCount: r.row_count,
  dimensions: r.dimensions,
  parquetPath: r.parquet_path,
  tenantId: r.tenant_id,
  kind: r.kind,
  keyColumn: r.key_column ?? '',
  indexParams: parseParams(r.index_params),
});

/** The catalog's `result_tables` (migration 002). Table names are global across tenants. */
export class ResultTablesRepo {
  /**
   * Bumped at every change of a table's status or index in this process: plan caches include
   * it, so a plan made before a newer table was ready (or an index rebuilt) is made again.
   */
  static version = 0;

  constructor(private readonly db: Database.Database) {}

  /** The row named `name` in any tenant (names are the primary key). */
  getGlobally(name: string): ResultTableRecord | null {
    const r = this.db.prepare('SELECT * FROM result_tables WHERE table_name = ?').get(name) as Row | undefined;
    return r ? decode(r) : null;
  }

  /** The latest ready embedding table of a source visible to `tenant` (with its key column), or null. */
  latestReady(sourceId: string, tenant: string | null): ResultTableRecord | null {
    const r = this.db
      .prepare("SELECT * FROM result_tables WHERE source_id = ? AND status = 'ready' AND task = 'embedding' AND (tenant_id IS NULL OR tenant_id = ?) ORDER BY completed_at DESC, table_name DESC LIMIT 1")
      .get(sourceId, tenant) as Row | undefined;
    return r ? decode(r) : null;
  }

  /** The embedding table `name` if `tenant` sees it (its own or a global one), whatever its status. */
  visible(name: string, tenant: string | null): ResultTableRecord | null {
    const r = this.db.prepare("SELECT * FROM result_tables WHERE table_name = ? AND task = 'embedding' AND (tenant_id IS NULL OR tenant_id = ?)").get(name, tenant) as Row | undefined;
    return r ? decode(r) : null;
  }

  /** Record a build that starts now (replacing a failed row of the same name). */
  insertBuilding(rec: { tableName: string; sourceId: string; modelId: string; parquetPath: string; keyColumn: string; textColumn: string; kind: 'model' | 'registered'; indexParams: Record<string, unknown>; tenantId: string | null }): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM result_tables WHERE table_name = ? AND status = 'failed'").run(rec.tableName);
      this.db
        .prepare(
          `INSERT INTO result_tables (table_name, source_id, model_id, task, parquet_path, status, key_column, text_columns, kind, index_params, created_at, tenant_id)
           VALUES (?, ?, ?, 'embedding', ?, 'building', ?, ?, ?, ?, ?, ?)`,
        )
        .run(rec.tableName, rec.sourceId, rec.modelId, rec.parquetPath, rec.keyColumn, JSON.stringify([rec.textColumn]), rec.kind, JSON.stringify(rec.indexParams), now, rec.tenantId);
    })();
  }

  markReady(name: string, r: { rowCount: number; dimensions: number; indexParams: Record<string, unknown> }): void {
    ResultTablesRepo.version++;
    this.db
      .prepare("UPDATE result_tables SET status = 'ready', row_count = ?, dimensions = ?, index_params = ?, error_message = NULL, completed_at = ? WHERE table_name = ?")
      .run(r.rowCount, r.dimensions, JSON.stringify(r.indexParams), new Date().toISOString(), name);
  }

  /** Record the parameters of a rebuilt sidecar (the table stays ready: its data did not change). */
  setIndexParams(name: string, indexParams: Record<string, unknown>): void {
    ResultTablesRepo.version++;
    this.db.prepare('UPDATE result_tables SET index_params = ? WHERE table_name = ?').run(JSON.stringify(indexParams), name);
  }

  markFailed(name: string, message: string): void {
    ResultTablesRepo.version++;
    this.db.prepare("UPDATE result_tables SET status = 'failed', error_message = ?, completed_at = ? WHERE table_name = ?").run(message, new Date().toISOString(), name);
  }

  /** Mark every table still `building` as failed (called at start-up: no build survives a restart); returns their names. */
  failInterrupted(message: string): string[] {
    const names = (this.db.prepare("SELECT table_name FROM result_tables WHERE status = 'building'").all() as { table_name: string }[]).map((r) => r.table_name);
    const upd = this.db.prepare("UPDATE result_tables SET status = 'failed', error_message = ?, completed_at = ? WHERE table_name = ? AND status = 'building'");
    const now = new Date().toISOString();
    this.db.transaction(() => names.forEach((n) => upd.run(message, now, n)))();
    return names;
  }
}
