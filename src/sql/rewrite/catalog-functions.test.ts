import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteCatalogFunctions } from './catalog-functions.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewriteCatalogFunctions, sql);

describe('rewriteCatalogFunctions', () => {
  it('routes catalog functions, qualified or not, to the emulated catalog', () => {
    expect(rw('SELECT pg_catalog.format_type(atttypid, atttypmod), pg_table_is_visible(c.oid) FROM t').sql).toBe(
      'SELECT jammi_pgcat.main.format_type(atttypid, atttypmod), jammi_pgcat.main.pg_table_is_visible(c.oid) FROM t',
    );
    expect(rw('SELECT x FROM information_schema._pg_expandarray(a)').sql).toBe('SELECT x FROM jammi_pgcat.main._pg_expandarray(a)');
  });

  it('drops pg_catalog from other built-ins and leaves other schemas alone', () => {
    expect(rw('SELECT pg_catalog.lower(x), pg_catalog.array_to_string(a, \',\')').sql).toBe("SELECT lower(x), array_to_string(a, ',')");
    expect(rw('SELECT myschema.format_type(1, 2)').changed).toBe(false);
  });

  it('a set-returning catalog function in a select list becomes unnest of its list form', () => {
    expect(rw("SELECT 1 WHERE 5 IN (SELECT pg_catalog.pg_partition_ancestors('5') UNION ALL VALUES (1))").sql).toBe(
      "SELECT 1 WHERE 5 IN (SELECT unnest(jammi_pgcat.main._pg_partition_ancestors_list('5')) UNION ALL VALUES (1))",
    );
  });

  it('numbers the rows of a catalog table function WITH ORDINALITY itself', () => {
    expect(rw("SELECT a.relid, a.depth FROM pg_catalog.pg_partition_ancestors(t.r) WITH ORDINALITY AS a(relid, depth)").sql).toBe(
      'SELECT a.relid, a.depth FROM LATERAL ( SELECT *, row_number() OVER () FROM jammi_pgcat.main.pg_partition_ancestors(t.r) ) AS a(relid, depth)',
    );
  });
});
