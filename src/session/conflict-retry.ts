import { SqlStates, toPgError } from '../errors/index.js';

/** How often a statement that lost a write-write race is run again before 40001 reaches the client. */
export const CONFLICT_RETRIES = 20;

/**
 * Run a statement that writes, again, when DuckDB reports a write-write conflict (40001)
 * and the statement is alone in its transaction. Postgres makes a second writer of a row
 * wait for the first and then proceed; DuckDB's optimistic concurrency fails it instead.
 * Retrying a statement that had its own transaction is indistinguishable from that wait for
 * the client (nothing of it was visible), so `UPDATE t SET n = n + 1` from many autocommit
 * connections loses no increment and raises no error. Inside a transaction block the
 * conflict is the client's to handle (its earlier reads may be stale), as in Postgres's
 * REPEATABLE READ. An upsert (INSERT … ON CONFLICT) that met a key committed after its
 * snapshot began (23505) is retried too: run again, it sees the row and takes its conflict
 * action, as Postgres guarantees. `restart` undoes the failed attempt.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, retry: 'no' | 'conflict' | 'upsert', restart: () => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (retry === 'no' || attempt >= CONFLICT_RETRIES || !retried(toPgError(e).code, retry)) throw e;
      await restart();
      // Back off with jitter so the racing writers spread out instead of colliding again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}

function retried(code: string, retry: 'conflict' | 'upsert'): boolean {
  return code === SqlStates.serialization_failure || (retry === 'upsert' && code === SqlStates.unique_violation);
}
