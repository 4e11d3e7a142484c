import type { MutableTableDef, MutableTablesRepo } from '../catalog/index.js';
import { type Engine, UNREGISTERED_SCHEMAS } from '../engine/index.js';
import type { Logger } from '../log/index.js';
import type { CatalogOp } from '../sql/index.js';
import { EngineTypes } from './column-types.js';
import { declarationStatements, declaredTableDdl, existsSql } from './declared-columns.js';
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

  /** Create jammi's bookkeeping table if needed and bring the registry up to date with DuckDB. */
  static async open(engine: Engine, repo: MutableTablesRepo, log: Logger): Promise<MutableTables> {
    for (const sql of declaredTableDdl) await engine.exec(sql);
    const t = new MutableTables(engine, repo, log);
    const changed = await t.reconcile();
    if (changed) log.info('writable tables registry reconciled with the database at start');
    return t;
  }

  /** Increases whenever the registry changes (part of the plan-cache key). */
  get version(): number {
    return this.changes;
  }

  /** A writable table by Postgres schema and name, as last reconciled. */
  table(schema: string, table: string): MutableTableDef | undefined {
    return this.tables.get(key(schema, table));
  }

  /** The statements that record a DDL statement's declarations, to run in its transaction right after it. */
  declarations(ops: readonly CatalogOp[]): string[] {
    return ops.flatMap(declarationStatements);
  }

  /** For an op that applies only to a missing table or column: the query that finds it present. */
  existsQuery(op: CatalogOp): string | null {
    return existsSql(op);
  }

  /** A transaction with these DDL ops committed: keep renamed tables' registry ids, then reconcile. */
  async committed(ops: readonly CatalogOp[]): Promise<void> {
    for (const op of ops) {
      if (op.op === 'rename_table') this.repo.rename(op.target, { schema: op.target.schema, table: op.to });
      if (op.op === 'set_schema') this.repo.rename(op.target, { schema: op.to, table: op.target.table });
    }
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
    this.log.debug(`writable tables reconciled: ${defs.length} tables${changed ? ', registry updated' : ''}`);
    return changed;
  }
}
