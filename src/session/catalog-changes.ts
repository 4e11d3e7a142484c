import type { EngineConnection, EngineStream } from '../engine/index.js';
import type { CatalogEffect, CatalogOp } from '../sql/index.js';
import type { DdlProgram } from '../sql/ddl/index.js';
import type { MutableTables } from '../store/index.js';

/**
 * A session's side of the writable-tables registry. A DDL statement's declared column types
 * are written in the statement's own transaction (so they commit and roll back with it), and
 * the registry is reconciled with DuckDB once that transaction commits: at once in
 * autocommit, at COMMIT in a transaction block, never after ROLLBACK.
 */
export class CatalogChanges {
  /** Ops of DDL run in the open transaction, applied to the registry if it commits. */
  private pending: CatalogOp[] | null = null;

  constructor(
    private readonly tables: MutableTables,
    private readonly conn: EngineConnection,
  ) {}

  /**
   * Run a DDL statement DuckDB executes as it is, then its declarations; with no transaction
   * open (`autocommit`) both run in one of their own, committed before the registry is reconciled.
   */
  async runStatement(effect: CatalogEffect, autocommit: boolean, execute: () => Promise<EngineStream>): Promise<EngineStream> {
    if (!autocommit) {
      const stream = await this.declaring(effect, execute, (sql) => this.exists(sql));
      this.remember(effect);
      return stream;
    }
    await this.conn.run('BEGIN TRANSACTION');
    let stream: EngineStream;
    try {
      stream = await this.declaring(effect, execute, (sql) => this.exists(sql));
      await this.conn.run('COMMIT');
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    await this.tables.committed(effect.ops);
    return stream;
  }

  /** A DDL program followed by the statement's declarations, in the program's transaction. */
  program(effect: CatalogEffect, run: DdlProgram): DdlProgram {
    return (db) => this.declaring(effect, () => run(db), async (sql) => (await db.rows(sql)).length > 0, (sql) => db.run(sql));
  }

  /** After a DDL program ran: in autocommit it has committed (reconcile now), else its ops wait for the transaction's end. */
  async programRan(effect: CatalogEffect, autocommit: boolean): Promise<void> {
    if (autocommit) await this.tables.committed(effect.ops);
    else this.remember(effect);
  }

  /** The session's transaction ended: the reconcile to run before its next statement, if DDL committed. */
  afterTransaction(committed: boolean): (() => Promise<void>) | null {
    const ops = this.pending;
    this.pending = null;
    return committed && ops ? () => this.tables.committed(ops) : null;
  }

  /**
   * Run `execute`, then the declarations of the ops it did apply: an op for a table or column
   * that already existed (IF NOT EXISTS) declares nothing, checked before the statement runs.
   */
  private async declaring<T>(effect: CatalogEffect, execute: () => Promise<T>, exists: (sql: string) => Promise<boolean>, run = (sql: string) => this.conn.run(sql)): Promise<T> {
    const applied: CatalogOp[] = [];
    for (const op of effect.ops) {
      const probe = this.tables.existsQuery(op);
      if (!probe || !(await exists(probe))) applied.push(op);
    }
    const result = await execute();
    // conn.run first takes in the rest of a running result (a DDL statement has none to speak of).
    for (const sql of this.tables.declarations(applied)) await run(sql);
    return result;
  }

  private remember(effect: CatalogEffect): void {
    this.pending = [...(this.pending ?? []), ...effect.ops];
  }

  private async exists(sql: string): Promise<boolean> {
    const stream = await this.conn.stream(sql);
    try {
      return (await stream.next()) !== null;
    } finally {
      stream.close();
    }
  }
}
