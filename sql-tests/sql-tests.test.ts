import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../test/helpers/jammi.js';
import { connectSlt, parseSlt, renderValue, runSlt, SltParseError, type SltRecord, typeLetterOf } from './runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(here);
const dataDir = path.join(here, 'data');

/** Every .slt file under sql-tests/, as repository-relative paths, in a stable order. */
const files = (readdirSync(here, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.slt'))
  .map((f) => path.relative(repoRoot, path.join(here, f)))
  .sort();

describe('slt parser', () => {
  test('parses every record kind with line numbers', () => {
    const text = [
      '# a comment',
      'statement ok',
      'CREATE TABLE t (x int)',
      '',
      'statement error 42P01',
      'SELECT *',
      'FROM nope',
      '',
      'query IT rowsort',
      'SELECT 1, NULL',
      '----',
      '1\tNULL',
      '',
      'query T',
      "SELECT '' WHERE false",
      '----',
      '',
      'source s1 dir/file.csv',
    ].join('\n');
    const expected: SltRecord[] = [
      { kind: 'statement', line: 2, sql: 'CREATE TABLE t (x int)', error: null },
      { kind: 'statement', line: 5, sql: 'SELECT *\nFROM nope', error: '42P01' },
      { kind: 'query', line: 9, sql: 'SELECT 1, NULL', types: 'IT', rowsort: true, expected: ['1\tNULL'] },
      { kind: 'query', line: 14, sql: "SELECT '' WHERE false", types: 'T', rowsort: false, expected: [] },
      { kind: 'source', line: 18, name: 's1', path: 'dir/file.csv' },
    ];
    expect(parseSlt(text, 'x.slt')).toEqual(expected);
  });

  test.each([
    ['statement maybe\nSELECT 1', 'x.slt:1: expected "statement ok" or "statement error <SQLSTATE>", got "statement maybe"'],
    ['statement error\nSELECT 1', 'x.slt:1: expected "statement ok" or "statement error <SQLSTATE>", got "statement error"'],
    ['query X\nSELECT 1\n----\n1', 'x.slt:1: query needs column types made of T, I, R, B; got "X"'],
    ['query I sorted\nSELECT 1\n----\n1', 'x.slt:1: unknown query option "sorted" (only "rowsort" is known)'],
    ['\nquery I\nSELECT 1\n\n1', 'x.slt:4: query SQL must be followed by a "----" line'],
    ['statement ok\n', 'x.slt:1: statement without SQL'],
    ['source s1 /etc/passwd', 'x.slt:1: source path must be relative to sql-tests/data'],
    ['select 1', 'x.slt:1: unknown record "select" (expected statement, query, source or # comment)'],
  ])('rejects %j', (text, message) => {
    let got: string | null = null;
    try {
      parseSlt(text, 'x.slt');
    } catch (e) {
      got = e instanceof SltParseError ? e.message : `not an SltParseError: ${String(e)}`;
    }
    expect(got).toBe(message);
  });

  test('renders values and type letters as the format documents', () => {
    expect([null, '', 'a b', '0'].map(renderValue)).toEqual(['NULL', '(empty)', 'a b', '0']);
    expect([16, 20, 21, 23, 700, 701, 1700, 25, 1043, 1082, 1114, 2950, 114, 1007].map(typeLetterOf).join('')).toBe('BIIIRRRTTTTTTT');
  });
});

describe('sql-tests', () => {
  let server: TestServer;

  beforeAll(async () => {
    // fileRoots replaces the helper's default list (its scratch filesDir); demo sources stay.
    server = await startTestServer({ fileRoots: [dataDir] });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('finds .slt files', () => {
    expect(files.length > 0).toBe(true);
  });

  for (const file of files) {
    test(file, async () => {
      const records = parseSlt(readFileSync(path.join(repoRoot, file), 'utf8'), file);
      let client: pg.Client | null = null;
      try {
        client = await connectSlt(server.url);
        const failures = await runSlt(records, { client, dataDir, file });
        expect(failures.join('\n\n'), `${failures.length} of ${records.length} records failed in ${file}`).toBe('');
      } finally {
        await client?.end();
      }
    });
  }
});
