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
  it('reads generate_series over constants from the streaming table macro, naming the one column after the alias or the function', () => {
    expect(rewrite('select * from generate_series(1, 3) as g(n)').sql).toBe(normalizeSql('select * from jammi_pg.main.generate_series(1, 3) AS g (n)'));
    expect(rewrite('select x from generate_series(1, $1) x').sql).toBe(normalizeSql('select x from jammi_pg.main.generate_series(1, $1) AS x (x)'));
    expect(rewrite("select * from generate_series(now(), now() + '1 day', '1 hour')").sql).toBe(
      normalizeSql("select * from jammi_pg.main.generate_series(now(), now() + '1 day', '1 hour') AS generate_series (generate_series)"),
    );
    expect(rewrite('select * from unnest(a) with ordinality u').sql).toBe(normalizeSql('select * from unnest(a) WITH ORDINALITY AS u (u)'));
  });

  it('unnests the list macro in FROM when an argument reads a column or with ordinality', () => {
    expect(rewrite('select * from t, generate_series(1, t.n) g').sql).toBe(normalizeSql('select * from t, unnest(jammi_pg.main.generate_series(1, t.n)) AS g (g)'));
    expect(rewrite('select * from generate_series(1, 3) with ordinality g(n, i)').sql).toBe(
      normalizeSql('select * from unnest(jammi_pg.main.generate_series(1, 3)) WITH ORDINALITY AS g (n, i)'),
    );
    expect(rewrite("select * from regexp_split_to_table('a b', ' ') r").sql).toBe(normalizeSql("select * from unnest(jammi_pg.main.regexp_split_to_table('a b', ' ')) AS r (r)"));
  });

  it('zips a multi-argument unnest in FROM through select-list unnests', () => {
    expect(rewrite('select * from unnest(a, b) as t(x, y)').sql).toBe(normalizeSql('select * from LATERAL (SELECT unnest(a) AS unnest, unnest(b) AS unnest) AS t (x, y)'));
    expect(rewrite('select * from unnest(a, b) with ordinality as t(x, y, o)').sql).toBe(
      normalizeSql('select * from LATERAL (SELECT unnest(a) AS unnest, unnest(b) AS unnest, unnest(range(1, greatest(len(a), len(b)) + 1)) AS ordinality) AS t (x, y, o)'),
    );
  });

  it('expands SRFs in the select list into rows', () => {
    expect(rewrite('select generate_series(1, t.n) as generate_series from t').sql).toBe(
      normalizeSql('select unnest(jammi_pg.main.generate_series(1, t.n)) AS generate_series from t'),
    );
    expect(rewrite("select regexp_split_to_table(s, ' ') as r from t").sql).toBe(normalizeSql("select unnest(jammi_pg.main.regexp_split_to_table(s, ' ')) AS r from t"));
    expect(rewrite('select generate_series(1, 2) as a, generate_series(1, 3) as b').sql).toBe(
      normalizeSql('select unnest(jammi_pg.main.generate_series(1, 2)) AS a, unnest(jammi_pg.main.generate_series(1, 3)) AS b'),
    );
    expect(rewrite('select count(*) as c, generate_series(1, 3) as g').sql).toBe(normalizeSql('select count(*) AS c, unnest(jammi_pg.main.generate_series(1, 3)) AS g'));
  });

  it('moves a lone generate_series over constants in a select list without FROM to FROM, where it streams', () => {
    expect(rewrite('select generate_series(1, 3) as generate_series').sql).toBe(
      normalizeSql('select jammi_srf.v AS generate_series from jammi_pg.main.generate_series(1, 3) AS jammi_srf (v)'),
    );
    expect(rewrite("select generate_series(1, 3)::text || 'x' as y order by 1 desc").sql).toBe(
      normalizeSql("select jammi_srf.v::text || 'x' AS y from jammi_pg.main.generate_series(1, 3) AS jammi_srf (v) order by 1 desc"),
    );
    expect(rewrite('select n from (select generate_series(1, 3) + 10 as n) s').sql).toBe(
      normalizeSql('select n from (select jammi_srf.v + 10 AS n from jammi_pg.main.generate_series(1, 3) AS jammi_srf (v)) AS s'),
    );
  });

  it('leaves other FROM functions and an aliased unnest alone', () => {
    expect(rewrite("select * from read_csv('x.csv') c").changed).toBe(false);
    expect(rewrite('select * from unnest(a) as u(v)').changed).toBe(false);
  });
});
