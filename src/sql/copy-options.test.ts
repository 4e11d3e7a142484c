import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/index.js';
import { thrown } from '../../test/helpers/thrown.js';
import { type AstNode, fieldsOf } from './ast.js';
import { copyOptions } from './copy-options.js';
import { initParser, parseStatements } from './parse.js';

await initParser();

/** The options of a COPY statement as written. */
const options = (sql: string) => {
  const f = fieldsOf(parseStatements(sql)[0].ast);
  return copyOptions(f.options as AstNode[] | undefined, Boolean(f.is_from));
};
const error = (sql: string) => thrown(PgError, () => options(sql));

describe('COPY options', () => {
  it("take Postgres's defaults per format", () => {
    expect(options('COPY t FROM STDIN')).toMatchObject({ format: 'text', delimiter: '\t', null: '\\N', header: false });
    expect(options('COPY t FROM STDIN (FORMAT csv)')).toMatchObject({ format: 'csv', delimiter: ',', null: '', quote: '"', escape: '"' });
    expect(options('COPY t TO STDOUT (FORMAT binary)')).toMatchObject({ format: 'binary' });
  });

  it('read the legacy spellings psql and pg_dump send', () => {
    expect(options("COPY t FROM stdin WITH CSV HEADER DELIMITER ';' NULL 'x' QUOTE '''' FORCE NOT NULL a")).toMatchObject({
      format: 'csv',
      header: true,
      delimiter: ';',
      null: 'x',
      quote: "'",
      forceNotNull: ['a'],
    });
    expect(options('COPY t TO STDOUT BINARY')).toMatchObject({ format: 'binary' });
    expect(options('COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE *)')).toMatchObject({ forceQuote: '*' });
    expect(options('COPY t FROM STDIN (FORMAT csv, HEADER match, FORCE_NULL (a, b), FREEZE, ENCODING \'UTF8\')')).toMatchObject({ header: 'match', forceNull: ['a', 'b'] });
  });

  it('refuse inconsistent combinations with the SQLSTATE Postgres uses', () => {
    const cases: [string, string, string][] = [
      ['COPY t FROM STDIN (FORMAT xml)', '22023', 'COPY format "xml" not recognized'],
      ['COPY t FROM STDIN (FORMAT csv, FORMAT text)', '42601', 'conflicting or redundant options'],
      ["COPY t FROM STDIN (DELIMITER 'ab')", '0A000', 'COPY delimiter must be a single one-byte character'],
      ["COPY t FROM STDIN (DELIMITER 'a')", '22023', 'COPY delimiter cannot be "a"'],
      ["COPY t FROM STDIN (FORMAT binary, NULL 'x')", '42601', 'cannot specify NULL in BINARY mode'],
      ['COPY t FROM STDIN (FORMAT binary, HEADER)', '0A000', 'cannot specify HEADER in BINARY mode'],
      ["COPY t FROM STDIN (QUOTE '\"')", '0A000', 'COPY quote available only in CSV mode'],
      ["COPY t FROM STDIN (FORMAT csv, DELIMITER '\"')", '22023', 'COPY delimiter and quote must be different'],
      ['COPY t FROM STDIN (FORMAT csv, FORCE_QUOTE (a))', '0A000', 'COPY force quote only available using COPY TO'],
      ['COPY t TO STDOUT (FORMAT csv, FORCE_NULL (a))', '0A000', 'COPY force null only available using COPY FROM'],
      ['COPY t TO STDOUT (HEADER match)', '0A000', 'cannot use "match" with HEADER in COPY TO'],
      ["COPY t FROM STDIN (DELIMITER ',', NULL 'a,b')", '0A000', 'COPY delimiter must not appear in the NULL specification'],
      ["COPY t FROM STDIN (ENCODING 'LATIN1')", '0A000', 'COPY encoding "LATIN1" is not supported: jammi reads and writes UTF8'],
      ['COPY t FROM STDIN (WHATEVER)', '42601', 'option "whatever" not recognized'],
    ];
    for (const [sql, code, message] of cases) expect({ sql, ...pick(error(sql)) }).toEqual({ sql, code, message });
  });
});

const pick = (e: PgError) => ({ code: e.code, message: e.message });
