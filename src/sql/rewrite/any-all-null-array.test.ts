import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteAnyAllNullArray } from './any-all-null-array.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => {
  const r = rewriteAnyAllNullArray(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteAnyAllNullArray', () => {
  it('makes ANY/ALL over a possibly NULL array NULL for a NULL array', () => {
    expect(rewrite('select 1 = ANY(ia) as a from t').sql).toBe(normalizeSql('select CASE WHEN ia IS NULL THEN NULL WHEN list_contains(ia, 1) THEN true WHEN 1 IS NULL AND len(ia) > 0 THEN NULL WHEN list_count(ia) < len(ia) THEN NULL ELSE false END AS a from t'));
    expect(rewrite('select * from t where x < ALL(ia)').sql).toBe(normalizeSql('select * from t where CASE WHEN ia IS NULL THEN NULL ELSE x < ALL (ia) END'));
  });

  it('leaves arrays that cannot be NULL, parameters and subqueries alone', () => {
    expect(rewrite("select 1 = ANY(ARRAY[1, 2]), 2 = ANY('{1,2}'::int[])").changed).toBe(false);
    expect(rewrite("select * from t where id = ANY($2::int[]) or 'a' = ANY('{a}')").changed).toBe(false);
    expect(rewrite('select 1 = ANY(select x from t)').changed).toBe(false);
  });

  it('types an untyped parameter by the other operand, leaving a parameter against a parameter alone', () => {
    expect(rewrite('select * from t where id = ANY($1)').sql).toBe(normalizeSql('select * from t where id = ANY (CASE WHEN false THEN ARRAY[id] ELSE $1 END)'));
    expect(rewrite('select $1 = ANY($2)').changed).toBe(false);
  });
});
