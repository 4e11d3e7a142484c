import { BLOB, blobValue, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBType, type DuckDBValue, VARCHAR } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import type { EngineColumn, EngineParam, EngineStream } from './engine.types.js';
import { DuckDBResultStream, MaterializedStream } from './result-stream.js';

/** A statement prepared in DuckDB, with what DuckDB could infer before execution. */
export interface EnginePrepared {
  /** DuckDB's type for each parameter, or null where it cannot tell without a value. */
  readonly paramTypes: (DuckDBType | null)[];
  /** Result columns, or null when DuckDB cannot tell before binding. */
  readonly columns: EngineColumn[] | null;
  /** Execute; `small` (a result bounded by a small LIMIT) runs it to completion in one call. */
  stream(params: EngineParam[], small?: boolean): Promise<EngineStream>;
  close(): void;
}

/**
 * One DuckDB connection, owned by one client session. Transactions are per connection, so
 * a session's BEGIN/COMMIT pass straight through.
 */
export class EngineConnection {
  private active: DuckDBResultStream | null = null;
  private closed = false;
  /** Recently run read-only queries, kept prepared: a repeat skips DuckDB's parse and plan (~3x faster). */
  private readonly preparedQueries = new Map<string, CachedStatement>();
  /** Part of the cache key, bumped by settingsChanged(): plans bound under other settings are not reused. */
  private settingsEpoch = 0;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Run SQL and stream its result; `materialize` runs it to completion first (its errors surface here). */
  async stream(sql: string, materialize = false): Promise<EngineStream> {
    await this.detachActive();
    return materialize ? new MaterializedStream(await this.conn.run(sql)) : this.track(await this.conn.stream(sql));
  }

  /**
   * Stream a read-only query through a per-connection cache of prepared statements.
   * Only for queries: DuckDB re-binds a prepared statement when the catalog changes.
   */
  async streamQuery(sql: string, small = false): Promise<EngineStream> {
    const stmt = await this.cachedStatement(sql);
    return small ? new MaterializedStream(await stmt.run()) : this.track(await stmt.stream());
  }

  /**
   * Prepare a read-only query through the same cache. The client's statement holds the cached
   * one: evicting it from the cache meanwhile does not free it; the last holder's close() does.
   */
  async prepareQuery(sql: string): Promise<EnginePrepared> {
    const entry = await this.cachedEntry(sql);
    entry.holders++;
    return new PreparedStatement(entry.stmt, this, () => release(entry));
  }

  /**
   * A setting DuckDB binds into a plan changed (TimeZone: ICU functions and casts read it when
   * a statement is prepared, not when it runs), so cached plans must not be reused.
   */
  settingsChanged(): void {
    // Entries under the old epoch age out of the LRU as usual (closing them here could free a
    // statement a client's prepared statement still holds).
    this.settingsEpoch++;
  }

  private async cachedStatement(sql: string): Promise<DuckDBPreparedStatement> {
    return (await this.cachedEntry(sql)).stmt;
  }

  private async cachedEntry(sql: string): Promise<CachedStatement> {
    await this.detachActive();
    const key = `${this.settingsEpoch}\u0000${sql}`;
    let entry = this.preparedQueries.get(key);
    if (entry) {
      this.preparedQueries.delete(key);
    } else {
      entry = { stmt: await this.conn.prepare(sql), holders: 0, evicted: false };
      if (this.preparedQueries.size >= PREPARED_QUERY_CACHE_SIZE) {
        const [oldKey, old] = this.preparedQueries.entries().next().value as [string, CachedStatement];
        this.preparedQueries.delete(oldKey);
        old.evicted = true;
        if (old.holders === 0) old.stmt.destroySync();
      }
    }
    this.preparedQueries.set(key, entry);
    return entry;
  }

  /** Run SQL to completion, ignoring rows (server-side statements such as SET). */
  async run(sql: string): Promise<void> {
    await this.detachActive();
    await this.conn.run(sql);
  }

  /** Prepare SQL with `$n` parameters. */
  async prepare(sql: string): Promise<EnginePrepared> {
    await this.detachActive();
    const stmt = await this.conn.prepare(sql);
    return new PreparedStatement(stmt, this);
  }

  /** Interrupt whatever this connection is running (CancelRequest). A no-op once closed. */
  interrupt(): void {
    if (!this.closed) this.conn.interrupt();
  }

  /** Release the connection. Idempotent: a late cancel or a second close must never reach freed native state. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.active?.close();
    for (const e of this.preparedQueries.values()) e.stmt.destroySync();
    this.preparedQueries.clear();
    this.conn.closeSync();
  }

  /** @internal */
  async detachActive(): Promise<void> {
    const a = this.active;
    if (a && !a.finished) await a.detach();
    this.active = null;
  }

  /** @internal */
  track(result: import('@duckdb/node-api').DuckDBResult): DuckDBResultStream {
    const s = new DuckDBResultStream(result, (done) => {
      if (this.active === done) this.active = null;
    });
    this.active = s.finished ? null : s;
    return s;
  }
}

/** Prepared queries kept per connection. */
const PREPARED_QUERY_CACHE_SIZE = 64;

/** A cached DuckDB statement and how many client statements hold it. */
interface CachedStatement {
  stmt: DuckDBPreparedStatement;
  holders: number;
  /** Dropped from the cache while held: the last holder frees it. */
  evicted: boolean;
}

/** A client statement lets go of a cached statement; an evicted one is freed with its last holder. */
function release(entry: CachedStatement): void {
  entry.holders--;
  if (entry.holders === 0 && entry.evicted) entry.stmt.destroySync();
}

class PreparedStatement implements EnginePrepared {
  readonly paramTypes: (DuckDBType | null)[];
  readonly columns: EngineColumn[] | null;
  private released = false;

  /** `release` is given for a statement the connection's cache owns; otherwise close() frees it. */
  constructor(
    private readonly stmt: DuckDBPreparedStatement,
    private readonly owner: EngineConnection,
    private readonly release?: () => void,
  ) {
    this.paramTypes = [];
    for (let i = 1; i <= stmt.parameterCount; i++) {
      let t: DuckDBType | null = null;
      try {
        t = stmt.parameterType(i);
        if ((t.typeId as number) === DuckDBTypeId.INVALID || t.typeId === DuckDBTypeId.ANY) t = null;
      } catch {
        t = null;
      }
      this.paramTypes.push(t);
    }
    let cols: EngineColumn[] | null = [];
    for (let i = 0; i < stmt.columnCount; i++) {
      if ((stmt.columnTypeId(i) as number) === DuckDBTypeId.INVALID) {
        cols = null;
        break;
      }
      cols.push({ name: stmt.columnName(i), type: stmt.columnType(i) });
    }
    this.columns = cols;
  }

  async stream(params: EngineParam[], small = false): Promise<EngineStream> {
    await this.owner.detachActive();
    const values: DuckDBValue[] = [];
    const types: DuckDBType[] = [];
    for (const p of params) {
      if (p === null) {
        values.push(null);
        types.push(VARCHAR);
      } else if (p.kind === 'bytes') {
        values.push(blobValue(p.value));
        types.push(BLOB);
      } else {
        values.push(p.value);
        types.push(VARCHAR);
      }
    }
    this.stmt.clearBindings();
    if (params.length) this.stmt.bind(values, types);
    return small ? new MaterializedStream(await this.stmt.run()) : this.owner.track(await this.stmt.stream());
  }

  /** Idempotent: a statement closed twice must not free or release twice. */
  close(): void {
    if (this.released) return;
    this.released = true;
    if (this.release) this.release();
    else this.stmt.destroySync();
  }
}
