import type { Engine, EngineConnection } from '../engine/index.js';
import { createMetaTableSql, type DdlEngine, type DdlOutcome, type DdlProgram, type MetaReader, TableDdlRegistry } from '../sql/ddl/index.js';

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

/** Create the DDL records' table if needed and load them (server start). */
export async function openTableDdlRegistry(engine: Engine): Promise<TableDdlRegistry> {
  for (const sql of createMetaTableSql) await engine.exec(sql);
  const registry = new TableDdlRegistry();
  const conn = await engine.connect();
  try {
    await registry.reload(ddlEngine(conn));
  } finally {
    conn.close();
  }
  return registry;
}

/**
 * A session's side of DDL: runs programs and keeps the server's registry of DDL records in
 * step with what commits (at once in autocommit, at COMMIT inside a transaction).
 */
export class SessionDdl {
  /** DDL ran in the open transaction: the registry reloads if it commits. */
  private pending = false;
  /** The records as this session's open transaction sees them (its own DDL included), after DDL in it. */
  private overlay: TableDdlRegistry | null = null;

  constructor(
    private readonly registry: TableDdlRegistry,
    private readonly conn: EngineConnection,
  ) {}

  /** Run a DDL route's program; `ownTransaction` when the session has no transaction open. */
  async run(program: DdlProgram, ownTransaction: boolean): Promise<DdlOutcome> {
    const outcome = await runDdlProgram(program, this.conn, ownTransaction);
    if (ownTransaction) {
      await this.reload();
    } else {
      this.pending = true;
      this.overlay = new TableDdlRegistry();
      await this.overlay.reload(ddlEngine(this.conn));
    }
    return outcome;
  }

  /** The DDL records this session sees: the committed ones, or its open transaction's after DDL in it. */
  reader(): MetaReader {
    return this.overlay ?? this.registry;
  }

  /** The transaction ended: the reload to run before the session's next statement, if any. */
  afterTransaction(committed: boolean): (() => Promise<void>) | null {
    const pending = this.pending;
    this.pending = false;
    this.overlay = null;
    return pending && committed ? () => this.reload() : null;
  }

  private reload(): Promise<void> {
    return this.registry.reload(ddlEngine(this.conn));
  }
}
