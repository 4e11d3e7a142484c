/**
 * Constraint violations and bad input on writable tables answer with Postgres's SQLSTATE,
 * message, DETAIL and the ErrorResponse fields ORMs read (table, column, constraint); the
 * same statements run on the real PostgreSQL 15 when JAMMI_TEST_PG_URL is set, and must
 * fail the same way. After each error the table and the connection keep working.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPostgresUrl, useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

/** The ErrorResponse fields a test compares. */
interface ErrorFields {
  code?: string;
  message: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
  schema?: string;
}

/** What a statement fails with, or null if it succeeds. */
async function failure(c: pg.Client, sql: string): Promise<ErrorFields | null> {
  try {
    await c.query(sql);
    return null;
  } catch (e) {
    const d = e as pg.DatabaseError;
    return { code: d.code, message: d.message, detail: d.detail, table: d.table, column: d.column, constraint: d.constraint, schema: d.schema };
  }
}

const setup = [
  'CREATE TABLE ce_users (id serial PRIMARY KEY, email varchar(20) NOT NULL UNIQUE, age int CHECK (age > 0), nick char(3))',
  'CREATE TABLE ce_orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id int REFERENCES ce_users (id), qty int, CONSTRAINT qty_positive CHECK (qty > 0))',
  'CREATE TABLE ce_pairs (a int, b int, c text, PRIMARY KEY (a, b), UNIQUE (c, a), CHECK (a < b))',
  "INSERT INTO ce_users (email, age) VALUES ('a@x', 30), ('b@x', 40)",
  'INSERT INTO ce_orders (user_id, qty) VALUES (1, 2)',
  "INSERT INTO ce_pairs VALUES (1, 2, 'x')",
];

