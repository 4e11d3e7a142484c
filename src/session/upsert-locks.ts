/**
 * Server-wide queues, one per table, that serialise upserts (INSERT … ON CONFLICT) running
 * alone in their transaction. Postgres makes a second upsert of a key wait until the first
 * commits and then take its conflict action; DuckDB would let both insert and fail the
 * second at COMMIT. Holding the table's queue from the statement until its transaction ends
 * gives Postgres's outcome. A waiter holds no queue itself, so waits cannot form a cycle.
 */
export class UpsertLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Wait for the table's turn; call the returned function (once) to pass it on. */
  async acquire(table: string): Promise<() => void> {
    const previous = this.tails.get(table) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(table, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      // The last holder leaves no entry behind.
      if (this.tails.get(table) === tail) this.tails.delete(table);
    };
  }
}

const byOwner = new WeakMap<object, UpsertLocks>();

/** The locks shared by every session of one server (keyed by its engine). */
export function upsertLocksOf(owner: object): UpsertLocks {
  let locks = byOwner.get(owner);
  if (!locks) byOwner.set(owner, (locks = new UpsertLocks()));
  return locks;
}
