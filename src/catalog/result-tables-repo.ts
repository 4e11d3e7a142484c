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
});

/** The catalog's `result_tables` (migration 002). Table names are global across tenants. */
export class ResultTablesRepo {
  constructor(private readonly db: Database.Database) {}

  /** The row named `name` in any tenant (names are the primary key). */
  getGlobally(name: string): ResultTableRecord | null {
    const r = this.db.prepare('SELECT * FROM result_tables WHERE table_name = ?').get(name) as Row | undefined;
    return r ? decode(r) : null;
  }

  /** The latest ready embedding table of a source visible to `tenant` (with its key column), or null. */
  latestReady(sourceId: string, tenant: string | null): (ResultTableRecord & { keyColumn: string }) | null {
    const r = this.db
      .prepare("SELECT * FROM result_tables WHERE source_id = ? AND status = 'ready' AND task = 'embedding' AND (tenant_id IS NULL OR tenant_id = ?) ORDER BY completed_at DESC, table_name DESC LIMIT 1")
      .get(sourceId, tenant) as (Row & { key_column: string }) | undefined;
    return r ? { ...decode(r), keyColumn: r.key_column } : null;
  }

  /** Record a build that starts now (replacing a failed row of the same name). */
  insertBuilding(rec: { tableName: string; sourceId: string; modelId: string; parquetPath: string; keyColumn: string; textColumn: string; indexParams: Record<string, unknown>; tenantId: string | null }): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM result_tables WHERE table_name = ? AND status = 'failed'").run(rec.tableName);
      this.db
        .prepare(
          `INSERT INTO result_tables (table_name, source_id, model_id, task, parquet_path, status, key_column, text_columns, kind, index_params, created_at, tenant_id)
           VALUES (?, ?, ?, 'embedding', ?, 'building', ?, ?, 'model', ?, ?, ?)`,
        )
        .run(rec.tableName, rec.sourceId, rec.modelId, rec.parquetPath, rec.keyColumn, JSON.stringify([rec.textColumn]), JSON.stringify(rec.indexParams), now, rec.tenantId);
    })();
  }

  markReady(name: string, r: { rowCount: number; dimensions: number; indexParams: Record<string, unknown> }): void {
    this.db
      .prepare("UPDATE result_tables SET status = 'ready', row_count = ?, dimensions = ?, index_params = ?, error_message = NULL, completed_at = ? WHERE table_name = ?")
      .run(r.rowCount, r.dimensions, JSON.stringify(r.indexParams), new Date().toISOString(), name);
  }

  markFailed(name: string, message: string): void {
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
