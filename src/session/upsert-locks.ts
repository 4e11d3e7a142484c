import { KeyedMutex } from '../broker/index.js';

/**
 * Server-wide queues, one per table, that serialise upserts (INSERT … ON CONFLICT) running
 * alone in their transaction. Postgres makes a second upsert of a key wait until the first
 * commits and then take its conflict action; DuckDB would let both insert and fail the
 * second at COMMIT. Holding the table's lock from the statement until its transaction ends
 * gives Postgres's outcome. A waiter holds no lock itself, so waits cannot form a cycle.
 */
const byOwner = new WeakMap<object, KeyedMutex>();

/** The locks shared by every session of one server (keyed by its engine). */
export function upsertLocksOf(owner: object): KeyedMutex {
  let locks = byOwner.get(owner);
  if (!locks) byOwner.set(owner, (locks = new KeyedMutex()));
  return locks;
}
