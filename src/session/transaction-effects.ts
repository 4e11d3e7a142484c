import { PgError, SqlStates } from '../errors/index.js';
import type { Route } from '../sql/index.js';

/** What a statement in a transaction block did, as far as savepoints care. */
export type TxEffect = 'read' | 'write';

interface Savepoint {
  name: string;
  /** Nothing but reads ran in the transaction before it: rolling back to it can restart the transaction. */
  restartable: boolean;
}

/**
 * What the open transaction has done (only reads, or a write) and its savepoints. The first
 * also tells the session whether a write is alone in the extended protocol's implicit
 * transaction (conflict-retry.ts). Savepoints: DuckDB has no savepoints, so
 * `ROLLBACK TO SAVEPOINT s` is done by rolling the whole transaction back and beginning a
 * new one — which is exact when nothing but reads ran before `s` (every read of Postgres's
 * default READ COMMITTED takes a fresh snapshot anyway). That is how test fixtures and ORMs
 * use them (`BEGIN; SAVEPOINT s; … ROLLBACK TO SAVEPOINT s`). A savepoint taken after a
 * write cannot be rolled back to (0A000) — released, it is fine.
 */
export class TransactionEffects {
  private stack: Savepoint[] = [];
  /** Nothing but reads ran in the transaction so far (or since the restart of a rollback-to). */
  onlyReads = true;

  /** Note a statement that ran in the transaction. */
  record(effect: TxEffect): void {
    if (effect === 'write') this.onlyReads = false;
  }

  /** SAVEPOINT name (a repeated name shadows the earlier one, as in Postgres). */
  add(name: string): void {
    this.stack.push({ name, restartable: this.onlyReads });
  }

  /** RELEASE [SAVEPOINT] name: it and every later savepoint are gone. */
  release(name: string): void {
    this.stack.length = this.indexOf(name);
  }

  /**
   * ROLLBACK TO [SAVEPOINT] name: check it can be done; the savepoint stays, later ones go.
   * The caller then restarts the transaction.
   */
  rollbackTo(name: string): void {
    const i = this.indexOf(name);
    if (!this.stack[i].restartable) {
      throw new PgError(SqlStates.feature_not_supported, `cannot roll back to savepoint "${name}": the transaction wrote before it`, {
        detail: 'The engine has no savepoints: jammi rolls back to one by restarting the transaction, which is exact only when nothing but reads ran before it.',
        hint: 'Take the savepoint before the transaction writes, or roll back the whole transaction.',
      });
    }
    this.stack.length = i + 1;
    this.onlyReads = true;
  }

  /** The transaction ended. */
  clear(): void {
    this.stack = [];
    this.onlyReads = true;
  }

  /** The savepoints kept across the restart of a rollback-to (endTransaction clears them). */
  snapshot(): { stack: Savepoint[] } {
    return { stack: [...this.stack] };
  }

  restore(s: { stack: Savepoint[] }): void {
    this.stack = [...s.stack];
    this.onlyReads = true;
  }

  private indexOf(name: string): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i].name === name) return i;
    throw new PgError(SqlStates.invalid_savepoint_specification, `savepoint "${name}" does not exist`);
  }
}

/** How a route counts for savepoints; null for transaction control itself. */
export function effectOf(route: Route): TxEffect | null {
  switch (route.kind) {
    case 'transaction':
      return null;
    case 'duckdb':
      return (route.tag === 'SELECT' && !route.writes) || route.tag === 'EXPLAIN' ? 'read' : 'write';
    case 'constant':
    case 'noop':
    case 'error':
    case 'cursor':
    case 'deallocate':
      return 'read';
    case 'setting':
      return route.action.type === 'show' ? 'read' : 'write';
    default:
      return 'write';
  }
}
