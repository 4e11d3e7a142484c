import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteInsertImplicitColumns } from './insert-implicit-columns.js';
import { deparseSync } from 'pgsql-deparser';

beforeAll(async () => {
  await initParser();
});

const resolver = { ...fakeResolver(), writableTable: (schema: string, table: string) => (schema === 'public' && table === 't3' ? ['a', 'b', 'c'].map((name) => ({ name, oid: 23, typmod: -1 })) : null) };
const rw = (sql: string) => {
  const r = rewriteInsertImplicitColumns(structuredClone(parseStatements(sql)[0].ast), { resolver, dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteInsertImplicitColumns', () => {
  it('names the first columns when VALUES rows are shorter than the table', () => {
    expect(rw('INSERT INTO t3 VALUES (1, 2), (3, 4)').sql).toBe(normalizeSql('INSERT INTO t3 (a, b) VALUES (1, 2), (3, 4)'));
  });

  it('leaves full rows, explicit column lists and unknown tables alone', () => {
    expect(rw('INSERT INTO t3 VALUES (1, 2, 3)').changed).toBe(false);
    expect(rw('INSERT INTO t3 (c) VALUES (1)').changed).toBe(false);
    expect(rw('INSERT INTO other VALUES (1)').changed).toBe(false);
  });
});
