import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { rewriteCatalogVectors } from './catalog-vectors.js';

beforeAll(async () => {
  await initParser();
});

/** Statements as rewriteCatalogRelations leaves them: catalog relations in `jammi_pgcat.main`. */
const rewrite = (sql: string) => {
  const r = rewriteCatalogVectors(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
};

describe('rewriteCatalogVectors', () => {
  it('subscripts int2vector and oidvector columns from 0', () => {
    expect(rewrite('select ta.attname from jammi_pgcat.main.pg_attribute ta, jammi_pgcat.main.pg_index i where ta.attnum = i.indkey[ia.attnum - 1]').sql).toBe(
      normalizeSql('select ta.attname from jammi_pgcat.main.pg_attribute ta, jammi_pgcat.main.pg_index i where ta.attnum = i.indkey[ia.attnum - 1 + 1]'),
    );
    expect(rewrite('select proargtypes[0], indoption[1:2] from jammi_pgcat.main.pg_proc, jammi_pgcat.main.pg_index').sql).toBe(
      normalizeSql('select proargtypes[0 + 1], indoption[1 + 1:2 + 1] from jammi_pgcat.main.pg_proc, jammi_pgcat.main.pg_index'),
    );
  });

  it('prints a vector cast to text as space-separated elements', () => {
    expect(rewrite('select ix.indkey::varchar, ix.indoption::text as o from jammi_pgcat.main.pg_index ix').sql).toBe(
      normalizeSql("select array_to_string(ix.indkey, ' '), array_to_string(ix.indoption, ' ') as o from jammi_pgcat.main.pg_index ix"),
    );
  });

  it('counts generate_subscripts, array_lower and array_upper of a vector from 0', () => {
    expect(rewrite('select unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord from jammi_pgcat.main.pg_index ix').sql).toBe(
      normalizeSql('select unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) - 1 ord from jammi_pgcat.main.pg_index ix'),
    );
    expect(rewrite('select jammi_pgcat.main.array_upper(indkey, 1) from jammi_pgcat.main.pg_index').sql).toBe(normalizeSql('select jammi_pgcat.main.array_upper(indkey, 1) - 1 from jammi_pgcat.main.pg_index'));
  });

  it('leaves int2[] catalog columns, user tables and other aliases alone', () => {
    expect(rewrite('select conkey[1], conkey::text from jammi_pgcat.main.pg_constraint').changed).toBe(false);
    expect(rewrite('select indkey[1], indkey::text from t').changed).toBe(false);
    expect(rewrite('select t.indkey[1] from t, jammi_pgcat.main.pg_index i').changed).toBe(false);
  });
});
