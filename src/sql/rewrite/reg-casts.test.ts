import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteRegCasts } from './reg-casts.js';

beforeAll(async () => {
  await initParser();
});

const rw = (sql: string) => applyRewrite(rewriteRegCasts, sql);
const c = 'jammi_pgcat.main.';

describe('rewriteRegCasts', () => {
  it('reads a name as its OID where the value is compared', () => {
    expect(rw("SELECT 1 FROM pg_description d WHERE d.classoid = 'pg_class'::regclass").sql).toBe(`SELECT 1 FROM pg_description AS d WHERE d.classoid = ${c}_regclass_in('pg_class')`);
    expect(rw("SELECT 1 WHERE t = 'int4'::regtype").sql).toBe(`SELECT 1 WHERE t = ${c}_regtype_in('int4')`);
  });

  it('prints an OID as its name as an output column and under a text cast', () => {
    expect(rw('SELECT c.oid::regclass FROM pg_class c').sql).toBe(`SELECT ${c}_regclass_out(CAST(c.oid AS bigint)) FROM pg_class AS c`);
    expect(rw('SELECT 1 WHERE x = c.reloftype::regtype::text').sql).toBe(`SELECT 1 WHERE x = (${c}_regtype_out(CAST(c.reloftype AS bigint)))::text`);
    expect(rw("SELECT 't'::regclass").sql).toBe(`SELECT ${c}_regclass_out(${c}_regclass_in('t'))`);
  });

  it('keeps the OID under an oid cast, and regproc values as names', () => {
    expect(rw("SELECT pg_get_serial_sequence('t', 'id')::regclass::oid").sql).toBe(`SELECT CAST(${c}_regclass_in(pg_get_serial_sequence('t', 'id')) AS oid)`);
    expect(rw("SELECT 1 FROM pg_type WHERE typinput = 'pg_catalog.array_in'::regproc").sql).toBe(`SELECT 1 FROM pg_type WHERE typinput = ${c}_regproc_name('pg_catalog.array_in')`);
  });
});
