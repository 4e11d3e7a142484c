import type { EngineParam } from '../engine/index.js';
import { type ParsedStatement, type Route, type SearchArg, writtenTables } from '../sql/index.js';
import type { VectorIndexes } from '../store/index.js';
import { parseVectorText } from '../types/index.js';

type DuckdbRoute = Extract<Route, { kind: 'duckdb' }>;
type AstNode = ParsedStatement['ast'];

/** A parameter's or literal's text; null for NULL, a binary value or a missing parameter (the exact plan then answers). */
function argText(arg: SearchArg<string | number>, params: readonly EngineParam[]): string | null {
  if ('value' in arg) return String(arg.value);
  const p = params[arg.param - 1];
  return p?.kind === 'text' ? p.value : null;
}

/**
 * A session's side of the HNSW indexes on writable tables: it tells the server's indexes
 * which tables its writes touched once they are committed and visible (at ReadyForQuery
 * outside a transaction block), and it decides whether a statement planned onto an index
 * runs through it. Inside a transaction block the exact plan answers when the transaction has
 * written (its own uncommitted rows are not in the graphs) or when a write committed since
 * the session was last idle (DuckDB's transaction snapshot is older than the graphs).
 */
export class SessionVectorScans {
  /** Tables written since the last ReadyForQuery outside a transaction (null: unknown, e.g. DDL). */
  private pending: string[] | null = [];
  /** The indexes' epoch when the session was last idle outside a transaction. */
  private idleEpoch: number;

  constructor(private readonly indexes: VectorIndexes) {
    this.idleEpoch = indexes.epoch;
  }

  /** A statement that may write runs: remember the tables it writes (DDL but TRUNCATE: possibly any). */
  wrote(route: Route, ast: AstNode | undefined): void {
    if (this.pending === null || (route.kind !== 'duckdb' && route.kind !== 'ddl')) return;
    const known = ast && ((route.kind === 'duckdb' && !route.changesTables) || (route.kind === 'ddl' && ast.TruncateStmt));
    if (known) this.pending.push(...writtenTables(ast));
    else this.pending = null;
  }

  /** COPY … FROM STDIN into a table began. */
  copied(ast: AstNode): void {
    this.pending?.push(...writtenTables(ast));
  }

  /** ReadyForQuery: outside a transaction block, everything the session wrote has committed (or rolled back). */
  ready(idle: boolean): void {
    if (!idle) return;
    this.flush();
    this.idleEpoch = this.indexes.epoch;
  }

  /**
   * The SQL that answers `route` through its HNSW indexes, or null for its exact plan: not
   * planned onto an index, in a transaction that must not use one, an argument the index cannot
   * read (the exact plan reports its errors), or an index that cannot answer.
   */
  async sql(route: DuckdbRoute, params: readonly EngineParam[], inTransaction: boolean, onlyReads: boolean): Promise<string | null> {
    const vs = route.vectorScan;
    if (!vs) return null;
    if (inTransaction && (!onlyReads || this.indexes.epoch !== this.idleEpoch)) return null;
    if (!inTransaction) this.flush();
    const relations: string[] = [];
    for (const scan of vs.scans) {
      const text = argText(scan.query, params);
      const parsed = text === null ? null : parseVectorText(text);
      const vector = parsed?.length === scan.index.dimensions ? parsed : null;
      const limitText = argText(scan.limit, params);
      const limit = limitText !== null && /^\s*\d+\s*$/.test(limitText) ? Number(limitText) : NaN;
      if (!vector || !Number.isSafeInteger(limit)) return null;
      const relation = await this.indexes.candidates(scan.index, vector, limit + scan.offset);
      if (relation === null) return null;
      relations.push(relation);
    }
    return vs.sql(relations);
  }

  private flush(): void {
    const tables = this.pending;
    if (tables?.length === 0) return;
    this.pending = [];
    this.indexes.committed(tables === null ? null : [...new Set(tables)]);
  }
}