/** Each violation with what jammi answers (and Postgres too: the differential test compares them). */
const cases: { name: string; sql: string; expected: ErrorFields; compareDetail?: boolean }[] = [
  {
    name: 'unique',
    sql: "INSERT INTO ce_users (email, age) VALUES ('a@x', 5)",
    expected: { code: '23505', message: 'duplicate key value violates unique constraint "ce_users_email_key"', detail: 'Key (email)=(a@x) already exists.', table: 'ce_users', constraint: 'ce_users_email_key' },
    compareDetail: true,
  },
  {
    name: 'primary key',
    sql: "INSERT INTO ce_users (id, email) VALUES (1, 'c@x')",
    expected: { code: '23505', message: 'duplicate key value violates unique constraint "ce_users_pkey"', detail: 'Key (id)=(1) already exists.', table: 'ce_users', constraint: 'ce_users_pkey' },
    compareDetail: true,
  },
  {
    name: 'unique on update',
    sql: "UPDATE ce_users SET email = 'a@x' WHERE id = 2",
    expected: { code: '23505', message: 'duplicate key value violates unique constraint "ce_users_email_key"', detail: 'Key (email)=(a@x) already exists.', table: 'ce_users', constraint: 'ce_users_email_key' },
    compareDetail: true,
  },
  {
    name: 'composite primary key',
    sql: "INSERT INTO ce_pairs VALUES (1, 2, 'y')",
    expected: { code: '23505', message: 'duplicate key value violates unique constraint "ce_pairs_pkey"', detail: 'Key (a, b)=(1, 2) already exists.', table: 'ce_pairs', constraint: 'ce_pairs_pkey' },
    compareDetail: true,
  },
  {
    name: 'composite unique',
    sql: "INSERT INTO ce_pairs VALUES (1, 3, 'x')",
    expected: { code: '23505', message: 'duplicate key value violates unique constraint "ce_pairs_c_a_key"', detail: 'Key (c, a)=(x, 1) already exists.', table: 'ce_pairs', constraint: 'ce_pairs_c_a_key' },
    compareDetail: true,
  },
  {
    name: 'not null',
    sql: 'INSERT INTO ce_users (age) VALUES (5)',
    expected: { code: '23502', message: 'null value in column "email" of relation "ce_users" violates not-null constraint', table: 'ce_users', column: 'email' },
  },
  {
    name: 'not null on update',
    sql: 'UPDATE ce_users SET email = NULL WHERE id = 2',
    expected: { code: '23502', message: 'null value in column "email" of relation "ce_users" violates not-null constraint', table: 'ce_users', column: 'email' },
  },
  {
    name: 'column check',
    sql: "INSERT INTO ce_users (email, age) VALUES ('c@x', -1)",
    expected: { code: '23514', message: 'new row for relation "ce_users" violates check constraint "ce_users_age_check"', table: 'ce_users', constraint: 'ce_users_age_check' },
  },
  {
    name: 'named check',
    sql: 'INSERT INTO ce_orders (user_id, qty) VALUES (1, 0)',
    expected: { code: '23514', message: 'new row for relation "ce_orders" violates check constraint "qty_positive"', table: 'ce_orders', constraint: 'qty_positive' },
  },
  {
    name: 'table check on two columns',
    sql: "INSERT INTO ce_pairs VALUES (5, 4, 'z')",
    expected: { code: '23514', message: 'new row for relation "ce_pairs" violates check constraint "ce_pairs_check"', table: 'ce_pairs', constraint: 'ce_pairs_check' },
  },
  {
    name: 'foreign key on insert',
    sql: 'INSERT INTO ce_orders (user_id, qty) VALUES (99, 1)',
    expected: { code: '23503', message: 'insert or update on table "ce_orders" violates foreign key constraint "ce_orders_user_id_fkey"', detail: 'Key (user_id)=(99) is not present in table "ce_users".', table: 'ce_orders', constraint: 'ce_orders_user_id_fkey' },
    compareDetail: true,
  },
  {
    name: 'foreign key on delete',
    sql: 'DELETE FROM ce_users WHERE id = 1',
    expected: { code: '23503', message: 'update or delete on table "ce_users" violates foreign key constraint "ce_orders_user_id_fkey" on table "ce_orders"', detail: 'Key (id)=(1) is still referenced from table "ce_orders".', table: 'ce_orders', constraint: 'ce_orders_user_id_fkey' },
    compareDetail: true,
  },
  {
    name: 'varchar(n) too long',
    sql: "INSERT INTO ce_users (email) VALUES ('abcdefghijklmnopqrstuvwxyz')",
    expected: { code: '22001', message: 'value too long for type character varying(20)' },
  },
  {
    name: 'char(n) too long',
    sql: "INSERT INTO ce_users (email, nick) VALUES ('d@x', 'abcd')",
    expected: { code: '22001', message: 'value too long for type character(3)' },
  },
  {
    name: 'varchar(n) too long on update',
    sql: "UPDATE ce_users SET email = 'abcdefghijklmnopqrstuvwxyz' WHERE id = 2",
    expected: { code: '22001', message: 'value too long for type character varying(20)' },
  },
  {
    name: 'identity GENERATED ALWAYS given a value',
    sql: 'INSERT INTO ce_orders (id, user_id, qty) VALUES (10, 1, 1)',
    expected: { code: '428C9', message: 'cannot insert a non-DEFAULT value into column "id"', detail: 'Column "id" is an identity column defined as GENERATED ALWAYS.' },
    compareDetail: true,
  },
  {
    name: 'identity GENERATED ALWAYS updated',
    sql: 'UPDATE ce_orders SET id = 10',
    expected: { code: '428C9', message: 'column "id" can only be updated to DEFAULT', detail: 'Column "id" is an identity column defined as GENERATED ALWAYS.' },
    compareDetail: true,
  },
  { name: 'duplicate table', sql: 'CREATE TABLE ce_users (x int)', expected: { code: '42P07', message: 'relation "ce_users" already exists' } },
  { name: 'unknown column', sql: 'INSERT INTO ce_users (nope) VALUES (1)', expected: { code: '42703', message: 'column "nope" of relation "ce_users" does not exist' } },
  { name: 'unknown type', sql: 'CREATE TABLE ce_bad (x no_such_type)', expected: { code: '42704', message: 'type "no_such_type" does not exist' } },
];

/** Cases whose message differs from Postgres's (only the SQLSTATE is compared). */
const codeOnly: { name: string; sql: string; code: string }[] = [
  { name: 'bad integer literal', sql: "INSERT INTO ce_users (email, age) VALUES ('e@x', 'abc')", code: '22P02' },
  { name: 'bad integer parameter text in UPDATE', sql: "UPDATE ce_users SET age = 'x1' WHERE id = 1", code: '22P02' },
];

