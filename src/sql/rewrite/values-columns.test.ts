import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { nameValuesColumns } from './values-columns.js';

beforeAll(async () => {
  await initParser();
});

function rewrite(sql: string): { sql: string; changed: boolean } {
  const r = nameValuesColumns(structuredClone(parseStatements(sql)[0].ast), { resolver: null as never, dynamic: false });
  return { sql: deparseSync(r.stmt, { pretty: false }), changed: r.changed };
}

describe('nameValuesColumns', () => {
  it('labels a bare VALUES the way Postgres does', () => {
    expect(normalizeSql(rewrite("values (1, 'a'), (2, 'b')").sql)).toBe(
      normalizeSql(`select * from (values (1, 'a'), (2, 'b')) as "*VALUES*"(column1, column2)`),
    );
  });

  it('names the columns of an aliased VALUES in FROM, keeping explicit column aliases', () => {
    expect(normalizeSql(rewrite('select * from (values (1)) v').sql)).toBe(normalizeSql('select * from (values (1)) v(column1)'));
    expect(rewrite('select * from (values (1)) v(x)').changed).toBe(false);
  });

  it('leaves INSERT ... VALUES alone', () => {
    expect(rewrite('insert into t values (1, 2)').changed).toBe(false);
  });
});
