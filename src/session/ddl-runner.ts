import type { Engine, EngineConnection, EngineStream } from '../engine/index.js';
import { createMetaTableSql, type DdlEngine, type DdlOutcome, type DdlProgram, type MetaReader, migrateDeclaredColumns, TableDdlRegistry, type TableRename } from '../sql/ddl/index.js';
import type { MutableTables } from '../store/index.js';

/** A session's engine connection as DDL programs use it. */
export function ddlEngine(conn: EngineConnection): DdlEngine {
  return {
    run: (sql) => conn.run(sql),
    async rows(sql) {
      const stream = await conn.stream(sql);
      const out: (string | null)[][] = [];
      try {
        for (let chunk = await stream.next(); chunk; chunk = await stream.next()) {
          for (const row of chunk.getRows()) out.push(row.map((v) => (v === null ? null : String(v))));
        }
      } finally {
        stream.close();
      }
      return out;
    },
  };
}

/**
 * Run a DDL program. With no transaction open it gets its own, so its several engine
 * statements commit or roll back together; inside the client's (or the extended protocol's
 * implicit) transaction it is part of that. Returns its notices (and rows, if it answers some).
 */
export async function runDdlProgram(run: DdlProgram, conn: EngineConnection, ownTransaction: boolean): Promise<DdlOutcome> {
  const db = ddlEngine(conn);
  if (!ownTransaction) return run(db);
  await conn.run('BEGIN TRANSACTION');
  try {
    const outcome = await run(db);
    await conn.run('COMMIT');
    return outcome;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Create the DDL records' table if needed, fold in an older data directory's declared types, and load the records (server start). */
export async function openTableDdlRegistry(engine: Engine): Promise<TableDdlRegistry> {
  for (const sql of createMetaTableSql) await engine.exec(sql);
  const registry = new TableDdlRegistry();
  const conn = await engine.connect();
  try {
    await runDdlProgram(migrateDeclaredColumns, conn, true);
    await registry.reload(ddlEngine(conn));
  } finally {
    conn.close();
  }
  return registry;
}

/** What the open transaction's DDL left to do once it commits. */
interface Pending {
  /** Reconcile the writable-tables registry (the DDL changed a table). */
  tables: boolean;
  renamed: TableRename[];
}

/**
 * A session's side of DDL: runs programs (and DDL DuckDB runs as written), and keeps the
 * server's DDL records and writable-tables registry in step with what commits: at once in
 * autocommit, at COMMIT inside a transaction, never after ROLLBACK.
 */
export class SessionDdl {
  /** DDL ran in the open transaction: what to do if it commits. */
  private pending: Pending | null = null;
  /** The records as this session's open transaction sees them (its own DDL included), after DDL in it. */
  private overlay: TableDdlRegistry | null = null;

  constructor(
    private readonly registry: TableDdlRegistry,
    private readonly tables: MutableTables,
    private readonly conn: EngineConnection,
  ) {}

  /** Run a DDL route's program; `ownTransaction` when the session has no transaction open. */
  async run(program: DdlProgram, ownTransaction: boolean, changesTables: boolean): Promise<DdlOutcome> {
    const outcome = await runDdlProgram(program, this.conn, ownTransaction);
    const done: Pending = { tables: changesTables, renamed: outcome.renamed ?? [] };
    if (ownTransaction) {
      await this.committed(done);
    } else {
      this.remember(done);
      this.overlay = new TableDdlRegistry();
      await this.overlay.reload(ddlEngine(this.conn));
    }
    return outcome;
  }

  /**
   * Run a statement DuckDB executes as it is that may change writable tables (CREATE TABLE
   * AS, COMMENT ON…). In autocommit it runs in a transaction of its own, committed (its
   * result taken in) before the registry is reconciled.
   */
  async runStatement(autocommit: boolean, execute: () => Promise<EngineStream>): Promise<EngineStream> {
    const done: Pending = { tables: true, renamed: [] };
    if (!autocommit) {
      const stream = await execute();
      this.remember(done);
      return stream;
    }
    await this.conn.run('BEGIN TRANSACTION');
    let stream: EngineStream;
    try {
      stream = await execute();
      // conn.run first takes in the rest of a running result (a DDL statement has none to speak of).
      await this.conn.run('COMMIT');
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    await this.committed(done);
    return stream;
  }

  /** The DDL records this session sees: the committed ones, or its open transaction's after DDL in it. */
  reader(): MetaReader {
    return this.overlay ?? this.registry;
  }

  /** The transaction ended: the reload and reconcile to run before the session's next statement, if DDL committed. */
  afterTransaction(committed: boolean): (() => Promise<void>) | null {
    const pending = this.pending;
    this.pending = null;
    this.overlay = null;
    return pending && committed ? () => this.committed(pending) : null;
  }

  private remember(done: Pending): void {
    this.pending = { tables: done.tables || (this.pending?.tables ?? false), renamed: [...(this.pending?.renamed ?? []), ...done.renamed] };
  }

  private async committed(done: Pending): Promise<void> {
    await this.registry.reload(ddlEngine(this.conn));
    if (done.tables) await this.tables.committed(done.renamed);
  }
}
