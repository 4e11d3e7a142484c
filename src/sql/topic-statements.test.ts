import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { matchAdminCall } from './admin-functions.js';
import { initParser, parseStatements } from './index.js';
import { matchTopicStatement } from './topic-statements.js';

const ast = (sql: string) => parseStatements(sql)[0].ast;
const match = (sql: string) => matchTopicStatement(ast(sql));
const codeOf = (sql: string) => {
  try {
    match(sql);
  } catch (e) {
    if (e instanceof PgError) return e.code;
    throw e;
  }
  return 'ok';
};

beforeAll(() => initParser());

describe('matchTopicStatement', () => {
  it('an INSERT of constants and parameters into a topic is read without the engine', () => {
    expect(match(`INSERT INTO topics."orders.created" (kind, n) VALUES ('a', $1), ('b', 2::int) RETURNING _offset, *`)).toEqual({
      topic: 'orders.created',
      columns: ['kind', 'n'],
      values: [
        [
          { kind: 'const', value: 'a' },
          { kind: 'param', index: 0 },
        ],
        [
          { kind: 'const', value: 'b' },
          { kind: 'const', value: 2 },
        ],
      ],
      query: null,
      returning: ['_offset', '*'],
    });
    expect(match(`INSERT INTO jammi.topics.t VALUES ('x')`)).toMatchObject({ topic: 't', columns: null, values: [[{ kind: 'const', value: 'x' }]] });
  });

  it('an INSERT with expressions or a query keeps the query for the engine', () => {
    const m = match(`INSERT INTO topics.t (a) SELECT v FROM public.src WHERE v > 1`);
    expect(m?.values).toBeNull();
    expect(Object.keys(m!.query!)).toEqual(['SelectStmt']);
    expect(match(`INSERT INTO topics.t (a) VALUES (now())`)?.values).toBeNull();
  });

  it('statements that do not write to schema topics are not its business', () => {
    expect(match(`SELECT * FROM topics.t`)).toBeNull();
    expect(match(`INSERT INTO public.t SELECT * FROM topics.t`)).toBeNull();
    expect(match(`INSERT INTO other.t VALUES (1)`)).toBeNull();
    expect(match(`CREATE TABLE t AS SELECT * FROM topics.t`)).toBeNull();
  });

  it.each([
    ['UPDATE topics.t SET a = 1', '42809'],
    ['DELETE FROM topics.t', '42809'],
    ['TRUNCATE topics.t', '42809'],
    ['DROP TABLE topics.t', '42809'],
    ['DROP TABLE jammi.topics.t', '42809'],
    ['ALTER TABLE topics.t ADD COLUMN b int', '42809'],
    ['CREATE INDEX ON topics.t (a)', '42809'],
    ['MERGE INTO topics.t USING s ON true WHEN MATCHED THEN DELETE', '42809'],
    ['CREATE TABLE topics.x (a int)', '42501'],
    ['CREATE VIEW topics.v AS SELECT 1', '42501'],
    ['DROP SCHEMA topics CASCADE', '42501'],
    ['CREATE SCHEMA topics', '42501'],
    ['COPY topics.t FROM STDIN', '0A000'],
    ["INSERT INTO topics.t (a) VALUES ('x') ON CONFLICT DO NOTHING", '0A000'],
    ["WITH x AS (SELECT 1) INSERT INTO topics.t SELECT * FROM x", '0A000'],
    ["WITH x AS (INSERT INTO topics.t VALUES (1) RETURNING 1) SELECT * FROM x", '0A000'],
    ['INSERT INTO topics.t DEFAULT VALUES', '0A000'],
    ["INSERT INTO topics.t (a) VALUES ('x') RETURNING a + 1", '0A000'],
  ])('%s → %s', (sql, code) => {
    expect(codeOf(sql)).toBe(code);
  });
});

describe('topic admin functions', () => {
  it('subscribe defaults filter and from_offset to NULL', () => {
    expect(matchAdminCall(ast(`SELECT jammi.subscribe('t')`))?.args).toEqual([
      { kind: 'const', value: 't' },
      { kind: 'const', value: null },
      { kind: 'const', value: null },
    ]);
    expect(matchAdminCall(ast(`SELECT * FROM jammi.subscribe('t', from_offset => 5)`))?.args[2]).toEqual({ kind: 'const', value: 5 });
  });
});
