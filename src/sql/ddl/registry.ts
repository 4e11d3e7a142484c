import type { DdlEngine } from './ddl.types.js';
import { parseMeta, readMetaSql, type TableMeta } from './table-meta.js';

/**
 * The committed DDL records of every writable table, in memory: the planner reads them
 * synchronously (identity columns of an INSERT's target) and so does the error mapper
 * (constraint names), even inside a failed transaction where the engine answers nothing.
 * Reloaded from the engine after every transaction that ran DDL commits.
 */
export class TableDdlRegistry {
  private tables = new Map<string, TableMeta>();
  private changes = 0;
  private started = 0;
  private applied = 0;

  /** Increases whenever the records change (part of the plan-cache key: plans may read them). */
  get version(): number {
    return this.changes;
  }

  /** A table's record, by DuckDB schema (`main` for public) and name. */
  get(schema: string, table: string): TableMeta | undefined {
    return this.tables.get(key(schema, table));
  }

  /** Every record (foreign keys that reference a table are found by scanning them). */
  all(): IterableIterator<TableMeta> {
    return this.tables.values();
  }

  /**
   * Read every record from the engine (committed state). Reloads may overlap (two sessions
   * commit DDL at once): one begun later saw at least as much, so an older one never
   * overwrites it.
   */
  async reload(db: DdlEngine): Promise<void> {
    const ticket = ++this.started;
    const rows = await db.rows(readMetaSql());
    if (ticket < this.applied) return;
    this.applied = ticket;
    const next = new Map<string, TableMeta>();
    for (const [, , text] of rows) {
      const m = parseMeta(text);
      if (m) next.set(key(m.schema, m.table), m);
    }
    this.tables = next;
    this.changes++;
  }
}

const key = (schema: string, table: string) => `${schema}\u0000${table}`;
