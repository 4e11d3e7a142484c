import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { fakeResolver, normalizeSql, routeSql } from '../../test/helpers/sql.js';
import { initParser, parseStatements, planStatement, type Route } from './index.js';

beforeAll(async () => {
  await initParser();
});

const plan = (sql: string, paramTypes?: number[]): Route => {
  const stmts = parseStatements(sql);
  expect(stmts).toHaveLength(1);
  return planStatement(stmts[0], { resolver: fakeResolver(), paramTypes });
};

/** The error of an `error` route, as [code, message]. */
const routeError = (r: Route): [string, string] => {
  if (r.kind !== 'error') throw new Error(`expected an error route, got ${r.kind}`);
  return [r.error.code, r.error.message];
};

describe('planStatement: transaction routes', () => {
  it.each([
    ['begin', { kind: 'transaction', action: 'begin', tag: 'BEGIN' }],
    ['BEGIN ISOLATION LEVEL SERIALIZABLE', { kind: 'transaction', action: 'begin', tag: 'BEGIN', isolation: 'serializable' }],
    ['start transaction', { kind: 'transaction', action: 'begin', tag: 'START TRANSACTION' }],
    ['commit', { kind: 'transaction', action: 'commit', tag: 'COMMIT' }],
    ['end', { kind: 'transaction', action: 'commit', tag: 'COMMIT' }],
    ['rollback', { kind: 'transaction', action: 'rollback', tag: 'ROLLBACK' }],
    ['abort', { kind: 'transaction', action: 'rollback', tag: 'ROLLBACK' }],
    ['savepoint s1', { kind: 'transaction', action: 'savepoint', name: 's1', tag: 'SAVEPOINT' }],
    ['release savepoint s1', { kind: 'transaction', action: 'release', name: 's1', tag: 'RELEASE' }],
    ['rollback to savepoint s1', { kind: 'transaction', action: 'rollback_to', name: 's1', tag: 'ROLLBACK' }],
  ])('%s', (sql, route) => {
    expect(plan(sql)).toEqual(route);
  });

  it('two-phase commit is 0A000', () => {
    expect(routeError(plan("prepare transaction 'x'"))).toEqual(['0A000', 'two-phase commit (PREPARE TRANSACTION) is not supported']);
  });
});

describe('planStatement: setting routes', () => {
  it.each([
    ["set timezone = 'UTC'", { type: 'set', name: 'timezone', value: 'UTC', local: false }],
    ['SET TimeZone TO "America/New_York"', { type: 'set', name: 'timezone', value: 'America/New_York', local: false }],
    ['set local search_path to a, b', { type: 'set', name: 'search_path', value: 'a, b', local: true }],
    ['set extra_float_digits = 3', { type: 'set', name: 'extra_float_digits', value: '3', local: false }],
    ['set geqo_seed = 0.5', { type: 'set', name: 'geqo_seed', value: '0.5', local: false }],
    ['set enable_seqscan = on', { type: 'set', name: 'enable_seqscan', value: 'on', local: false }],
    ['set myapp.flag to default', { type: 'set', name: 'myapp.flag', value: null, local: false }],
    ['reset timezone', { type: 'reset', name: 'timezone' }],
    ['reset all', { type: 'reset_all' }],
    ['discard all', { type: 'reset_all' }],
    ['show TimeZone', { type: 'show', name: 'timezone' }],
    ['show all', { type: 'show', name: 'all' }],
  ])('%s', (sql, action) => {
    expect(plan(sql)).toEqual({ kind: 'setting', action });
  });

  it('SET TRANSACTION sets this transaction\'s characteristics; SET SESSION CHARACTERISTICS the defaults', () => {
    expect(plan('set transaction isolation level serializable, read only')).toEqual({
      kind: 'setting',
      action: {
        type: 'set_many',
        items: [
          { name: 'transaction_isolation', value: 'serializable', local: true },
          { name: 'transaction_read_only', value: 'on', local: true },
        ],
      },
    });
    expect(plan('set session characteristics as transaction isolation level repeatable read, read write')).toEqual({
      kind: 'setting',
      action: {
        type: 'set_many',
        items: [
          { name: 'default_transaction_isolation', value: 'repeatable read', local: false },
          { name: 'default_transaction_read_only', value: 'off', local: false },
        ],
      },
    });
  });
});

