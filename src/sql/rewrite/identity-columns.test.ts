import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { PgError } from '../../errors/index.js';
import { metaReader } from '../../../test/helpers/ddl.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteIdentityColumns } from './identity-columns.js';

beforeAll(async () => {
  await initParser();
});

const meta = metaReader({
  schema: 'main',
  table: 't',
  columns: ['id', 'k', 'g', 'v'],
  constraints: [],
  identity: [
    { column: 'id', kind: 'always', sequence: 't_id_seq' },
    { column: 'k', kind: 'by default', sequence: 't_k_seq' },
  ],
  generated: ['g'],
});

function rewrite(sql: string): { sql: string; changed: boolean } {
  const r = rewriteIdentityColumns(structuredClone(parseStatements(sql)[0].ast), { resolver: { ...fakeResolver(), tableDdl: meta }, dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
}

function refusal(sql: string): [string, string, string | undefined] {
  try {
    rewrite(sql);
  } catch (e) {
    const p = e as PgError;
    return [p.code, p.message, p.fields.detail];
  }
  throw new Error('expected a refusal');
}

describe('rewriteIdentityColumns', () => {
  it('leaves statements that write no identity or generated column alone', () => {
    expect(rewrite("insert into t (v) values ('x')").changed).toBe(false);
    expect(rewrite("insert into t (id, k, v) values (default, 5, 'x')").changed).toBe(false);
    expect(rewrite("insert into other (id) values (1)").changed).toBe(false);
    expect(rewrite('update t set v = 1, k = 2').changed).toBe(false);
  });

  it('refuses an explicit value for a GENERATED ALWAYS identity column (insert, update, upsert) with 428C9', () => {
    expect(refusal("insert into t (id, v) values (1, 'x')")).toEqual(['428C9', 'cannot insert a non-DEFAULT value into column "id"', 'Column "id" is an identity column defined as GENERATED ALWAYS.']);
    expect(refusal('insert into t values (1)')[0]).toBe('428C9');
    expect(refusal('insert into t (id) select 1')[0]).toBe('428C9');
    expect(refusal('update t set id = 2')).toEqual(['428C9', 'column "id" can only be updated to DEFAULT', 'Column "id" is an identity column defined as GENERATED ALWAYS.']);
    expect(refusal("insert into t (k, v) values (1, 'x') on conflict (k) do update set id = 3")[0]).toBe('428C9');
  });

  it('removes OVERRIDING SYSTEM VALUE, and makes OVERRIDING USER VALUE replace identity values with DEFAULT', () => {
    expect(rewrite("insert into t (id, v) overriding system value values (1, 'x')").sql).toBe(normalizeSql("insert into t (id, v) values (1, 'x')"));
    expect(rewrite("insert into t (id, k, v) overriding user value values (1, 2, 'x')").sql).toBe(normalizeSql("insert into t (id, k, v) values (default, default, 'x')"));
    expect(rewrite('insert into other overriding system value values (1)').sql).toBe(normalizeSql('insert into other values (1)'));
  });

  it('takes generated columns out of the INSERT, which DuckDB does not let name them, and refuses values for them', () => {
    expect(rewrite("insert into t values (default, 1, default, 'x')").sql).toBe(normalizeSql("insert into t (id, k, v) values (default, 1, 'x')"));
    expect(rewrite("insert into t (v, g) values ('x', default)").sql).toBe(normalizeSql("insert into t (v) values ('x')"));
    expect(refusal("insert into t (v, g) values ('x', 1)")).toEqual(['428C9', 'cannot insert a non-DEFAULT value into column "g"', 'Column "g" is a generated column.']);
    expect(refusal('update t set g = 1')).toEqual(['428C9', 'column "g" can only be updated to DEFAULT', 'Column "g" is a generated column.']);
  });
});
