import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { initParser, parseStatements } from './index.js';
import { thrown } from '../../test/helpers/thrown.js';

beforeAll(async () => {
  await initParser();
});

describe('parseStatements: splitting', () => {
  it('one statement', () => {
    const [s] = parseStatements('SELECT 1');
    expect([s.tag, s.text, s.offset]).toEqual(['SelectStmt', 'SELECT 1', 0]);
    expect(Object.keys(s.ast)).toEqual(['SelectStmt']);
  });

  it('several statements: tags, trimmed texts and character offsets', () => {
    const sql = "select 1;  insert into t values (2) ;\n  update t set a = 3 where b = 'x;y'; delete from t";
    const got = parseStatements(sql).map((s) => [s.tag, s.text, s.offset]);
    expect(got).toEqual([
      ['SelectStmt', 'select 1', 0],
      ['InsertStmt', 'insert into t values (2)', 11],
      ['UpdateStmt', "update t set a = 3 where b = 'x;y'", 40],
      ['DeleteStmt', 'delete from t', 76],
    ]);
    for (const [, text, offset] of got) expect(sql.slice(offset as number, (offset as number) + (text as string).length)).toBe(text);
  });

  it('multi-byte text: slices by bytes, offsets in characters', () => {
    const sql = "select 'é日本'; select 'ü' as \"naïve\";select 3";
    const got = parseStatements(sql).map((s) => [s.text, s.offset]);
    expect(got).toEqual([
      ["select 'é日本'", 0],
      ["select 'ü' as \"naïve\"", 14],
      ['select 3', 36],
    ]);
    for (const [text, offset] of got) expect(sql.slice(offset as number, (offset as number) + (text as string).length)).toBe(text);
  });

  it('offsets count characters (code points) after a 4-byte character, as Postgres positions do', () => {
    const [, second] = parseStatements("select '😀'; select 2");
    expect(second.text).toBe('select 2');
    // Postgres counts '😀' as one character: s,e,l,e,c,t,space,',😀,',;,space → 12.
    expect(second.offset).toBe(12);
  });

  it('comments and empty statements', () => {
    expect(parseStatements('')).toEqual([]);
    expect(parseStatements('   \n\t ')).toEqual([]);
    expect(parseStatements('-- only a comment')).toEqual([]);
    expect(parseStatements(';;').length).toBe(0);
    expect(parseStatements('/* c */ select 1 -- trailing').map((s) => s.tag)).toEqual(['SelectStmt']);
  });

  it('tags of common statements', () => {
    const tags = parseStatements(
      'begin; create table t (a int); create view v as select 1; set x.y = 1; show timezone; explain select 1; copy t to stdout; drop table t; commit',
    ).map((s) => s.tag);
    expect(tags).toEqual(['TransactionStmt', 'CreateStmt', 'ViewStmt', 'VariableSetStmt', 'VariableShowStmt', 'ExplainStmt', 'CopyStmt', 'DropStmt', 'TransactionStmt']);
  });
});

describe('parseStatements: syntax errors are 42601 with a 1-based character position', () => {
  // Expected positions observed from PostgreSQL 15.20 (ErrorResponse field P) for the same texts.
  it.each([
    ['select * from where', 15],
    ['select 1; select 2; selec 3', 21],
    ["select 'ééé' from where", 19],
    ["select '日本' from where", 18],
    ["select '😀' from where", 17],
    ["select 1; select 'é'; select * from where", 37],
  ])('%s → position %i', (sql, position) => {
    const err = thrown(PgError, () => parseStatements(sql));
    expect(err.code).toBe('42601');
    expect(err.fields.position).toBe(position);
  });

  it('the message is Postgres’s', () => {
    expect(thrown(PgError, () => parseStatements('select * from where')).message).toBe('syntax error at or near "where"');
  });

  it('an error at the end of input', () => {
    const err = thrown(PgError, () => parseStatements('select (1'));
    expect(err.code).toBe('42601');
    expect(err.message).toBe('syntax error at end of input');
    expect(err.fields.position).toBe(10);
  });
});

describe('parseStatements: DuckDB-only statements are 42501', () => {
  it.each([
    ["ATTACH 'x.db' AS x", 'ATTACH'],
    ['detach x', 'DETACH'],
    ['INSTALL httpfs', 'INSTALL'],
    ['PRAGMA threads=4', 'PRAGMA'],
    ['pragma version', 'PRAGMA'],
    ["export database '/tmp/x'", 'EXPORT'],
    ["import database '/tmp/x'", 'IMPORT'],
    ['use memory', 'USE'],
    ['force install httpfs', 'FORCE'],
    ['summarize t', 'SUMMARIZE'],
    ['pivot t on a using sum(b)', 'PIVOT'],
  ])('%s', (sql, word) => {
    const err = thrown(PgError, () => parseStatements(sql));
    expect(err.code).toBe('42501');
    expect(err.message).toBe(`permission denied: ${word} is not allowed`);
  });

  it('after another statement or a comment too', () => {
    expect(thrown(PgError, () => parseStatements('select 1; install httpfs')).code).toBe('42501');
    expect(thrown(PgError, () => parseStatements('/* c */ pragma version')).code).toBe('42501');
    expect(thrown(PgError, () => parseStatements('-- c\nATTACH x')).code).toBe('42501');
  });

  it('a DuckDB keyword elsewhere in a broken statement is still a syntax error, not 42501', () => {
    expect(thrown(PgError, () => parseStatements('select attach from where')).code).toBe('42601');
    expect(thrown(PgError, () => parseStatements("select 'pragma' ; selec 1")).code).toBe('42601');
  });

  it('words that are valid Postgres (CHECKPOINT, LOAD) parse normally and are routed by the planner', () => {
    expect(parseStatements('checkpoint').map((s) => s.tag)).toEqual(['CheckPointStmt']);
    expect(parseStatements("load 'x'").map((s) => s.tag)).toEqual(['LoadStmt']);
  });
});
