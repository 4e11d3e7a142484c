import type Database from 'better-sqlite3';
import type { ModelRecord } from './catalog.types.js';

interface ModelRow {
  model_id: string;
  name: string;
  model_type: string;
  task: string;
  backend: string | null;
  source: string | null;
  dimensions: number | null;
  status: string;
  metadata: string | null;
  created_at: string;
  updated_at: string;
  tenant_id: string | null;
}

const decode = (r: ModelRow): ModelRecord => ({
  modelId: r.model_id,
  name: r.name,
  modelType: r.model_type,
  task: r.task,
  backend: r.backend ?? '',
  source: r.source,
  dimensions: r.dimensions,
  status: r.status,
  metadata: r.metadata ? (JSON.parse(r.metadata) as Record<string, unknown>) : {},
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  tenantId: r.tenant_id,
});

/** Reads and writes the `models` table. Reads are tenant-filtered: a tenant sees its own rows and global ones. */
export class ModelsRepo {
  constructor(private readonly db: Database.Database) {}

  list(tenant: string | null): ModelRecord[] {
    return (this.db.prepare('SELECT * FROM models WHERE tenant_id IS NULL OR tenant_id = ? ORDER BY model_id').all(tenant) as ModelRow[]).map(decode);
  }

  get(id: string, tenant: string | null): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE model_id = ? AND (tenant_id IS NULL OR tenant_id = ?)').get(id, tenant) as ModelRow | undefined;
    return row ? decode(row) : null;
  }

  /** Whether any tenant holds this id (ids are global, as for sources). */
  existsGlobally(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM models WHERE model_id = ?').get(id) !== undefined;
  }

  insert(rec: Omit<ModelRecord, 'createdAt' | 'updatedAt'>): ModelRecord {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO models (model_id, name, model_type, task, backend, source, dimensions, status, metadata, created_at, updated_at, tenant_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(rec.modelId, rec.name, rec.modelType, rec.task, rec.backend, rec.source, rec.dimensions, rec.status, JSON.stringify(rec.metadata), now, now, rec.tenantId);
    return { ...rec, createdAt: now, updatedAt: now };
  }

  /** Record a dimension learnt from the model's first answer; the model is then `ready`. */
  setDimensions(id: string, dimensions: number): void {
    this.db.prepare("UPDATE models SET dimensions = ?, status = 'ready', updated_at = ? WHERE model_id = ?").run(dimensions, new Date().toISOString(), id);
  }
}
