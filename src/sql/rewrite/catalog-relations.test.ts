import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteCatalogRelations } from './catalog-relations.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewriteCatalogRelations, sql);

describe('rewriteCatalogRelations', () => {
  it('points pg_catalog relations, qualified or not, and information_schema at the emulated catalog', () => {
    expect(rw('SELECT relname FROM pg_catalog.pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace').sql).toBe(
      'SELECT relname FROM jammi_pgcat.main.pg_class AS c JOIN jammi_pgcat.main.pg_namespace AS n ON n.oid = c.relnamespace',
    );
    expect(rw('SELECT table_name FROM information_schema.tables').sql).toBe('SELECT table_name FROM jammi_pgcat.info.tables');
  });

  it('leaves CTEs, user tables, unknown pg_ names and information_schema names without the schema alone', () => {
    expect(rw('WITH pg_class AS (SELECT 1 AS oid) SELECT oid FROM pg_class').changed).toBe(false);
    expect(rw('SELECT * FROM pg_nothing').changed).toBe(false);
    expect(rw('SELECT * FROM tables').changed).toBe(false);
    expect(rw('SELECT * FROM public.pg_class').changed).toBe(false);
  });

  it("turns a catalog table's tableoid into the table's OID in PostgreSQL 15", () => {
    expect(rw('SELECT pgc.tableoid, pgc.conname FROM pg_catalog.pg_constraint pgc').sql).toBe('SELECT 2606, pgc.conname FROM jammi_pgcat.main.pg_constraint AS pgc');
  });
});
