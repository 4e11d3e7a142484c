import type Database from 'better-sqlite3';

/** Postgres gives user objects OIDs from here up (FirstNormalObjectId). */
export const FIRST_USER_OID = 16384;

/**
 * Stable OIDs for jammi's objects, by a key naming the object (`class:public.users`),
 * persisted in the catalog database (`pg_object_oids`), so clients that cache metadata by
 * OID see the same OIDs after a restart. A renamed object gets a new OID.
 */
export class OidRegistry {
  private readonly known = new Map<string, number>();
  private next: number;

  constructor(private readonly db: Database.Database) {
    const rows = db.prepare('SELECT object_key, oid FROM pg_object_oids').all() as { object_key: string; oid: number }[];
    for (const r of rows) this.known.set(r.object_key, Number(r.oid));
    this.next = Math.max(FIRST_USER_OID, ...rows.map((r) => Number(r.oid) + 1));
  }

  /** The OID of an object, assigning (and persisting) a new one the first time it is asked for. */
  oidOf(key: string): number {
    let oid = this.known.get(key);
    if (oid === undefined) {
      oid = this.next++;
      this.known.set(key, oid);
      this.pending.push([key, oid]);
    }
    return oid;
  }

  private pending: [string, number][] = [];

  /** Write the OIDs assigned since the last flush (one transaction). */
  flush(): void {
    if (this.pending.length === 0) return;
    const insert = this.db.prepare('INSERT OR IGNORE INTO pg_object_oids (object_key, oid) VALUES (?, ?)');
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [k, o] of rows) insert.run(k, o);
    })();
  }
}