const pick = (e: ErrorFields | null, detail: boolean): ErrorFields | null =>
  e && { code: e.code, message: e.message, ...(detail && e.detail !== undefined ? { detail: e.detail } : {}), table: e.table, column: e.column, constraint: e.constraint };

describe('constraint errors on writable tables', () => {
  beforeAll(async () => {
    for (const sql of setup) await jammi.client.query(sql);
  });

  it.each(cases)('$name: Postgres code, message and fields', async ({ sql, expected, compareDetail }) => {
    const got = await failure(jammi.client, sql);
    expect(pick(got, compareDetail ?? false)).toEqual(pick({ column: undefined, table: undefined, constraint: undefined, ...expected }, compareDetail ?? false));
    if (got?.table) expect(got.schema).toBe('public');
    // The connection and the table are fine afterwards.
    expect((await jammi.client.query('SELECT count(*)::int AS n FROM ce_users')).rows).toEqual([{ n: 2 }]);
  });

  it.each(codeOnly)('$name: $code', async ({ sql, code }) => {
    expect((await failure(jammi.client, sql))?.code).toBe(code);
    expect((await jammi.client.query('SELECT count(*)::int AS n FROM ce_users')).rows).toEqual([{ n: 2 }]);
  });

  it('reports a violation over the extended protocol, inside a transaction block, then the block is aborted until ROLLBACK', async () => {
    await jammi.client.query('BEGIN');
    try {
      const e = await failure(jammi.client, { text: 'INSERT INTO ce_users (email, age) VALUES ($1, $2)', values: ['a@x', 1] } as unknown as string);
      expect(e).toMatchObject({ code: '23505', constraint: 'ce_users_email_key', detail: 'Key (email)=(a@x) already exists.' });
      expect((await failure(jammi.client, 'SELECT 1'))?.code).toBe('25P02');
    } finally {
      await jammi.client.query('ROLLBACK');
    }
    expect((await jammi.client.query("SELECT email FROM ce_users WHERE id = 1")).rows).toEqual([{ email: 'a@x' }]);
  });

  it('names the constraints of a table created in the same transaction', async () => {
    await jammi.client.query('BEGIN');
    try {
      await jammi.client.query('CREATE TABLE ce_fresh (k int PRIMARY KEY, v int CONSTRAINT v_nonzero CHECK (v <> 0))');
      await jammi.client.query('INSERT INTO ce_fresh VALUES (1, 1)');
      expect(await failure(jammi.client, 'INSERT INTO ce_fresh VALUES (1, 2)')).toMatchObject({ code: '23505', constraint: 'ce_fresh_pkey', detail: 'Key (k)=(1) already exists.' });
    } finally {
      await jammi.client.query('ROLLBACK');
    }
    expect((await failure(jammi.client, 'SELECT * FROM ce_fresh'))?.code).toBe('42P01');
  });
});

const pgUrl = realPostgresUrl();

describe.skipIf(!pgUrl)('constraint errors compared with PostgreSQL 15', () => {
  let real: pg.Client;
  beforeAll(async () => {
    real = new pg.Client({ connectionString: pgUrl! });
    await real.connect();
    await real.query('DROP SCHEMA IF EXISTS jammi_ce CASCADE');
    await real.query('CREATE SCHEMA jammi_ce');
    await real.query('SET search_path = jammi_ce');
    for (const sql of setup) await real.query(sql);
  });
  afterAll(async () => {
    await real?.query('DROP SCHEMA IF EXISTS jammi_ce CASCADE');
    await real?.end();
  });

  it.each(cases)('$name: same as Postgres', async ({ sql, compareDetail }) => {
    const mine = await failure(jammi.client, sql);
    const theirs = await failure(real, sql);
    expect(pick(mine, compareDetail ?? false)).toEqual(pick(theirs, compareDetail ?? false));
  });

  it.each(codeOnly)('$name: same SQLSTATE as Postgres', async ({ sql }) => {
    expect((await failure(jammi.client, sql))?.code).toBe((await failure(real, sql))?.code);
  });
});
