import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from './migrate.js';
import { MutableTablesRepo } from './mutable-tables-repo.js';
import { packageRoot } from './package-root.js';
import type { MutableTableDef } from './catalog.types.js';

let db: Database.Database;
let repo: MutableTablesRepo;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, readMigrations(path.join(packageRoot(), 'migrations')));
  repo = new MutableTablesRepo(db);
});
afterEach(() => db.close());

const users: MutableTableDef = {
  schema: 'public',
  table: 'users',
  columns: [
    { name: 'id', type: 'integer', oid: 23, typmod: -1, nullable: false, default: null, duckdbType: 'INTEGER' },
    { name: 'email', type: 'character varying(20)', oid: 1043, typmod: 24, nullable: true, default: null, duckdbType: 'VARCHAR' },
  ],
  primaryKey: ['id'],
  constraints: [{ name: 'users_pkey', type: 'PRIMARY KEY', columns: ['id'] }],
  indexes: [{ name: 'users_pkey', columns: ['id'], unique: true, primary: true, definition: 'CREATE UNIQUE INDEX "users_pkey" ON "public"."users" USING btree ("id")' }],
};
const logs: MutableTableDef = { schema: 'app', table: 'logs', columns: [], primaryKey: [], constraints: [], indexes: [] };

describe('MutableTablesRepo', () => {
  it('registers new tables with their indexes, and a second sync of the same list writes nothing', () => {
    expect(repo.sync([users, logs], [])).toBe(true);
    const [app, pub] = repo.list();
    expect(pub).toMatchObject({ ...users, backendKind: 'duckdb', tenantId: null });
    expect(app).toMatchObject(logs);
    const before = db.prepare('SELECT id, updated_at FROM mutable_tables ORDER BY id').all();
    expect(repo.sync([users, logs], [])).toBe(false);
    expect(db.prepare('SELECT id, updated_at FROM mutable_tables ORDER BY id').all()).toEqual(before);
  });

  it('updates a changed table in place and deletes a vanished one with its indexes', () => {
    repo.sync([users, logs], []);
    const id = repo.get('public', 'users')!.id;
    const changed = { ...users, columns: [users.columns[0]], indexes: [] };
    expect(repo.sync([changed], [])).toBe(true);
    expect(repo.get('public', 'users')).toMatchObject({ id, columns: [users.columns[0]], indexes: [] });
    expect(repo.get('app', 'logs')).toBeNull();
    expect(db.prepare('SELECT count(*) FROM mutable_table_indexes').pluck().get()).toBe(0);
  });

  it('leaves rows of unmanaged schemas alone', () => {
    repo.sync([users, logs], []);
    expect(repo.sync([users], ['app'])).toBe(false);
    expect(repo.get('app', 'logs')).not.toBeNull();
  });

  it('a rename keeps the row id', () => {
    repo.sync([users], []);
    const id = repo.get('public', 'users')!.id;
    repo.rename({ schema: 'public', table: 'users' }, { schema: 'public', table: 'people' });
    repo.sync([{ ...users, table: 'people' }], []);
    expect(repo.get('public', 'people')!.id).toBe(id);
  });

  it('declaredColumns answers the columns of a table, or null', () => {
    repo.sync([users], []);
    expect(repo.declaredColumns('public', 'users')).toEqual(users.columns);
    expect(repo.declaredColumns('public', 'nope')).toBeNull();
  });
});
