import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteExtractFields } from './extract-fields.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteExtractFields, sql);

describe('rewriteExtractFields', () => {
  it('routes extract to numeric macros chosen by the field', () => {
    expect(rewrite('select extract(epoch from ts) from t').sql).toBe(normalizeSql('select jammi_pg.main.extract_epoch(ts) from t'));
    expect(rewrite('select extract(SECONDS from ts) from t').sql).toBe(normalizeSql('select jammi_pg.main.extract_second(ts) from t'));
    expect(rewrite('select extract(ms from ts) from t').sql).toBe(normalizeSql('select jammi_pg.main.extract_millisecond(ts) from t'));
    expect(rewrite('select extract(mon from d) from t').sql).toBe(normalizeSql("select jammi_pg.main.extract_int('month', d) from t"));
  });

  it('makes date_part the same value as float8', () => {
    expect(rewrite("select date_part('dow', d) from t").sql).toBe(normalizeSql("select jammi_pg.main.extract_int('dow', d)::pg_catalog.float8 from t"));
    expect(rewrite("select pg_catalog.date_part('second', tm) from t").sql).toBe(normalizeSql('select jammi_pg.main.extract_second(tm)::pg_catalog.float8 from t'));
  });

  it('leaves a non-constant or unknown field to the engine', () => {
    expect(rewrite('select date_part(f, d) from t').changed).toBe(false);
    expect(rewrite("select date_part('fortnight', d) from t").changed).toBe(false);
  });
});
