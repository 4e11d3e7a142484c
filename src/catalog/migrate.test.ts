import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, readMigrations } from './migrate.js';
import { packageRoot } from './package-root.js';
import { thrown } from '../../test/helpers/thrown.js';

let root: string;
let counter = 0;
let db: Database.Database;

/** A fresh migration directory holding `files` (name → SQL). */
function migrationDir(files: Record<string, string>): string {
  const dir = path.join(root, `m${++counter}`);
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

const tables = () =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const recorded = () =>
  db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as { version: number; name: string; checksum: string }[];

const three = {
  '001_first.sql': 'CREATE TABLE a (x INTEGER);',
  '002_second.sql': 'CREATE TABLE b (y TEXT); INSERT INTO a VALUES (1);',
  '003_third.sql': 'CREATE TABLE c (z TEXT);\nINSERT INTO a VALUES (2);',
};

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jammi-migrate-test-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => db.close());

describe('readMigrations', () => {
  it('reads NNN_name.sql in numeric order with sha256 checksums, ignoring other files', () => {
    const dir = migrationDir({ '002_second.sql': 'B', '001_first.sql': 'A', 'README.md': 'not a migration' });
    const migs = readMigrations(dir);
    expect(migs.map((m) => [m.version, m.name, m.sql])).toEqual([
      [1, 'first', 'A'],
      [2, 'second', 'B'],
    ]);
    // sha256('A')
    expect(migs[0].checksum).toBe('559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd');
  });

  it('CRLF and LF versions of a file have the same checksum', () => {
    const a = readMigrations(migrationDir({ '001_x.sql': 'CREATE TABLE t (a INT);\nSELECT 1;\n' }));
    const b = readMigrations(migrationDir({ '001_x.sql': 'CREATE TABLE t (a INT);\r\nSELECT 1;\r\n' }));
    expect(a[0].checksum).toBe(b[0].checksum);
  });

  it('refuses a gap in numbering', () => {
    const dir = migrationDir({ '001_a.sql': '', '003_c.sql': '' });
    expect(thrown(MigrationError, () => readMigrations(dir)).message).toBe('migrations must be numbered 001.. without gaps; found 3 at position 2');
  });

  it('refuses numbering that does not start at 001', () => {
    const dir = migrationDir({ '002_b.sql': '' });
    expect(thrown(MigrationError, () => readMigrations(dir)).message).toBe('migrations must be numbered 001.. without gaps; found 2 at position 1');
  });

  it('refuses a duplicate number', () => {
    const dir = migrationDir({ '001_a.sql': '', '001_b.sql': '' });
    expect(thrown(MigrationError, () => readMigrations(dir)).message).toBe('migrations must be numbered 001.. without gaps; found 1 at position 2');
  });

  it.each(['1_short.sql', '001-dash.sql', '001_Upper.sql', '0001_four.sql'])('refuses a badly named file %s', (name) => {
    const dir = migrationDir({ [name]: '' });
    expect(thrown(MigrationError, () => readMigrations(dir)).message).toBe(`migration file ${name} does not match NNN_name.sql`);
  });
});

