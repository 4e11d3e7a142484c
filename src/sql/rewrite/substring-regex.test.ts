import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import type { Rewrite } from './rewrite.types.js';
import { rewriteSubstringRegex } from './substring-regex.js';

beforeAll(async () => {
  await initParser();
});

const run = (rw: Rewrite, sql: string) => {
  const r = rw(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false } as never);
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteSubstringRegex', () => {
  it('extracts the match, or the first group when there is one, NULL without a match', () => {
    expect(run(rewriteSubstringRegex, "select substring(a from 'o.b'), substring(a from '(o+)b') from t").sql).toBe(
      normalizeSql(
        "select case when regexp_matches(a, 'o.b') then regexp_extract(a, 'o.b', 0) end, case when regexp_matches(a, '(o+)b') then regexp_extract(a, '(o+)b', 1) end from t",
      ),
    );
  });

  it('leaves positional substring alone', () => {
    expect(run(rewriteSubstringRegex, 'select substring(a from 2 for 3), substring(a, 2) from t').changed).toBe(false);
  });
});
