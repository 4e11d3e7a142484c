import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../../errors/index.js';
import { fakeResolver, fakeSourcesTable, normalizeSql, routeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements, planStatement, systemTableSql } from '../index.js';

beforeAll(async () => {
  await initParser();
});

/** The SQL DuckDB receives for `sql`. */
const rewritten = (sql: string): string => {
  const [s] = parseStatements(sql);
  return routeSql(planStatement(s, { resolver: fakeResolver() }));
};

/** Golden comparison: both sides parsed by Postgres's grammar and deparsed. */
const expectRewrite = (sql: string, expected: string) => {
  expect(normalizeSql(rewritten(sql))).toBe(normalizeSql(expected));
};

/** The PgError planning `sql` throws, as [code, message]. */
function planErrorOf(sql: string): [string, string] {
  try {
    rewritten(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(PgError);
    return [(e as PgError).code, (e as PgError).message];
  }
  throw new Error(`expected planning ${sql} to throw`);
}

/** The rows of the fake `_jammi_sources`, as the rewrite renders them. */
const SYS = "(SELECT CAST('trips' AS text) AS source_id, CAST(ARRAY['trips'] AS text[]) AS tables, CAST(3 AS int4) AS n)";

describe('source tables', () => {
  it.each([
    ['2-part name', 'select fare from trips.trips', 'select fare from jammi_sources.trips.trips'],
    ['3-part name with public', 'select t.fare from trips.public.trips t where t.fare > 1', 'select t.fare from jammi_sources.trips.trips t where t.fare > 1'],
    ['inside a CTE', 'with a as (select fare from trips.trips) select fare from a', 'with a as (select fare from jammi_sources.trips.trips) select fare from a'],
    ['in a FROM subquery', 'select s.fare from (select fare from trips.trips) s', 'select s.fare from (select fare from jammi_sources.trips.trips) s'],
    [
      'in a WHERE subquery',
      'select x from t where exists (select fare from trips.trips where trips.fare > t.x)',
      'select x from t where exists (select fare from jammi_sources.trips.trips where trips.fare > t.x)',
    ],
    [
      'both sides of a join',
      'select a.id from trips.trips a join trips.public.trips b on a.id = b.id left join other.x c on c.id = a.id',
      'select a.id from jammi_sources.trips.trips a join jammi_sources.trips.trips b on a.id = b.id left join other.x c on c.id = a.id',
    ],
    ['in a UNION', 'select fare from trips.trips union all select fare from trips.trips', 'select fare from jammi_sources.trips.trips union all select fare from jammi_sources.trips.trips'],
    ['read by an INSERT … SELECT', 'insert into t select fare from trips.trips', 'insert into t select fare from jammi_sources.trips.trips'],
    ['read by CREATE TABLE AS', 'create table t2 as select fare from trips.trips', 'create table t2 as select fare from jammi_sources.trips.trips'],
  ])('%s', (_what, sql, expected) => {
    expectRewrite(sql, expected);
  });

  it('names that are not sources are left alone, and the text is not re-deparsed', () => {
    expect(rewritten('select  a from other.trips  where b = 1')).toBe('select  a from other.trips  where b = 1');
    expect(rewritten('select a from trips')).toBe('select a from trips');
    expect(rewritten('select a from x.trips.trips')).toBe('select a from x.trips.trips');
  });

  it('a 3-part name whose middle part is not public is not a source reference', () => {
    expect(rewritten('select a from trips.other.trips')).toBe('select a from trips.other.trips');
  });

  it('a missing table of a source is 42P01', () => {
    expect(planErrorOf('select * from trips.nope')).toEqual(['42P01', 'relation "trips.nope" does not exist']);
  });
});

describe('system tables', () => {
  it('systemTableSql renders typed literal rows', () => {
    expect(normalizeSql(systemTableSql(fakeSourcesTable))).toBe(
      normalizeSql('SELECT CAST(\'trips\' AS TEXT) AS "source_id", CAST(ARRAY[\'trips\'] AS TEXT[]) AS "tables", CAST(3 AS INTEGER) AS "n"'),
    );
    const two = { columns: fakeSourcesTable.columns, rows: () => [['a', [], null], ["o'k", ['x', null], 7]] };
    expect(normalizeSql(systemTableSql(two))).toBe(
      normalizeSql(
        'SELECT CAST(\'a\' AS TEXT) AS "source_id", CAST(ARRAY[] AS TEXT[]) AS "tables", CAST(NULL AS INTEGER) AS "n" ' +
          'UNION ALL SELECT CAST(\'o\'\'k\' AS TEXT) AS "source_id", CAST(ARRAY[\'x\', NULL] AS TEXT[]) AS "tables", CAST(7 AS INTEGER) AS "n"',
      ),
    );
    expect(normalizeSql(systemTableSql({ columns: fakeSourcesTable.columns, rows: () => [] }))).toBe(
      normalizeSql('SELECT CAST(NULL AS TEXT) AS "source_id", CAST(NULL AS TEXT[]) AS "tables", CAST(NULL AS INTEGER) AS "n" WHERE false'),
    );
  });

  it.each([
    ['unqualified', 'select source_id from _jammi_sources', `select source_id from ${SYS} as _jammi_sources`],
    ['qualified with jammi, aliased', 'select s.source_id from jammi._jammi_sources s', `select s.source_id from ${SYS} as s`],
    ['in a join with a source', 'select t.fare from trips.trips t join _jammi_sources j on j.source_id = t.src', `select t.fare from jammi_sources.trips.trips t join ${SYS} as j on j.source_id = t.src`],
    ['inside a CTE body', 'with x as (select source_id from _jammi_sources) select source_id from x', `with x as (select source_id from ${SYS} as _jammi_sources) select source_id from x`],
  ])('%s', (_what, sql, expected) => {
    expectRewrite(sql, expected);
  });

  it('unknown _jammi_ names and other schemas are left alone', () => {
    expect(rewritten('select a from _jammi_nope')).toBe('select a from _jammi_nope');
    expect(rewritten('select a from other._jammi_sources')).toBe('select a from other._jammi_sources');
  });

  it('a CTE named like a system table is NOT rewritten', () => {
    const sql = 'with _jammi_sources as (select 1 as x) select x from _jammi_sources';
    expect(normalizeSql(rewritten(sql))).toBe(normalizeSql(sql));
  });

  it('a CTE named like a system table shadows it in nested subqueries and later CTEs too', () => {
    const sql = 'with _jammi_sources as (select 1 as x), b as (select x from _jammi_sources) select x from (select x from _jammi_sources) s, b';
    expect(normalizeSql(rewritten(sql))).toBe(normalizeSql(sql));
  });

  it('a CTE in a sibling subquery does not shadow the system table outside it', () => {
    expectRewrite(
      'select a.x from (with _jammi_sources as (select 1 as x) select x from _jammi_sources) a, _jammi_sources b',
      `select a.x from (with _jammi_sources as (select 1 as x) select x from _jammi_sources) a, ${SYS} as b`,
    );
  });

  it('inside its own non-recursive definition a CTE name refers to the system table, as in Postgres', () => {
    expectRewrite(
      'with _jammi_sources as (select source_id from _jammi_sources) select source_id from _jammi_sources',
      `with _jammi_sources as (select source_id from ${SYS} as _jammi_sources) select source_id from _jammi_sources`,
    );
  });
});

describe('write guards', () => {
  const sourceRO = (verb: string, name: string) => ['42809', `cannot ${verb} "${name}": it is a source (read-only)`];
  it.each([
    ['insert into trips.trips values (1)', 'insert into'],
    ['insert into trips.public.trips select 1', 'insert into'],
    ['update trips.public.trips set a = 1', 'update'],
    ['delete from trips.trips where a = 1', 'delete from'],
    ['merge into trips.trips t using s on t.a = s.a when matched then delete', 'merge into'],
    ['truncate trips.trips', 'truncate'],
    ['alter table trips.trips add column z int', 'alter'],
    ['alter table trips.trips rename to u', 'rename'],
    ['alter table trips.trips set schema public', 'alter'],
    ['create index i on trips.trips (a)', 'create an index on'],
    ['drop table trips.trips', 'drop'],
    ['drop view trips.public.trips', 'drop'],
    ["comment on table trips.trips is 'x'", 'comment on'],
  ])('%s → 42809 (%s)', (sql, verb) => {
    expect(planErrorOf(sql)).toEqual(sourceRO(verb, 'trips.trips'));
  });

  it('dropping a source schema is 42809', () => {
    expect(planErrorOf('drop schema trips cascade')).toEqual(sourceRO('drop schema', 'trips'));
  });

  it.each([
    'create table trips.newt (a int)',
    'create table trips.newt as select 1 as a',
    'select 1 as a into trips.newt',
    'create view trips.v as select 1 as a',
    'create sequence trips.s',
    "create type trips.mood as enum ('a')",
    'alter table t set schema trips',
  ])('%s → 42501 (a source schema takes no new objects)', (sql) => {
    expect(planErrorOf(sql)).toEqual(['42501', 'permission denied for schema trips']);
  });

  it.each([
    'insert into _jammi_sources values (1)',
    'update _jammi_sources set source_id = 1',
    'delete from _jammi_sources',
    'delete from jammi._jammi_sources',
    'truncate _jammi_sources',
    'alter table _jammi_sources add column z int',
    'create index i on _jammi_sources (source_id)',
    'drop table _jammi_sources',
  ])('%s → 42501', (sql) => {
    expect(planErrorOf(sql)).toEqual(['42501', 'permission denied for table _jammi_sources']);
  });

  it.each([
    ['create table _jammi_x (a int)', 'table'],
    ['create table public._jammi_x as select 1', 'table'],
    ['select 1 into _jammi_x', 'table'],
    ['create view _jammi_v as select 1', 'view'],
    ['create sequence _jammi_s', 'sequence'],
    ["create type _jammi_t as enum ('a')", 'type'],
    ['create schema _jammi_s', 'schema'],
    ['alter table t rename to _jammi_t', 'table'],
  ])('%s → 42939 (reserved %s name)', (sql, kind) => {
    const [code, message] = planErrorOf(sql);
    expect([code, message.replace(/"[^"]+"$/, '')]).toEqual(['42939', `unacceptable ${kind} name `]);
  });

  it("jammi's bookkeeping schema does not exist for clients", () => {
    expect(planErrorOf('select * from _jammi_meta.table_ddl')[0]).toBe('42P01');
    expect(planErrorOf('delete from jammi._jammi_meta.table_ddl')[0]).toBe('42P01');
    expect(planErrorOf('drop table _jammi_meta.table_ddl')[0]).toBe('42P01');
    expect(planErrorOf('drop schema _jammi_meta cascade')[0]).toBe('3F000');
  });

  it('writes to ordinary tables and to unknown _jammi_ names pass', () => {
    for (const sql of ['insert into t values (1)', 'insert into _jammi_nope values (1)', 'delete from other.trips']) expect(normalizeSql(rewritten(sql))).toBe(normalizeSql(sql));
    expect(() => planStatement(parseStatements('alter table t rename to u')[0], { resolver: fakeResolver() })).not.toThrow();
  });
});

describe('type names and result column names', () => {
  it('pg_catalog type names are unqualified for DuckDB when the statement is rewritten', () => {
    // Array casts: the text rewrites route scalar integer and text casts through Postgres-input macros.
    expectRewrite('select x::bigint[] as x, y::text[] as y from trips.trips', 'select x::int8[] as x, y::text[] as y from jammi_sources.trips.trips');
  });

  it('unnamed select-list entries get Postgres’s names', () => {
    expectRewrite('select 1, count(*), x::int4[] from trips.trips', 'select 1 as "?column?", count(*) as count, x::int4[] as x from jammi_sources.trips.trips');
  });

  it('unnamed RETURNING entries get Postgres’s names', () => {
    expectRewrite('insert into t values (1) returning 1, a + 1', 'insert into t values (1) returning 1 as "?column?", a + 1::int4 as "?column?"');
  });
});
