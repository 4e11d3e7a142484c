import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteRegexOperators } from './regex-operators.js';

beforeAll(async () => {
  await initParser();
});

function rewrite(sql: string): { sql: string; changed: boolean } {
  const stmt = structuredClone(parseStatements(sql)[0].ast);
  const r = rewriteRegexOperators(stmt, { resolver: null as never, dynamic: false });
  return { sql: deparseSync(r.stmt, { pretty: false }), changed: r.changed };
}

describe('rewriteRegexOperators', () => {
  it('turns each POSIX regex operator into regexp_matches, which matches anywhere', () => {
    const r = rewrite("select a ~ 'x', a ~* 'x', a !~ 'x', a !~* 'x' from t where b ~ '^y'");
    expect(r.changed).toBe(true);
    expect(normalizeSql(r.sql)).toBe(
      normalizeSql(
        "select regexp_matches(a, 'x'), regexp_matches(a, 'x', 'i'), NOT regexp_matches(a, 'x'), NOT regexp_matches(a, 'x', 'i') from t where regexp_matches(b, '^y')",
      ),
    );
  });

  it('leaves other operators and statements alone', () => {
    expect(rewrite("select a = 'x', a like 'x%' from t").changed).toBe(false);
  });
});
