import { beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from './ast.js';
import { commandTagOf, initParser, parseStatements, tagWithCount } from './index.js';

beforeAll(async () => {
  await initParser();
});

const tagOfSql = (sql: string) => {
  const [s] = parseStatements(sql);
  return commandTagOf(s.tag, fieldsOf(s.ast));
};

describe('commandTagOf', () => {
  // Every expected tag (verb part) is what PostgreSQL 15.20 sent for the same statement.
  it.each([
    ['create table tt(a int, b int)', 'CREATE TABLE'],
    ['insert into tt values (1,2),(3,4)', 'INSERT'],
    ['create table tt2 as select * from tt', 'SELECT'],
    ['create materialized view mv as select * from tt', 'SELECT'],
    ['create view vv as select * from tt', 'CREATE VIEW'],
    ['alter view vv rename to vv2', 'ALTER VIEW'],
    ['alter table tt add column c int', 'ALTER TABLE'],
    ['alter table tt rename to tt3', 'ALTER TABLE'],
    ['alter table tt3 rename column c to d', 'ALTER TABLE'],
    ['create index ii on tt3(a)', 'CREATE INDEX'],
    ['alter index ii rename to ii2', 'ALTER INDEX'],
    ['truncate tt2', 'TRUNCATE TABLE'],
    ['create sequence sq', 'CREATE SEQUENCE'],
    ["create type en as enum ('a')", 'CREATE TYPE'],
    ["comment on table tt3 is 'x'", 'COMMENT'],
    ['update tt3 set a = 1', 'UPDATE'],
    ['delete from tt3 where a = 5', 'DELETE'],
    ['drop view vv2', 'DROP VIEW'],
    ['drop materialized view mv', 'DROP MATERIALIZED VIEW'],
    ['drop index ii2', 'DROP INDEX'],
    ['drop sequence sq', 'DROP SEQUENCE'],
    ['drop type en', 'DROP TYPE'],
    ['drop table t', 'DROP TABLE'],
    ['create schema sc', 'CREATE SCHEMA'],
    ['drop schema sc', 'DROP SCHEMA'],
    ['select 1 into temp tt4', 'SELECT'],
    ['merge into tt3 t using tt2 s on t.a = s.a when matched then do nothing', 'MERGE'],
    ['vacuum', 'VACUUM'],
    ['analyze', 'ANALYZE'],
    ['select 1', 'SELECT'],
    ['values (1)', 'SELECT'],
    ['explain select 1', 'EXPLAIN'],
    ['copy t to stdout', 'COPY'],
    ['set x.y = 1', 'SET'],
  ])('%s → %s', (sql, tag) => {
    expect(tagOfSql(sql)).toBe(tag);
  });

  it('an unlisted statement gets its node name spelt as words', () => {
    expect(commandTagOf('ReindexStmt', {})).toBe('REINDEX');
    expect(tagOfSql('reindex table t')).toBe('REINDEX');
  });

  // Statements whose node name is not their tag; expected tags observed on PostgreSQL 15.20.
  it.each([
    ['create type ct as (a int)', 'CREATE TYPE'],
    ['alter sequence sq restart with 1', 'ALTER SEQUENCE'],
    ['alter table t set schema s', 'ALTER TABLE'],
    ['refresh materialized view mv', 'REFRESH MATERIALIZED VIEW'],
    ['lock table t', 'LOCK TABLE'],
  ])('%s → %s', (sql, tag) => {
    expect(tagOfSql(sql)).toBe(tag);
  });
});

describe('tagWithCount', () => {
  it.each([
    ['SELECT', 3, 'SELECT 3'],
    ['SELECT', 0, 'SELECT 0'],
    ['INSERT', 2, 'INSERT 0 2'],
    ['UPDATE', 5, 'UPDATE 5'],
    ['DELETE', 0, 'DELETE 0'],
    ['MERGE', 1, 'MERGE 1'],
    ['COPY', 10, 'COPY 10'],
    ['FETCH', 4, 'FETCH 4'],
    ['MOVE', 4, 'MOVE 4'],
    ['CREATE TABLE', 0, 'CREATE TABLE'],
    ['BEGIN', 0, 'BEGIN'],
    ['DROP VIEW', 7, 'DROP VIEW'],
  ])('%s with %i rows → %s', (verb, rows, expected) => {
    expect(tagWithCount(verb, rows)).toBe(expected);
  });
});
