import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { PgError } from '../../errors/index.js';
import { metaReader } from '../../../test/helpers/ddl.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteConflictConstraint } from './conflict-constraint.js';

beforeAll(async () => {
  await initParser();
});

const meta = metaReader({
  schema: 'main',
  table: 't',
  columns: ['id', 'a', 'b'],
  constraints: [
    { name: 't_pkey', kind: 'primary', columns: ['id'] },
    { name: 'ab_uq', kind: 'unique', columns: ['a', 'b'], index: true },
    { name: 't_a_check', kind: 'check', columns: ['a'] },
  ],
  identity: [],
});

const rewrite = (sql: string) => {
  const r = rewriteConflictConstraint(structuredClone(parseStatements(sql)[0].ast), { resolver: { ...fakeResolver(), tableDdl: meta }, dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteConflictConstraint', () => {
  it('names the arbiter of ON CONFLICT ON CONSTRAINT by its columns', () => {
    expect(rewrite('insert into t values (1) on conflict on constraint t_pkey do nothing').sql).toBe(normalizeSql('insert into t values (1) on conflict (id) do nothing'));
    expect(rewrite('insert into public.t values (1) on conflict on constraint ab_uq do update set b = excluded.b').sql).toBe(normalizeSql('insert into public.t values (1) on conflict (a, b) do update set b = excluded.b'));
  });

  it('answers 42704 for a name that is not a key of the table; leaves other statements alone', () => {
    let e: unknown;
    try {
      rewrite('insert into t values (1) on conflict on constraint t_a_check do nothing');
    } catch (x) {
      e = x;
    }
    expect([(e as PgError).code, (e as PgError).message]).toEqual(['42704', 'constraint "t_a_check" for table "t" does not exist']);
    expect(rewrite('insert into t values (1) on conflict (id) do nothing').changed).toBe(false);
    expect(rewrite('insert into other values (1) on conflict on constraint x do nothing').changed).toBe(false);
  });
});
