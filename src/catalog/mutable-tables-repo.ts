import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { MutableColumn, MutableConstraint, MutableIndex, MutableTableDef, MutableTableRecord } from './catalog.types.js';

interface TableRow {
  id: string;
  schema_name: string;
  table_name: string;
  schema_json: string;
  primary_key: string;
  backend_kind: string;
  created_at: string;
  updated_at: string;
  tenant_id: string | null;
}

interface IndexRow {
  table_id: string;
  index_name: string;
  columns: string;
  is_unique: number;
  is_primary: number;
  definition: string | null;
}

/** What `schema_json` holds: everything about the table but its name, key and indexes. */
interface SchemaJson {
  columns: MutableColumn[];
  constraints: MutableConstraint[];
  comment?: string;
}

const schemaJson = (d: MutableTableDef): string => JSON.stringify({ columns: d.columns, constraints: d.constraints, ...(d.comment !== undefined ? { comment: d.comment } : {}) } satisfies SchemaJson);

function decode(row: TableRow, indexes: IndexRow[]): MutableTableRecord {
  const s = JSON.parse(row.schema_json) as SchemaJson;
  return {
    id: row.id,
    schema: row.schema_name,
    table: row.table_name,
    columns: s.columns ?? [],
    constraints: s.constraints ?? [],
    ...(s.comment !== undefined ? { comment: s.comment } : {}),
    primaryKey: JSON.parse(row.primary_key) as string[],
    indexes: indexes.map((i) => ({ name: i.index_name, columns: JSON.parse(i.columns) as string[], unique: i.is_unique !== 0, primary: i.is_primary !== 0, definition: i.definition ?? '' })),
    backendKind: row.backend_kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tenantId: row.tenant_id,
  };
}

const key = (schema: string, table: string) => `${schema}\u0000${table}`;

/**
 * The `mutable_tables` and `mutable_table_indexes` registry. DuckDB is the source of truth:
 * `sync` makes the registry equal to a list of table definitions read from it. Rows in
 * schemas the caller does not manage (topic logs) are left alone.
 */
export class MutableTablesRepo {
  constructor(private readonly db: Database.Database) {}

  /** Every registered table, by schema and name. */
  list(): MutableTableRecord[] {
    const rows = this.db.prepare('SELECT * FROM mutable_tables ORDER BY schema_name, table_name').all() as TableRow[];
    const byTable = new Map<string, IndexRow[]>();
    for (const i of this.db.prepare('SELECT * FROM mutable_table_indexes ORDER BY index_name').all() as IndexRow[]) {
      byTable.set(i.table_id, [...(byTable.get(i.table_id) ?? []), i]);
    }
    return rows.map((r) => decode(r, byTable.get(r.id) ?? []));
  }

  /** One registered table, or null. */
  get(schema: string, table: string): MutableTableRecord | null {
    const row = this.db.prepare('SELECT * FROM mutable_tables WHERE schema_name = ? AND table_name = ?').get(schema, table) as TableRow | undefined;
    if (!row) return null;
    return decode(row, this.db.prepare('SELECT * FROM mutable_table_indexes WHERE table_id = ? ORDER BY index_name').all(row.id) as IndexRow[]);
  }

  /**
   * The columns of `schema.table` with their declared Postgres types (name, format_type
   * spelling, OID, typmod, nullability, default), in order; null for an unknown table.
   * This is what catalog emulation (pg_attribute, information_schema.columns) reads.
   */
  declaredColumns(schema: string, table: string): MutableColumn[] | null {
    const json = this.db.prepare('SELECT schema_json FROM mutable_tables WHERE schema_name = ? AND table_name = ?').pluck().get(schema, table) as string | undefined;
    return json === undefined ? null : ((JSON.parse(json) as SchemaJson).columns ?? []);
  }

  /** A table was renamed or moved: its row keeps its id and creation time. */
  rename(from: { schema: string; table: string }, to: { schema: string; table: string }): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM mutable_tables WHERE schema_name = ? AND table_name = ?').run(to.schema, to.table);
      this.db.prepare('UPDATE mutable_tables SET schema_name = ?, table_name = ? WHERE schema_name = ? AND table_name = ?').run(to.schema, to.table, from.schema, from.table);
    })();
  }

  /**
   * Make the registry hold exactly `defs` for every schema not in `unmanaged`: new tables are
   * inserted, changed ones updated (with their indexes), vanished ones deleted. One SQLite
   * transaction; a second call with the same list writes nothing. Returns whether anything changed.
   */
  sync(defs: readonly MutableTableDef[], unmanaged: readonly string[]): boolean {
    return this.db.transaction(() => {
      const existing = new Map<string, TableRow & { indexes: string }>();
      const rows = this.db
        .prepare(
          `SELECT t.*, (SELECT json_group_array(json_object('name', index_name, 'columns', json(columns), 'unique', is_unique != 0, 'primary', is_primary != 0, 'definition', definition))
                          FROM (SELECT * FROM mutable_table_indexes i WHERE i.table_id = t.id ORDER BY index_name)) AS indexes
             FROM mutable_tables t`,
        )
        .all() as (TableRow & { indexes: string })[];
      for (const r of rows) if (!unmanaged.includes(r.schema_name)) existing.set(key(r.schema_name, r.table_name), r);
      const now = new Date().toISOString();
      let changed = false;
      const insertIndex = this.db.prepare('INSERT INTO mutable_table_indexes (table_id, index_name, columns, is_unique, is_primary, definition) VALUES (?, ?, ?, ?, ?, ?)');
      const writeIndexes = (id: string, d: MutableTableDef) => {
        this.db.prepare('DELETE FROM mutable_table_indexes WHERE table_id = ?').run(id);
        for (const i of d.indexes) insertIndex.run(id, i.name, JSON.stringify(i.columns), i.unique ? 1 : 0, i.primary ? 1 : 0, i.definition);
      };
      for (const d of defs) {
        const k = key(d.schema, d.table);
        const old = existing.get(k);
        existing.delete(k);
        const json = schemaJson(d);
        const pk = JSON.stringify(d.primaryKey);
        if (!old) {
          const id = randomUUID();
          this.db
            .prepare('INSERT INTO mutable_tables (id, schema_name, table_name, schema_json, primary_key, backend_kind, created_at, updated_at, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)')
            .run(id, d.schema, d.table, json, pk, 'duckdb', now, now);
          writeIndexes(id, d);
          changed = true;
        } else if (old.schema_json !== json || old.primary_key !== pk || !sameIndexes(old.indexes, d.indexes)) {
          this.db.prepare('UPDATE mutable_tables SET schema_json = ?, primary_key = ?, updated_at = ? WHERE id = ?').run(json, pk, now, old.id);
          writeIndexes(old.id, d);
          changed = true;
        }
      }
      for (const gone of existing.values()) {
        this.db.prepare('DELETE FROM mutable_tables WHERE id = ?').run(gone.id);
        changed = true;
      }
      return changed;
    })();
  }
}

/** Whether the stored indexes (SQLite's JSON) are the ones in `want`. */
function sameIndexes(stored: string, want: readonly MutableIndex[]): boolean {
  const have = (JSON.parse(stored) as { name: string; columns: string[]; unique: number | boolean; primary: number | boolean; definition: string | null }[]).map((i) => ({
    name: i.name,
    columns: i.columns,
    unique: Boolean(i.unique),
    primary: Boolean(i.primary),
    definition: i.definition ?? '',
  }));
  const sorted = [...want].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(have) === JSON.stringify(sorted.map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, primary: i.primary, definition: i.definition })));
}
