import type { MutableTableDef, MutableTablesRepo } from '../catalog/index.js';
import { type Engine, UNREGISTERED_SCHEMAS } from '../engine/index.js';
import type { Logger } from '../log/index.js';
import { pgSchema } from '../sql/index.js';
import type { TableRename } from '../sql/ddl/index.js';
import { EngineTypes } from './column-types.js';
import { readUserTables } from './user-tables.js';

const key = (schema: string, table: string) => `${schema}\u0000${table}`;

/**
 * The writable tables of the server: DuckDB holds them, the catalog registers them. After
 * every committed DDL statement (and at start, after a crash between DuckDB's commit and the
 * registry's write) `reconcile` makes the registry match DuckDB; `version` then increases so
 * cached plans, whose result types may come from the registry, are planned again.
 */
export class MutableTables {
  private tables = new Map<string, MutableTableDef>();
  private changes = 0;
  private runs = 0;
  /** The reconcile queue: one runs at a time; callers that arrive before a queued one starts share it. */
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: Promise<boolean> | null = null;
  private readonly types: EngineTypes;

  private constructor(
    private readonly engine: Engine,
    private readonly repo: MutableTablesRepo,
    private readonly log: Logger,
  ) {
    this.types = new EngineTypes(engine);
  }

  /** Bring the registry up to date with DuckDB (after the DDL records' table exists). */
  static async open(engine: Engine, repo: MutableTablesRepo, log: Logger): Promise<MutableTables> {
    const t = new MutableTables(engine, repo, log);
    const changed = await t.reconcile();
    if (changed) log.info('writable tables registry reconciled with the database at start');
    return t;
  }

  /** Increases whenever the registry changes (part of the plan-cache key). */
  get version(): number {
    return this.changes;
  }

  /** Increases at every reconcile (after every committed DDL), even when no table changed: views, schemas, types may have. */
  get reconciles(): number {
    return this.runs;
  }

  /** Every writable table, as last reconciled. */
  all(): MutableTableDef[] {
    return [...this.tables.values()];
  }

  /** A writable table by Postgres schema and name, as last reconciled. */
  table(schema: string, table: string): MutableTableDef | undefined {
    return this.tables.get(key(schema, table));
  }

  /** A transaction that changed writable tables committed: keep renamed tables' registry ids, then reconcile. */
  async committed(renamed: readonly TableRename[]): Promise<void> {
    const pg = (t: { schema: string; table: string }) => ({ schema: pgSchema(t.schema), table: t.table });
    for (const r of renamed) this.repo.rename(pg(r.from), pg(r.to));
    await this.reconcile();
  }

  /**
   * Make the registry equal to DuckDB's committed tables. Idempotent; safe to call from many
   * sessions at once (runs are serialized and coalesced). Returns whether the registry changed.
   */
  reconcile(): Promise<boolean> {
    if (this.waiting) return this.waiting;
    const run = this.queue.then(() => {
      this.waiting = null;
      return this.reconcileNow();
    });
    this.waiting = run;
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(): Promise<boolean> {
    const defs = await readUserTables(this.engine, this.types);
    const changed = this.repo.sync(defs, UNREGISTERED_SCHEMAS);
    this.tables = new Map(defs.map((d) => [key(d.schema, d.table), d]));
    if (changed) this.changes++;
    this.runs++;
    this.log.debug(`writable tables reconciled: ${defs.length} tables${changed ? ', registry updated' : ''}`);
    return changed;
  }
}
