import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from './index.js';
import { changesTables } from './table-changes.js';

beforeAll(async () => {
  await initParser();
});

const changes = (sql: string) => changesTables(parseStatements(sql)[0].ast);

describe('changesTables', () => {
  it('CREATE TABLE AS and SELECT INTO of the user catalog change tables; temporary ones and other catalogs do not', () => {
    expect(changes('create table a as select 1 as x')).toBe(true);
    expect(changes('select 1 as x into b')).toBe(true);
    expect(changes('create temp table a as select 1 as x')).toBe(false);
    expect(changes('create table other.s.a as select 1 as x')).toBe(false);
  });

  it('comments, enum changes and what pg_catalog lists (views, schemas, sequences) ask for a reconcile; queries and DML do not', () => {
    expect(changes("comment on table a is 'x'")).toBe(true);
    expect(changes("alter type mood add value 'meh'")).toBe(true);
    expect(changes('create view v as select 1')).toBe(true);
    expect(changes('create schema s')).toBe(true);
    expect(changes('drop view v')).toBe(true);
    expect(changes('select 1')).toBe(false);
    expect(changes('insert into a values (1)')).toBe(false);
  });
});
