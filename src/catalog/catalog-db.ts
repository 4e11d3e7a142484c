import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, readMigrations, type MigrationReport } from './migrate.js';
import { packageRoot } from './package-root.js';

/** Open (creating if needed) the SQLite catalog in WAL mode and bring it to the latest migration. */
export function openCatalogDb(dataDir: string): { db: Database.Database; report: MigrationReport } {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'catalog.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; FULL would also survive power loss.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  try {
    const report = migrate(db, readMigrations(path.join(packageRoot(), 'migrations')));
    return { db, report };
  } catch (e) {
    db.close();
    throw e;
  }
}