describe('planStatement: refused statements', () => {
  it.each([
    ["copy t to '/tmp/x'", '42501', 'permission denied: COPY to or from a server file is not allowed; use COPY ... TO STDOUT or FROM STDIN'],
    ["copy t from program 'ls'", '42501', 'permission denied: COPY to or from a server file is not allowed; use COPY ... TO STDOUT or FROM STDIN'],
    ["load 'x'", '42501', 'permission denied: LOAD is not allowed'],
    ["alter system set work_mem = '1GB'", '42501', 'permission denied: ALTER SYSTEM is not allowed'],
    ['call p()', '42501', 'permission denied: CALL is not allowed'],
    ['create database d', '0A000', 'creating or dropping databases is not supported'],
    ['drop database d', '0A000', 'creating or dropping databases is not supported'],
    ['create extension postgis', '0A000', 'extension "postgis" is not supported'],
    ['create role r', '0A000', 'roles and privileges is not supported'],
    ['grant select on t to r', '0A000', 'roles and privileges is not supported'],
    ['do $$ begin end $$', '0A000', 'DO blocks is not supported'],
    ['create function f() returns int as $$ select 1 $$ language sql', '0A000', 'CREATE FUNCTION is not supported'],
    ['prepare p as select 1', '0A000', 'SQL-level PREPARE/EXECUTE is not supported'],
    ['execute p', '0A000', 'SQL-level PREPARE/EXECUTE is not supported'],
    ['declare c scroll cursor for select 1', '0A000', 'SCROLL cursors is not supported'],
    ['create schema trips', '42P06', 'schema "trips" already exists (it is a source)'],
  ])('%s', (sql, code, message) => {
    expect(routeError(plan(sql))).toEqual([code, message]);
  });

  it('COPY to or from the client is a copy route; a server file stays refused above', () => {
    expect(plan('copy t from stdin')).toMatchObject({ kind: 'copy', copy: { direction: 'from', table: '"t"', relname: 't', columns: null, options: { format: 'text' } } });
    expect(plan('copy public.t (a, b) from stdin csv')).toMatchObject({ kind: 'copy', copy: { direction: 'from', table: '"jammi"."main"."t"', columns: ['a', 'b'] } });
    expect(plan('copy (select 1 as x) to stdout')).toMatchObject({ kind: 'copy', copy: { direction: 'to', query: { kind: 'duckdb', returnsRows: true } } });
  });

  it('create database carries a hint', () => {
    const r = plan('create database d');
    expect(r.kind === 'error' && r.error.fields.hint).toBe('A jammi server has one database; every name a client connects with reaches it.');
  });
});

describe('planStatement: no-op routes', () => {
  it.each([['checkpoint', 'CHECKPOINT']])('%s', (sql, tag) => {
    expect(plan(sql)).toEqual({ kind: 'noop', tag });
  });
});

describe('planStatement: cursors and DEALLOCATE', () => {
  it('DEALLOCATE names the prepared statement to drop (null: all)', () => {
    expect(plan('deallocate all')).toEqual({ kind: 'deallocate', name: null });
    expect(plan('deallocate prepare "S_1"')).toEqual({ kind: 'deallocate', name: 'S_1' });
  });

  it('DECLARE plans its query; BINARY and WITH HOLD are options', () => {
    const r = plan('declare c binary cursor with hold for select a from t');
    expect(r).toMatchObject({ kind: 'cursor', action: { type: 'declare', name: 'c', binary: true, hold: true, scroll: false, plan: { kind: 'duckdb', returnsRows: true, tag: 'SELECT' } } });
    expect(plan('declare k no scroll cursor for select 1')).toMatchObject({ kind: 'cursor', action: { type: 'declare', plan: { kind: 'constant' } } });
  });

  it.each([
    ['fetch c', { type: 'fetch', name: 'c', move: false, direction: 'forward', count: 1 }],
    ['fetch forward 5 from c', { type: 'fetch', name: 'c', move: false, direction: 'forward', count: 5 }],
    ['fetch all in c', { type: 'fetch', name: 'c', move: false, direction: 'forward', count: 2147483647 }],
    ['move backward 2 in c', { type: 'fetch', name: 'c', move: true, direction: 'backward', count: 2 }],
    ['fetch absolute 3 c', { type: 'fetch', name: 'c', move: false, direction: 'absolute', count: 3 }],
    ['close c', { type: 'close', name: 'c' }],
    ['close all', { type: 'close', name: null }],
  ])('%s', (sql, action) => {
    expect(plan(sql)).toEqual({ kind: 'cursor', action });
  });
});

describe('planStatement: admin routes', () => {
  it('SELECT * FROM jammi.add_source(...)', () => {
    const r = plan("select * from jammi.add_source('a', 'file:///x.csv')");
    expect(r.kind).toBe('admin');
    if (r.kind !== 'admin') return;
    expect(r.call.fn.name).toBe('add_source');
    expect(r.call.args).toEqual([
      { kind: 'const', value: 'a' },
      { kind: 'const', value: 'file:///x.csv' },
      { kind: 'const', value: '{}' },
    ]);
  });
});

