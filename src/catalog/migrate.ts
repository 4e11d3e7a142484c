import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** One migration file: `NNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Why a catalog cannot be used with this code. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const fileRe = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Read and order every `NNN_name.sql` in `dir`; duplicate or missing numbers are refused. */
export function readMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const f of files) {
    const m = fileRe.exec(f);
    if (!m) throw new MigrationError(`migration file ${f} does not match NNN_name.sql`);
    const sql = readFileSync(path.join(dir, f), 'utf8');
    out.push({ version: Number(m[1]), name: m[2], sql, checksum: sha256(sql) });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new MigrationError(`migrations must be numbered 001.. without gaps; found ${mig.version} at position ${i + 1}`);
  });
  return out;
}

function sha256(s: string): string {
  return createHash('sha256').update(s.replace(/\r\n/g, '\n')).digest('hex');
}

export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Apply pending migrations, each in its own transaction, recording version, name and
 * checksum. Re-running is a no-op. A recorded migration whose file changed, or a catalog
 * whose version is newer than the code, is refused before anything is written.
 */
export function migrate(db: Database.Database, migrations: Migration[]): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  for (const row of applied) {
    const mig = known.get(row.version);
    if (!mig) {
      throw new MigrationError(
        `catalog is at migration ${row.version} (${row.name}) but this jammi only knows up to ${latest}; upgrade jammi to open it`,
      );
    }
    if (mig.checksum !== row.checksum) {
      throw new MigrationError(`migration ${String(row.version).padStart(3, '0')}_${row.name} was changed after it was applied (checksum mismatch)`);
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const ran: number[] = [];
  for (const mig of migrations) {
    if (done.has(mig.version)) continue;
    db.transaction(() => {
      db.exec(mig.sql);
      record.run(mig.version, mig.name, mig.checksum, new Date().toISOString());
    }).immediate();
    ran.push(mig.version);
  }
  return { applied: ran, current: latest };
}
