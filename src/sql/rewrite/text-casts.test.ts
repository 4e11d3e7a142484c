import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteTextCasts } from './text-casts.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteTextCasts', () => {
  it('prints values cast to text as Postgres does', () => {
    expect(run(rewriteTextCasts, 'select f::text, cast(i as varchar) from t').sql).toBe(normalizeSql('select jammi_pg.main.to_text(f), jammi_pg.main.to_text(i) from t'));
  });

  it('leaves constants, parameters, bounded varchar and other casts alone', () => {
    expect(run(rewriteTextCasts, "select 'a'::text, $1::text, a::varchar(3), a::int from t").changed).toBe(false);
  });
});