describe('migrate', () => {
  it('applies every migration in order and records version, name and checksum', () => {
    const migs = readMigrations(migrationDir(three));
    expect(migrate(db, migs)).toEqual({ applied: [1, 2, 3], current: 3 });
    expect(tables()).toEqual(['a', 'b', 'c', 'schema_migrations']);
    expect(db.prepare('SELECT x FROM a ORDER BY rowid').pluck().all()).toEqual([1, 2]);
    expect(recorded()).toEqual(migs.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    const appliedAt = db.prepare('SELECT applied_at FROM schema_migrations WHERE version = 1').pluck().get() as string;
    expect(appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('a second run applies nothing and changes nothing', () => {
    const migs = readMigrations(migrationDir(three));
    migrate(db, migs);
    const before = db.prepare('SELECT * FROM schema_migrations').all();
    expect(migrate(db, migs)).toEqual({ applied: [], current: 3 });
    expect(db.prepare('SELECT * FROM schema_migrations').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(2);
  });

  it('applies only the new migrations when files are added', () => {
    migrate(db, readMigrations(migrationDir({ '001_first.sql': three['001_first.sql'] })));
    expect(migrate(db, readMigrations(migrationDir(three)))).toEqual({ applied: [2, 3], current: 3 });
    expect(recorded().map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('a migration file changed after it was applied is a checksum mismatch, and nothing new is applied', () => {
    migrate(db, readMigrations(migrationDir({ '001_first.sql': three['001_first.sql'] })));
    const changed = readMigrations(migrationDir({ '001_first.sql': 'CREATE TABLE a (x INTEGER, extra TEXT);', '002_second.sql': 'CREATE TABLE b (y TEXT);' }));
    expect(thrown(MigrationError, () => migrate(db, changed)).message).toBe('migration 001_first was changed after it was applied (checksum mismatch)');
    expect(tables()).toEqual(['a', 'schema_migrations']);
    expect(recorded().map((r) => r.version)).toEqual([1]);
  });

  it('a catalog newer than the migration files is refused', () => {
    migrate(db, readMigrations(migrationDir(three)));
    const older = readMigrations(migrationDir({ '001_first.sql': three['001_first.sql'], '002_second.sql': three['002_second.sql'] }));
    expect(thrown(MigrationError, () => migrate(db, older)).message).toBe('catalog is at migration 3 (third) but this jammi only knows up to 2; upgrade jammi to open it');
  });

  it('a catalog with migrations but no files at all is refused', () => {
    migrate(db, readMigrations(migrationDir({ '001_first.sql': three['001_first.sql'] })));
    expect(thrown(MigrationError, () => migrate(db, [])).message).toBe('catalog is at migration 1 (first) but this jammi only knows up to 0; upgrade jammi to open it');
  });

  it('a failing migration rolls back entirely: nothing recorded, its tables not created, earlier ones kept', () => {
    const migs = readMigrations(
      migrationDir({
        '001_ok.sql': 'CREATE TABLE ok (a INTEGER);',
        '002_bad.sql': 'CREATE TABLE half (a INTEGER);\nINSERT INTO ok VALUES (1);\nINSERT INTO no_such_table VALUES (1);',
        '003_never.sql': 'CREATE TABLE never (a INTEGER);',
      }),
    );
    expect(() => migrate(db, migs)).toThrow(/no such table: no_such_table/);
    expect(tables()).toEqual(['ok', 'schema_migrations']);
    expect(recorded().map((r) => r.version)).toEqual([1]);
    expect(db.prepare('SELECT count(*) FROM ok').pluck().get()).toBe(0);
  });

  it('an empty list on a fresh catalog creates only the bookkeeping table', () => {
    expect(migrate(db, [])).toEqual({ applied: [], current: 0 });
    expect(tables()).toEqual(['schema_migrations']);
  });
});

describe('the shipped migrations/', () => {
  const dir = () => path.join(packageRoot(), 'migrations');

  it('migrate a fresh catalog from 001 upwards, then are a no-op', () => {
    const migs = readMigrations(dir());
    expect(migs.map((m) => m.version)).toEqual(migs.map((_, i) => i + 1));
    expect(migs.length).toBeGreaterThanOrEqual(4);
    const report = migrate(db, migs);
    expect(report.applied).toEqual(migs.map((m) => m.version));
    expect(report.current).toBe(migs.length);
    expect(migrate(db, migs)).toEqual({ applied: [], current: migs.length });
    for (const t of ['sources', 'models', 'training_jobs', 'eval_runs', '_jammi_eval_per_query', 'result_tables', 'index_segments', 'evidence_channels', 'evidence_channel_columns', 'mutable_tables', 'mutable_table_indexes', 'topics']) {
      expect(tables()).toContain(t);
    }
  });

  it('seed the global evidence channels vector 1, inference 2, bm25 3 with their columns', () => {
    migrate(db, readMigrations(dir()));
    expect(db.prepare('SELECT tenant_id, channel_name, priority FROM evidence_channels ORDER BY priority').all()).toEqual([
      { tenant_id: null, channel_name: 'vector', priority: 1 },
      { tenant_id: null, channel_name: 'inference', priority: 2 },
      { tenant_id: null, channel_name: 'bm25', priority: 3 },
    ]);
    expect(
      db.prepare('SELECT channel_name, column_name, column_type, ordinal, tenant_id FROM evidence_channel_columns ORDER BY channel_name, ordinal').raw().all(),
    ).toEqual([
      ['bm25', 'bm25_score', 'Float32', 0, null],
      ['bm25', 'bm25_rank', 'Int64', 1, null],
      ['inference', 'inference_model', 'Utf8', 0, null],
      ['inference', 'inference_task', 'Utf8', 1, null],
      ['inference', 'inference_confidence', 'Float32', 2, null],
      ['vector', 'similarity', 'Float32', 0, null],
    ]);
  });

  it('a second global channel with the same name is refused by the partial unique index', () => {
    migrate(db, readMigrations(dir()));
    expect(() => db.prepare("INSERT INTO evidence_channels (tenant_id, channel_name, priority) VALUES (NULL, 'vector', 9)").run()).toThrow(/UNIQUE constraint failed/);
    db.prepare("INSERT INTO evidence_channels (tenant_id, channel_name, priority) VALUES ('t1', 'vector', 9)").run();
    expect(db.prepare("SELECT count(*) FROM evidence_channels WHERE channel_name = 'vector'").pluck().get()).toBe(2);
  });
});
