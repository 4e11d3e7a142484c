import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/sql.js';
import { initParser, parseStatements, type NameResolver, type WritableColumn } from '../index.js';
import { resultTypeHints } from './index.js';

beforeAll(async () => {
  await initParser();
});

const users: WritableColumn[] = [
  { name: 'id', oid: 23, typmod: -1 },
  { name: 'email', oid: 1043, typmod: 24 },
  { name: 'meta', oid: 3802, typmod: -1 },
];
const orders: WritableColumn[] = [
  { name: 'id', oid: 20, typmod: -1 },
  { name: 'code', oid: 1042, typmod: 7 },
];

/** The fake resolver plus two writable tables: public.users and shop.orders. */
const resolver: NameResolver = {
  ...fakeResolver(),
  writableTable: (schema, table) => (schema === 'public' && table === 'users' ? users : schema === 'shop' && table === 'orders' ? orders : null),
};

const hints = (sql: string) => resultTypeHints(parseStatements(sql)[0].ast, resolver)?.columns;
const id = { oid: 23, typmod: -1 };
const email = { oid: 1043, typmod: 24 };
const meta = { oid: 3802, typmod: -1 };
const oid8 = { oid: 20, typmod: -1 };
const code = { oid: 1042, typmod: 7 };

describe('result types of writable tables', () => {
  it('SELECT * reports every declared type', () => {
    expect(hints('select * from users')).toEqual([id, email, meta]);
    expect(hints('select * from public.users')).toEqual([id, email, meta]);
    expect(hints('select * from jammi.public.users')).toEqual([id, email, meta]);
  });

  it('plain and qualified column references, with aliases', () => {
    expect(hints('select email, meta from users u')).toEqual([email, meta]);
    expect(hints('select u.email, u.id + 1 from users u')).toEqual([email, { typmod: -1 }]);
    expect(hints('select users.meta from users')).toEqual([meta]);
  });

  it('joins: each reference finds its table; * expands in FROM order', () => {
    expect(hints('select * from users u join shop.orders o on o.id = u.id')).toEqual([id, email, meta, oid8, code]);
    expect(hints('select o.*, u.email from users u, shop.orders o')).toEqual([oid8, code, email]);
    expect(hints('select code, email from users, shop.orders')).toEqual([code, email]);
  });

  it('a name in two tables, or only in an unknown relation, gets no hint', () => {
    expect(hints('select id, email from users, shop.orders')).toEqual([null, email]);
    expect(hints('select x, email from users, (select 1 as x) s')).toEqual([null, email]);
  });

  it('RETURNING reads the target table', () => {
    expect(hints("insert into users (email) values ('a') returning *")).toEqual([id, email, meta]);
    expect(hints('update users set meta = null returning email')).toEqual([email]);
    expect(hints('delete from shop.orders o returning o.code')).toEqual([code]);
  });

  it('subqueries wrapping the table and set operations keep the declared types', () => {
    expect(hints('select * from (select * from users) s')).toEqual([id, email, meta]);
    expect(hints('select email from users union all select email from users')).toEqual([email]);
  });

  it('* stops where columns become unknown; USING joins and CTEs of the same name are not expanded', () => {
    expect(hints('select email, * from users, (select 1 as x) s')).toEqual([email]);
    expect(hints('select * from users join shop.orders using (id)')).toBeUndefined();
    expect(hints('with users as (select 1 as email) select * from users')).toBeUndefined();
    expect(hints('select * from other_table')).toBeUndefined();
  });

  it('a cast still decides its own column', () => {
    expect(hints('select email::text, meta::json from users')).toEqual([null, { oid: 114, typmod: -1 }]);
  });
});
