import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteRegexpMatch } from './regexp-match.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteRegexpMatch', () => {
  it('lists the groups of the first match (or the whole match), NULL without a match', () => {
    expect(run(rewriteRegexpMatch, "select regexp_match(a, '(x)(y)'), regexp_match(a, 'b.', 'i') from t").sql).toBe(
      normalizeSql(
        "select case when regexp_matches(a, '(x)(y)') then list_value(regexp_extract(a, '(x)(y)', 1), regexp_extract(a, '(x)(y)', 2)) end, " +
          "case when regexp_matches(a, 'b.', 'i') then list_value(regexp_extract(a, 'b.', 0, 'i')) end from t",
      ),
    );
  });

  it('leaves a pattern that is not a constant, or flags DuckDB lacks, alone', () => {
    expect(run(rewriteRegexpMatch, "select regexp_match(a, b), regexp_match(a, 'x', 'n') from t").changed).toBe(false);
  });
});
