import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteSetReturningFunctions } from './set-returning-functions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => {
  const r = rewriteSetReturningFunctions(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteSetReturningFunctions', () => {
  it('unnests the list macro in FROM, naming the one column after the alias or the function', () => {
    expect(rewrite('select * from generate_series(1, 3) as g(n)').sql).toBe(normalizeSql('select * from unnest(jammi_pg.main.generate_series(1, 3)) AS g (n)'));
    expect(rewrite('select x from generate_series(1, 3) x').sql).toBe(normalizeSql('select x from unnest(jammi_pg.main.generate_series(1, 3)) AS x (x)'));
    expect(rewrite('select * from generate_series(1, 3)').sql).toBe(
      normalizeSql('select * from unnest(jammi_pg.main.generate_series(1, 3)) AS generate_series (generate_series)'),
    );
    expect(rewrite('select * from unnest(a) with ordinality u').sql).toBe(normalizeSql('select * from unnest(a) WITH ORDINALITY AS u (u)'));
  });

  it('zips a multi-argument unnest in FROM through select-list unnests', () => {
    expect(rewrite('select * from unnest(a, b) as t(x, y)').sql).toBe(normalizeSql('select * from LATERAL (SELECT unnest(a) AS unnest, unnest(b) AS unnest) AS t (x, y)'));
    expect(rewrite('select * from unnest(a, b) with ordinality as t(x, y, o)').sql).toBe(
      normalizeSql('select * from LATERAL (SELECT unnest(a) AS unnest, unnest(b) AS unnest, unnest(range(1, greatest(len(a), len(b)) + 1)) AS ordinality) AS t (x, y, o)'),
    );
  });

  it('expands SRFs in the select list into rows', () => {
    expect(rewrite('select generate_series(1, 3) as generate_series').sql).toBe(normalizeSql('select unnest(jammi_pg.main.generate_series(1, 3)) AS generate_series'));
    expect(rewrite("select regexp_split_to_table(s, ' ') as r from t").sql).toBe(normalizeSql("select unnest(jammi_pg.main.regexp_split_to_table(s, ' ')) AS r from t"));
  });

  it('leaves other FROM functions and an aliased unnest alone', () => {
    expect(rewrite("select * from read_csv('x.csv') c").changed).toBe(false);
    expect(rewrite('select * from unnest(a) as u(v)').changed).toBe(false);
  });
});
