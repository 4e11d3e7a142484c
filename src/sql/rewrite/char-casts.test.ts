import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteCharCasts } from './char-casts.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteCharCasts', () => {
  it('truncates to the length; char(n) drops trailing blanks', () => {
    expect(run(rewriteCharCasts, 'select a::varchar(2), a::char(4), a::char from t').sql).toBe(
      normalizeSql("select left(a::text, 2)::varchar(2), rtrim(left(a::text, 4), ' ')::char(4), rtrim(left(a::text, 1), ' ')::char from t"),
    );
  });

  it('keeps a bare bpchar (no length, unlike char) whole, without trailing blanks', () => {
    expect(run(rewriteCharCasts, 'select a::bpchar from t').sql).toBe(normalizeSql("select rtrim(a::text, ' ')::bpchar from t"));
  });

  it('leaves unbounded varchar and column types alone', () => {
    expect(run(rewriteCharCasts, 'select a::varchar, a::text from t').changed).toBe(false);
    expect(run(rewriteCharCasts, 'create table x (a varchar(3))').changed).toBe(false);
  });
});
