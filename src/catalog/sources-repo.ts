import type Database from 'better-sqlite3';
import type { FileFormat, SourceKind, SourceRecord, SourceTable } from './catalog.types.js';

interface SourceRow {
  source_id: string;
  source_type: string;
  uri: string;
  format: string | null;
  schema_json: string | null;
  options: string;
  created_at: string;
  updated_at: string;
  tenant_id: string | null;
}

function decode(row: SourceRow): SourceRecord {
  const schema = row.schema_json ? (JSON.parse(row.schema_json) as { tables?: SourceTable[] }) : {};
  return {
    sourceId: row.source_id,
    kind: row.source_type as SourceKind,
    uri: row.uri,
    format: row.format as FileFormat | null,
    tables: schema.tables ?? [],
    options: JSON.parse(row.options) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tenantId: row.tenant_id,
  };
}

/** Reads and writes the `sources` table. Reads are tenant-filtered: a tenant sees its own rows and global ones. */
export class SourcesRepo {
  constructor(private readonly db: Database.Database) {}

  /** Every source visible to `tenant` (null = no tenant bound: global rows only). */
  list(tenant: string | null): SourceRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM sources WHERE tenant_id IS NULL OR tenant_id = ? ORDER BY source_id')
      .all(tenant) as SourceRow[];
    return rows.map(decode);
  }

  /** Every source of every tenant (startup reload). */
  listAll(): SourceRecord[] {
    return (this.db.prepare('SELECT * FROM sources ORDER BY source_id').all() as SourceRow[]).map(decode);
  }

  /** The source named `id` if `tenant` may see it. */
  get(id: string, tenant: string | null): SourceRecord | null {
    const row = this.db
      .prepare('SELECT * FROM sources WHERE source_id = ? AND (tenant_id IS NULL OR tenant_id = ?)')
      .get(id, tenant) as SourceRow | undefined;
    return row ? decode(row) : null;
  }

  /** Whether any tenant holds this id (ids are global, so a name cannot be reused across tenants). */
  existsGlobally(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sources WHERE source_id = ?').get(id) !== undefined;
  }

  insert(rec: Omit<SourceRecord, 'createdAt' | 'updatedAt'>): SourceRecord {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO sources (source_id, name, source_type, uri, format, schema_json, options, created_at, updated_at, tenant_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(rec.sourceId, rec.sourceId, rec.kind, rec.uri, rec.format, JSON.stringify({ tables: rec.tables }), JSON.stringify(rec.options), now, now, rec.tenantId);
    return { ...rec, createdAt: now, updatedAt: now };
  }

  updateTables(id: string, tables: SourceTable[]): void {
    this.db
      .prepare('UPDATE sources SET schema_json = ?, updated_at = ? WHERE source_id = ?')
      .run(JSON.stringify({ tables }), new Date().toISOString(), id);
  }

  /** Delete the source if `tenant` owns it (a global source is owned by the null tenant). */
  delete(id: string, tenant: string | null): boolean {
    const r = this.db
      .prepare('DELETE FROM sources WHERE source_id = ? AND (tenant_id = ? OR (tenant_id IS NULL AND ? IS NULL))')
      .run(id, tenant, tenant);
    return r.changes > 0;
  }
}
