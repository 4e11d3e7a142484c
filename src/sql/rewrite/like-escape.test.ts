import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteLikeEscape } from './like-escape.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteLikeEscape', () => {
  it('gives a pattern that may hold a backslash Postgres default escape', () => {
    const r = run(rewriteLikeEscape, "select a like 'x\\_%', a not ilike b from t");
    expect(r.changed).toBe(true);
    expect(r.sql).toBe(normalizeSql("select like_escape(a, 'x\\_%', '\\'), not_ilike_escape(a, b, '\\') from t"));
  });

  it('keeps an ESCAPE clause, spelled for DuckDB', () => {
    expect(run(rewriteLikeEscape, "select a like 'x#%' escape '#'").sql).toBe(normalizeSql("select like_escape(a, 'x#%', '#')"));
  });

  it('spells LIKE ANY/ALL over an ARRAY[...] as OR/AND of LIKEs', () => {
    expect(run(rewriteLikeEscape, "select a like any (array['x%', 'y\\_']), a not ilike all (array['z']) from t").sql).toBe(
      normalizeSql("select (a like 'x%' or like_escape(a, 'y\\_', '\\')), a not ilike 'z' from t"),
    );
  });

  it('leaves constant patterns without a backslash alone', () => {
    expect(run(rewriteLikeEscape, "select a like 'x%', a ilike '_b' from t").changed).toBe(false);
  });
});
