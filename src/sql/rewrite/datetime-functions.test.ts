import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteDatetimeFunctions } from './datetime-functions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteDatetimeFunctions, sql);

describe('rewriteDatetimeFunctions', () => {
  it('routes Postgres date/time functions to their compatibility functions', () => {
    expect(rewrite("select to_char(ts, 'YYYY'), pg_catalog.date_trunc('day', d) from t").sql).toBe(
      normalizeSql("select jammi_pg.main.to_char(ts, 'YYYY'), jammi_pg.main.date_trunc('day', d) from t"),
    );
    expect(rewrite('select make_interval(days => 3)').sql).toBe(normalizeSql('select jammi_pg.main.make_interval(days => 3)'));
  });

  it('turns OVERLAPS syntax into a call', () => {
    expect(rewrite('select (a, b) overlaps (c, d) from t').sql).toBe(normalizeSql('select jammi_pg.main.overlaps(a, b, c, d) from t'));
  });

  it('leaves other functions and other schemas alone', () => {
    expect(rewrite('select myschema.to_char(x), now()').changed).toBe(false);
  });
});
