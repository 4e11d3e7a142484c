import { beforeAll, describe, expect, it } from 'vitest';
import { catalogEffectOf, initParser, parseStatements } from './index.js';

beforeAll(async () => {
  await initParser();
});

const ops = (sql: string) => catalogEffectOf(parseStatements(sql)[0].ast)?.ops;
const t = (table: string, schema = 'public') => ({ schema, table });

describe('catalogEffectOf', () => {
  it('CREATE TABLE declares every column with its type and default as written', () => {
    expect(ops("create table users (id serial primary key, email varchar(20) not null, meta jsonb default '{}', ts timestamptz default now())")).toEqual([
      {
        op: 'create',
        target: t('users'),
        ifMissing: false,
        columns: [
          { column: 'id', name: 'integer', oid: 23, typmod: -1, default: "nextval('users_id_seq'::regclass)" },
          { column: 'email', name: 'character varying(20)', oid: 1043, typmod: 24, default: null },
          { column: 'meta', name: 'jsonb', oid: 3802, typmod: -1, default: "'{}'" },
          { column: 'ts', name: 'timestamp with time zone', oid: 1184, typmod: -1, default: 'now()' },
        ],
      },
    ]);
  });

  it('names the table by its Postgres schema: unqualified and public are public, jammi.s.t is s', () => {
    expect(ops('create table if not exists public.a (x int)')?.[0]).toMatchObject({ target: t('a'), ifMissing: true });
    expect(ops('create table s.b (x int)')?.[0]).toMatchObject({ target: t('b', 's') });
    expect(ops('create table jammi.s.c (x int)')?.[0]).toMatchObject({ target: t('c', 's') });
  });

  it('temp tables and other catalogs are not writable tables', () => {
    expect(ops('create temp table x (a int)')).toBeUndefined();
    expect(ops('create table other.s.x (a int)')).toBeUndefined();
  });

  it('CREATE TABLE AS and SELECT INTO replace declarations with none (DuckDB types the query)', () => {
    expect(ops('create table a as select 1 as x')).toEqual([{ op: 'create', target: t('a'), columns: [], ifMissing: false }]);
    expect(ops('select 1 as x into b')).toEqual([{ op: 'create', target: t('b'), columns: [], ifMissing: false }]);
  });

  it('ALTER TABLE subcommands become one op each', () => {
    expect(ops("alter table s.t add column if not exists x varchar(3) default 'a', drop column y, alter column z type numeric(4,1), alter column w set default 3, alter column w drop default, alter column v set not null")).toEqual([
      { op: 'add_column', target: t('t', 's'), column: { column: 'x', name: 'character varying(3)', oid: 1043, typmod: 7, default: "'a'" }, ifMissing: true },
      { op: 'drop_column', target: t('t', 's'), column: 'y' },
      { op: 'alter_type', target: t('t', 's'), column: { column: 'z', name: 'numeric(4,1)', oid: 1700, typmod: (4 << 16) + 1 + 4, default: null } },
      { op: 'set_default', target: t('t', 's'), column: 'w', default: '3' },
      { op: 'set_default', target: t('t', 's'), column: 'w', default: null },
    ]);
  });

  it('renames, moves and drops', () => {
    expect(ops('alter table a rename to b')).toEqual([{ op: 'rename_table', target: t('a'), to: 'b' }]);
    expect(ops('alter table a rename column x to y')).toEqual([{ op: 'rename_column', target: t('a'), column: 'x', to: 'y' }]);
    expect(ops('alter table a set schema s')).toEqual([{ op: 'set_schema', target: t('a'), to: 's' }]);
    expect(ops('drop table if exists a, s.b cascade')).toEqual([
      { op: 'drop_table', target: t('a') },
      { op: 'drop_table', target: t('b', 's') },
    ]);
    expect(ops('drop schema s cascade')).toEqual([{ op: 'drop_schema', schema: 's' }]);
  });

  it('index and comment statements only ask for a reconcile; queries and DML change nothing', () => {
    expect(ops('create index i on a (x)')).toEqual([]);
    expect(ops('drop index i')).toEqual([]);
    expect(ops("comment on table a is 'x'")).toEqual([]);
    expect(ops('select 1')).toBeUndefined();
    expect(ops('insert into a values (1)')).toBeUndefined();
    expect(ops('drop view v')).toBeUndefined();
  });
});
