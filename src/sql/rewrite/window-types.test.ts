import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteWindowTypes } from './window-types.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => {
  const r = rewriteWindowTypes(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: deparseSync(r.stmt, { pretty: false }), changed: r.changed };
};

describe('rewriteWindowTypes', () => {
  it('casts ntile() to integer, wherever it appears', () => {
    expect(normalizeSql(rewrite('select ntile(4) over (order by x) as q from t order by ntile(2) over (order by x)').sql)).toBe(
      normalizeSql('select (ntile(4) over (order by x))::int4 as q from t order by (ntile(2) over (order by x))::int4'),
    );
  });

  it('leaves other window functions and a plain ntile() call alone', () => {
    expect(rewrite('select row_number() over (), rank() over (order by x), ntile(2) from t').changed).toBe(false);
  });
});
