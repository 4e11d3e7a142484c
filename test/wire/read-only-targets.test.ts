/**
 * Read-only targets over the wire: a source's tables refuse every write with 42809 naming the
 * verb, a source's schema takes no new objects (42501), `_jammi_*` system tables refuse writes
 * (42501), `_jammi_` names are reserved (42939) and jammi's bookkeeping schema does not exist
 * for clients. Every refusal leaves the connection (and an open transaction's status) as
 * Postgres would.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

async function errorOf(sql: string | pg.QueryConfig, c: pg.Client = jammi.client): Promise<{ code?: string; message: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code, message: err.message };
  }
  throw new Error(`expected ${typeof sql === 'string' ? sql : sql.text} to fail`);
}

const trips = 'trips.trips';

describe('writes to a source', () => {
  it.each([
    ['insert into trips.trips (trip_id) values (1)', 'insert into'],
    ['insert into trips.public.trips (trip_id) values (1)', 'insert into'],
    ['update trips.trips set fare = 0', 'update'],
    ['delete from trips.trips', 'delete from'],
    ['truncate trips.trips', 'truncate'],
    ['alter table trips.trips add column z int', 'alter'],
    ['alter table trips.trips rename to t2', 'rename'],
    ['create index on trips.trips (fare)', 'create an index on'],
    ['drop table trips.trips', 'drop'],
    ["comment on table trips.trips is 'x'", 'comment on'],
  ])('%s → 42809 (%s)', async (sql, verb) => {
    expect(await errorOf(sql)).toEqual({ code: '42809', message: `cannot ${verb} "${trips}": it is a source (read-only)` });
  });

  it('dropping a source schema is 42809 and points at remove_source', async () => {
    expect(await errorOf('drop schema cities cascade')).toEqual({ code: '42809', message: 'cannot drop schema "cities": it is a source (read-only)' });
  });

  it.each(['create table trips.extra (a int)', 'create table trips.extra as select 1 as a', 'create view trips.v as select 1 as a', 'select 1 as a into trips.extra'])(
    '%s → 42501: a source schema takes no new objects',
    async (sql) => {
      expect(await errorOf(sql)).toEqual({ code: '42501', message: 'permission denied for schema trips' });
    },
  );

  it('the source is unchanged and the connection usable after the refusals', async () => {
    expect((await jammi.client.query('select count(*)::int as n from trips.trips')).rows).toEqual([{ n: 2000 }]);
  });
});

describe('writes to system tables', () => {
  it.each([
    "insert into _jammi_mutable_tables (id) values ('x')",
    "update _jammi_mutable_tables set table_name = 'x'",
    'delete from _jammi_sources',
    'delete from jammi._jammi_sources',
    'truncate _jammi_topics',
    'alter table _jammi_models add column z int',
    'drop table _jammi_server_info',
  ])('%s → 42501', async (sql) => {
    const e = await errorOf(sql);
    expect(e.code).toBe('42501');
    expect(e.message).toMatch(/^permission denied for table _jammi_\w+$/);
  });
});

describe('reserved names and jammi bookkeeping', () => {
  it.each([
    ['create table _jammi_mine (a int)', 'table'],
    ['create table public._jammi_mine as select 1 as a', 'table'],
    ['create view _jammi_v as select 1 as a', 'view'],
    ['create schema _jammi_s', 'schema'],
    ["create type _jammi_t as enum ('a')", 'type'],
  ])('%s → 42939', async (sql, kind) => {
    const e = await errorOf(sql);
    expect(e.code).toBe('42939');
    expect(e.message).toMatch(new RegExp(`^unacceptable ${kind} name "_jammi_\\w+"$`));
  });

  it('renaming a table to a reserved name is 42939 and leaves it as it was', async () => {
    await jammi.client.query('create table plain_t (a int)');
    expect((await errorOf('alter table plain_t rename to _jammi_plain')).code).toBe('42939');
    expect((await jammi.client.query('select count(*)::int as n from plain_t')).rows).toEqual([{ n: 0 }]);
  });

  it("jammi's bookkeeping schema does not exist for clients", async () => {
    expect((await errorOf('select * from _jammi_meta.table_ddl')).code).toBe('42P01');
    expect((await errorOf('delete from jammi._jammi_meta.table_ddl')).code).toBe('42P01');
    expect((await errorOf('drop schema _jammi_meta cascade')).code).toBe('3F000');
  });
});

describe('inside a transaction block', () => {
  it('a refusal aborts the transaction like any error; ROLLBACK recovers and nothing changed', async () => {
    const c = jammi.client;
    await c.query('begin');
    await c.query('insert into plain_t values (1)');
    expect((await errorOf('insert into trips.trips (trip_id) values (1)')).code).toBe('42809');
    expect((await errorOf('select 1')).code).toBe('25P02');
    await c.query('rollback');
    expect((await c.query('select count(*)::int as n from plain_t')).rows).toEqual([{ n: 0 }]);
  });

  it('a refused statement over the extended protocol leaves the connection usable', async () => {
    const c = jammi.client;
    expect((await errorOf({ text: 'delete from trips.trips where fare > $1', values: [1] })).code).toBe('42809');
    expect((await c.query({ text: 'select $1::int + 1 as n', values: [1] })).rows).toEqual([{ n: 2 }]);
  });
});
