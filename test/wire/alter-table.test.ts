/**
 * ALTER TABLE on writable tables over the wire: columns added, dropped, renamed and retyped,
 * defaults and NOT NULL, constraints added and dropped, tables renamed — with indexes, data,
 * sequences and constraint names kept, whether DuckDB can do it in place or jammi rebuilds the
 * table; 0A000 where DuckDB cannot alter a table at all.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });
const q = (sql: string, values?: unknown[]) => jammi.client.query(sql, values);
const rows = async (sql: string) => (await q(sql)).rows;

/** The SQLSTATE a statement fails with (undefined when it succeeds). */
async function code(sql: string): Promise<string | undefined> {
  try {
    await q(sql);
    return undefined;
  } catch (e) {
    return (e as pg.DatabaseError).code;
  }
}

describe('ALTER TABLE', () => {
  beforeAll(async () => {
    await q('CREATE TABLE wd_alt (id serial PRIMARY KEY, name varchar(10), email text UNIQUE, age int)');
    await q("INSERT INTO wd_alt (name, email, age) VALUES ('a', 'a@x', 30), ('b', 'b@x', 40)");
    await q('CREATE INDEX ON wd_alt (age)');
    await q('CREATE UNIQUE INDEX wd_alt_name_uq ON wd_alt (name)');
  });

  it('renames a column of a table with indexes, keeping the indexes', async () => {
    await q('ALTER TABLE wd_alt RENAME COLUMN age TO years');
    expect(await rows("SELECT sql FROM duckdb_indexes() WHERE index_name = 'wd_alt_age_idx'")).toEqual([{ sql: 'CREATE INDEX wd_alt_age_idx ON wd_alt("years");' }]);
    expect(await code("INSERT INTO wd_alt (name, email) VALUES ('a', 'c@x')")).toBe('23505');
  });

  it('adds columns with defaults and NOT NULL, one command or several', async () => {
    await q("ALTER TABLE wd_alt ADD COLUMN bio text NOT NULL DEFAULT 'none', ADD COLUMN score int DEFAULT 0");
    await q('ALTER TABLE wd_alt ADD COLUMN IF NOT EXISTS score int');
    expect(await code('ALTER TABLE wd_alt ADD COLUMN flag bool NOT NULL')).toBe('23502');
    expect(await code('ALTER TABLE wd_alt ADD COLUMN score int')).toBe('42701');
    expect(await rows('SELECT id, bio, score FROM wd_alt ORDER BY id')).toEqual([
      { id: 1, bio: 'none', score: 0 },
      { id: 2, bio: 'none', score: 0 },
    ]);
  });

  it('adds a column with a constraint or a declared length by rebuilding the table', async () => {
    await q('ALTER TABLE wd_alt ADD COLUMN phone varchar(5) UNIQUE');
    expect(await code("UPDATE wd_alt SET phone = '123456' WHERE id = 1")).toBe('22001');
    await q("UPDATE wd_alt SET phone = '12345' WHERE id = 1");
    const e = await jammi.client.query("UPDATE wd_alt SET phone = '12345' WHERE id = 2").catch((x: pg.DatabaseError) => x);
    expect(e).toMatchObject({ code: '23505', constraint: 'wd_alt_phone_key' });
    expect(await rows("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'wd_alt' ORDER BY 1")).toEqual([{ index_name: 'wd_alt_age_idx' }, { index_name: 'wd_alt_name_uq' }]);
  });

  it('sets and drops defaults and NOT NULL', async () => {
    await q('ALTER TABLE wd_alt ALTER COLUMN score SET DEFAULT 7');
    await q('ALTER TABLE wd_alt ALTER COLUMN years SET NOT NULL');
    expect(await code("INSERT INTO wd_alt (name, email) VALUES ('c', 'c@x')")).toBe('23502');
    await q('ALTER TABLE wd_alt ALTER COLUMN years DROP NOT NULL');
    await q('ALTER TABLE wd_alt ALTER COLUMN score DROP DEFAULT');
    expect(await rows("INSERT INTO wd_alt (name, email) VALUES ('c', 'c@x') RETURNING score, years")).toEqual([{ score: null, years: null }]);
    expect(await code('ALTER TABLE wd_alt ALTER COLUMN id DROP NOT NULL')).toBe('42P16');
  });

  it('changes a column type, converting the rows (USING), also under constraints and indexes', async () => {
    await q('ALTER TABLE wd_alt ALTER COLUMN years TYPE bigint');
    await q("ALTER TABLE wd_alt ALTER COLUMN score TYPE text USING coalesce(score, -1)::text || '!'");
    await q('ALTER TABLE wd_alt ALTER COLUMN name TYPE varchar(20)');
    await q("UPDATE wd_alt SET name = 'fifteen letters' WHERE name = 'c'");
    expect(await rows('SELECT id, years, score, name FROM wd_alt ORDER BY id')).toEqual([
      { id: 1, years: '30', score: '0!', name: 'a' },
      { id: 2, years: '40', score: '0!', name: 'b' },
      // Two failed INSERTs above took 3 and 4 from the sequence, as in Postgres.
      { id: 5, years: null, score: '-1!', name: 'fifteen letters' },
    ]);
    expect(await code("UPDATE wd_alt SET name = 'twenty-one characters' WHERE id = 5")).toBe('22001');
  });

  it('adds and drops CHECK, UNIQUE and PRIMARY KEY constraints, checking existing rows', async () => {
    expect(await code('ALTER TABLE wd_alt ADD CONSTRAINT years_positive CHECK (years > 35)')).toBe('23514');
    await q('ALTER TABLE wd_alt ADD CONSTRAINT years_positive CHECK (years > 0)');
    const e = await jammi.client.query('UPDATE wd_alt SET years = -1 WHERE id = 1').catch((x: pg.DatabaseError) => x);
    expect(e).toMatchObject({ code: '23514', constraint: 'years_positive' });
    expect(await code('ALTER TABLE wd_alt ADD UNIQUE (bio, score)')).toBe('23505');
    await q('ALTER TABLE wd_alt ADD UNIQUE (email, bio)');
    await q('ALTER TABLE wd_alt DROP CONSTRAINT years_positive');
    await q('UPDATE wd_alt SET years = -1 WHERE id = 1');
    expect(await code('ALTER TABLE wd_alt DROP CONSTRAINT nope')).toBe('42704');
    expect(await code('ALTER TABLE wd_alt ADD PRIMARY KEY (email)')).toBe('42P16');
    await q('ALTER TABLE wd_alt RENAME CONSTRAINT wd_alt_email_bio_key TO email_bio_uq');
    await q('ALTER TABLE wd_alt DROP CONSTRAINT wd_alt_email_key');
    const dup = await jammi.client.query("INSERT INTO wd_alt (name, email, bio) VALUES ('d', 'a@x', 'none')").catch((x: pg.DatabaseError) => x);
    expect(dup).toMatchObject({ code: '23505', constraint: 'email_bio_uq', detail: 'Key (email, bio)=(a@x, none) already exists.' });
  });

  it('drops columns (their constraints and indexes go too) and renames the table', async () => {
    await q('ALTER TABLE wd_alt DROP COLUMN phone');
    await q('ALTER TABLE wd_alt DROP COLUMN IF EXISTS phone');
    expect(await code('ALTER TABLE wd_alt DROP COLUMN phone')).toBe('42703');
    await q('ALTER TABLE wd_alt DROP COLUMN years');
    expect(await rows("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'wd_alt' ORDER BY 1")).toEqual([{ index_name: 'email_bio_uq' }, { index_name: 'wd_alt_name_uq' }]);
    await q('ALTER TABLE wd_alt RENAME TO wd_alt2');
    expect(await rows('SELECT id, name, email FROM wd_alt2 ORDER BY id')).toEqual([
      { id: 1, name: 'a', email: 'a@x' },
      { id: 2, name: 'b', email: 'b@x' },
      { id: 5, name: 'fifteen letters', email: 'c@x' },
    ]);
    // The serial column keeps its sequence, and the renamed table its constraint names.
    const [{ id }] = await rows("INSERT INTO wd_alt2 (name, email) VALUES ('e', 'e@x') RETURNING id");
    expect(id).toBeGreaterThan(5);
    const e = await jammi.client.query("INSERT INTO wd_alt2 (name, email, bio) VALUES ('f', 'e@x', 'none')").catch((x: pg.DatabaseError) => x);
    expect(e).toMatchObject({ code: '23505', table: 'wd_alt2', constraint: 'email_bio_uq' });
  });

  it('answers 0A000 for what DuckDB cannot alter: a table other tables reference', async () => {
    await q('CREATE TABLE wd_parent (id int PRIMARY KEY, v text)');
    await q('CREATE TABLE wd_child (pid int REFERENCES wd_parent (id))');
    await q('ALTER TABLE wd_parent ADD COLUMN w text');
    expect(await code('ALTER TABLE wd_parent RENAME COLUMN v TO vv')).toBe('0A000');
    expect(await code('ALTER TABLE wd_parent DROP COLUMN v')).toBe('0A000');
    expect(await code('ALTER TABLE wd_parent RENAME TO wd_parent2')).toBe('0A000');
  });

  it('renames a referencing table and its foreign-key column, keeping the key enforced and the parent droppable', async () => {
    await q('CREATE TABLE wd_p2 (id int PRIMARY KEY)');
    await q('CREATE TABLE wd_c2 (pid int REFERENCES wd_p2 (id), note text)');
    await q('INSERT INTO wd_p2 VALUES (1)');
    await q('INSERT INTO wd_c2 VALUES (1, \'a\')');
    await q('ALTER TABLE wd_c2 RENAME TO wd_c3');
    await q('ALTER TABLE wd_c3 RENAME COLUMN pid TO parent_id');
    const e = await jammi.client.query('INSERT INTO wd_c3 VALUES (2, \'b\')').catch((x: pg.DatabaseError) => x);
    expect(e).toMatchObject({ code: '23503', table: 'wd_c3', constraint: 'wd_c2_pid_fkey', detail: 'Key (parent_id)=(2) is not present in table "wd_p2".' });
    expect(await rows('SELECT parent_id, note FROM wd_c3')).toEqual([{ parent_id: 1, note: 'a' }]);
    await q('DROP TABLE wd_c3');
    await q('DROP TABLE wd_p2');
  });
});
