import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../../errors/index.js';
import { initParser, parseStatements } from '../index.js';
import { constraintError } from './constraint-errors.js';
import { metaReader } from '../../../test/helpers/ddl.js';

beforeAll(async () => {
  await initParser();
});

const users = {
  schema: 'main',
  table: 'users',
  columns: ['id', 'email', 'age', 'name'],
  constraints: [
    { name: 'users_pkey', kind: 'primary' as const, columns: ['id'] },
    { name: 'users_email_key', kind: 'unique' as const, columns: ['email'] },
    { name: '', kind: 'check' as const, columns: ['name'], expression: "(length(rtrim(\"name\", ' ')) <= 20)", length: { type: 'character varying' as const, n: 20 } },
    { name: 'adult', kind: 'check' as const, columns: ['age'], expression: '(age >= 18)' },
  ],
  identity: [],
};
const orders = {
  schema: 'main',
  table: 'orders',
  columns: ['id', 'user_id'],
  constraints: [{ name: 'orders_user_id_fkey', kind: 'foreign' as const, columns: ['user_id'], references: { schema: 'main', table: 'users', columns: ['id'], onDelete: 'a' as const, onUpdate: 'a' as const } }],
  identity: [],
};
const meta = metaReader(users, orders);

function mapped(duckdb: string, sql: string) {
  const e = constraintError(new Error(duckdb), parseStatements(sql)[0].ast, meta);
  return e && { code: e.code, message: e.message, ...e.fields };
}

describe("DuckDB's constraint errors in Postgres's words", () => {
  it('names unique and primary keys from the columns DuckDB lists', () => {
    expect(mapped('Constraint Error: Duplicate key "email: a@x" violates unique constraint.', "insert into users (email) values ('a@x')")).toEqual({
      code: '23505',
      message: 'duplicate key value violates unique constraint "users_email_key"',
      detail: 'Key (email)=(a@x) already exists.',
      schema: 'public',
      table: 'users',
      constraint: 'users_email_key',
    });
    expect(mapped('Constraint Error: Duplicate key "id: 1" violates primary key constraint.', 'update public.users set id = 1')).toMatchObject({ constraint: 'users_pkey', detail: 'Key (id)=(1) already exists.' });
    // Two rows of one statement: only values; the key whose columns the INSERT lists.
    expect(mapped('Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key "a@x"', "insert into users (email) values ('a@x'), ('a@x')")).toMatchObject({ constraint: 'users_email_key', detail: 'Key (email)=(a@x) already exists.' });
  });

  it("falls back to Postgres's naming rules for a table without a record", () => {
    expect(mapped('Constraint Error: Duplicate key "a: 1, b: 2" violates unique constraint.', 'insert into fresh values (1, 2)')).toMatchObject({ constraint: 'fresh_a_b_key', detail: 'Key (a, b)=(1, 2) already exists.' });
    expect(mapped('Constraint Error: CHECK constraint failed on table fresh with expression CHECK((a > 0))', 'insert into fresh values (0)')).toMatchObject({ code: '23514', constraint: 'fresh_a_check' });
    expect(mapped("Constraint Error: CHECK constraint failed on table fresh with expression CHECK((length(rtrim(v, ' ')) <= 5))", "insert into fresh values ('toolong')")).toMatchObject({ code: '22001', message: 'value too long for type character varying(5)' });
  });

  it('maps NOT NULL and CHECK failures, a length check to 22001', () => {
    expect(mapped('Constraint Error: NOT NULL constraint failed: users.email', 'insert into users (id) values (1)')).toEqual({
      code: '23502',
      message: 'null value in column "email" of relation "users" violates not-null constraint',
      schema: 'public',
      table: 'users',
      column: 'email',
    });
    expect(mapped('Constraint Error: CHECK constraint failed on table users with expression CHECK((age >= 18))', 'insert into users (age) values (3)')).toMatchObject({ code: '23514', message: 'new row for relation "users" violates check constraint "adult"', constraint: 'adult' });
    expect(mapped("Constraint Error: CHECK constraint failed on table users with expression CHECK((length(rtrim(\"name\", ' ')) <= 20))", "insert into users (name) values ('x')")).toMatchObject({ code: '22001', message: 'value too long for type character varying(20)' });
  });

  it('maps foreign-key failures both ways (DuckDB names the referenced columns on insert, the referencing ones on delete)', () => {
    expect(mapped('Constraint Error: Violates foreign key constraint because key "id: 9" does not exist in the referenced table', 'insert into orders (user_id) values (9)')).toMatchObject({
      code: '23503',
      message: 'insert or update on table "orders" violates foreign key constraint "orders_user_id_fkey"',
      detail: 'Key (user_id)=(9) is not present in table "users".',
      table: 'orders',
    });
    expect(mapped('Constraint Error: Violates foreign key constraint because key "user_id: 1" is still referenced by a foreign key in a different table. If this…', 'delete from users where id = 1')).toMatchObject({
      code: '23503',
      message: 'update or delete on table "users" violates foreign key constraint "orders_user_id_fkey" on table "orders"',
      detail: 'Key (id)=(1) is still referenced from table "orders".',
      table: 'orders',
      constraint: 'orders_user_id_fkey',
    });
  });

  it('answers 0A000 where DuckDB blocks what Postgres allows: recorded ON DELETE CASCADE, updating a unique column of a referenced row', () => {
    const cascade = metaReader(users, { ...orders, constraints: [{ ...orders.constraints[0], references: { ...orders.constraints[0].references, onDelete: 'c' as const } }] });
    const e = constraintError(new Error('Constraint Error: Violates foreign key constraint because key "user_id: 1" is still referenced by a foreign key in a different table.'), parseStatements('delete from users')[0].ast, cascade);
    expect([e?.code, e?.message]).toEqual(['0A000', 'ON DELETE CASCADE is not supported: foreign key constraint "orders_user_id_fkey" on table "orders" still references the row']);
    expect(mapped('Constraint Error: Violates foreign key constraint because key "user_id: 1" is still referenced by a foreign key in a different table.', "update users set email = 'z' where id = 1")?.code).toBe('0A000');
    expect(mapped('Constraint Error: Violates foreign key constraint because key "user_id: 1" is still referenced by a foreign key in a different table.', "insert into users values (1, 'a') on conflict (email) do update set age = 2 returning id")).toMatchObject({ code: '0A000', constraint: 'orders_user_id_fkey' });
  });

  it('leaves other errors alone', () => {
    expect(constraintError(new Error('Binder Error: Referenced column "x" not found'), parseStatements('select x')[0].ast, meta)).toBeNull();
    expect(constraintError(new PgError('42P01', 'relation "x" does not exist'), undefined, meta)).toBeNull();
  });
});