describe('planStatement: duckdb routes', () => {
  it('marks a query bounded by a small constant LIMIT as small (run in one engine call)', () => {
    expect(plan('select a from t limit 5')).toMatchObject({ kind: 'duckdb', small: true });
    expect(plan('select a from t order by a fetch first 10000 rows only')).toMatchObject({ kind: 'duckdb', small: true });
    for (const sql of ['select a from t limit 10001', 'select a from t', 'select a from t limit all', 'select a from t limit $1', 'select a into x from t limit 1']) {
      expect((plan(sql) as { small?: boolean }).small, sql).toBeUndefined();
    }
  });

  it('a statement nothing rewrites goes as the user wrote it', () => {
    expect(plan('select a, b from t where c = 1')).toEqual({ kind: 'duckdb', sql: 'select a, b from t where c = 1', tag: 'SELECT', returnsRows: true });
    expect(plan('create schema s2')).toEqual({ kind: 'duckdb', sql: 'create schema s2', tag: 'CREATE SCHEMA', returnsRows: false, changesTables: true });
  });

  it.each([
    ['select a from t', 'SELECT', true],
    ['values (1)', 'SELECT', true],
    ['explain select a from t', 'EXPLAIN', true],
    ['select a into t2 from t', 'SELECT', false],
    ['create table t2 as select a from t', 'SELECT', false],
    ['insert into t values (1)', 'INSERT', false],
    ['update t set a = 1', 'UPDATE', false],
    ['delete from t', 'DELETE', false],
    ['drop view v', 'DROP VIEW', false],
  ])('%s → tag %s, returnsRows %s', (sql, tag, returnsRows) => {
    const r = plan(sql);
    expect(r.kind === 'duckdb' && [r.tag, r.returnsRows]).toEqual([tag, returnsRows]);
  });

  it.each([
    ['create table t (a int)', 'CREATE TABLE'],
    ['create index on t (a)', 'CREATE INDEX'],
    ['alter table t add column b int', 'ALTER TABLE'],
    ['drop table t', 'DROP TABLE'],
    ['truncate t', 'TRUNCATE TABLE'],
  ])('%s → a ddl route (src/sql/ddl) tagged %s', (sql, tag) => {
    const r = plan(sql);
    expect(r.kind === 'ddl' && r.tag).toBe(tag);
  });

  it.each([
    ['insert into t values (1) returning a', 'INSERT'],
    ['update t set a = 1 returning *', 'UPDATE'],
    ['delete from t returning a, b', 'DELETE'],
  ])('%s returns rows', (sql, tag) => {
    const r = plan(sql);
    expect(r.kind === 'duckdb' && [r.tag, r.returnsRows]).toEqual([tag, true]);
  });

  it('a statement over a source table is rewritten once, to a static string', () => {
    const r = plan('select fare from trips.trips');
    expect(r.kind === 'duckdb' && typeof r.sql).toBe('string');
    expect(normalizeSql(routeSql(r))).toBe(normalizeSql('select fare from jammi_sources.trips.trips'));
  });

  it('a statement over a system table is rebuilt per execution (rows read each time)', () => {
    const resolver = fakeResolver();
    const [s] = parseStatements('select source_id from _jammi_sources');
    const r = planStatement(s, { resolver });
    expect(r.kind === 'duckdb' && typeof r.sql).toBe('function');
    const before = resolver.systemTableCalls;
    routeSql(r);
    expect(resolver.systemTableCalls).toBeGreaterThan(before);
  });

  it('planning does not mutate the parsed statement', () => {
    const [s] = parseStatements('select fare from trips.trips where fare > $1');
    const snapshot = JSON.stringify(s.ast);
    planStatement(s, { resolver: fakeResolver(), paramTypes: [701] });
    expect(JSON.stringify(s.ast)).toBe(snapshot);
  });

  it('errors from the resolver propagate (missing source table is 42P01)', () => {
    let err: unknown;
    try {
      plan('select * from trips.nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgError);
    expect([(err as PgError).code, (err as PgError).message]).toEqual(['42P01', 'relation "trips.nope" does not exist']);
  });
});

describe('planStatement: diagnosis of compatibility calls', () => {
  it('keeps a names-only statement when the SQL calls a compatibility function', () => {
    const r = planStatement(parseStatements('select sum(a) / 2 from t')[0], { resolver: fakeResolver() });
    expect(r.kind === 'duckdb' && r.diagnose?.()).toBe('select sum(a) / 2 from t');
    expect(planStatement(parseStatements('select a from t')[0], { resolver: fakeResolver() })).not.toHaveProperty('diagnose');
  });
});

describe('planStatement: LISTEN / NOTIFY', () => {
  it('routes LISTEN, UNLISTEN, NOTIFY and a lone pg_notify call to the session', () => {
    expect(plan('listen orders')).toEqual({ kind: 'notify', action: { type: 'listen', channel: 'orders' }, tag: 'LISTEN' });
    expect(plan('unlisten *')).toEqual({ kind: 'notify', action: { type: 'unlisten', channel: null }, tag: 'UNLISTEN' });
    expect(plan("notify orders, 'hi'")).toEqual({
      kind: 'notify',
      action: { type: 'notify', channel: { kind: 'const', value: 'orders' }, payload: { kind: 'const', value: 'hi' }, column: null },
      tag: 'NOTIFY',
    });
    expect(plan('select pg_notify($1, $2)')).toMatchObject({ kind: 'notify', action: { type: 'notify', channel: { kind: 'param', index: 0 }, column: 'pg_notify' }, tag: 'SELECT' });
    expect(plan('select pg_notify(c, p) from t').kind).toBe('duckdb');
  });
});
