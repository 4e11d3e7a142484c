import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteSimilarTo } from './similar-to.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteSimilarTo', () => {
  it('matches the whole string with the regex Postgres builds from the pattern', () => {
    const r = run(rewriteSimilarTo, "select a similar to 'x%(b|c)_.', a not similar to 'y#%' escape '#' from t");
    expect(r.changed).toBe(true);
    expect(r.sql).toBe(
      normalizeSql("select regexp_full_match(a, '(?s)^(?:x.*(?:b|c).\\.)$'), NOT regexp_full_match(a, '(?s)^(?:y\\%)$') from t"),
    );
  });

  it('leaves a pattern that is not a constant alone', () => {
    expect(run(rewriteSimilarTo, 'select a similar to b from t').changed).toBe(false);
  });
});
