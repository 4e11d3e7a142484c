import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteDatetimeLiterals } from './datetime-literals.js';
import { rewriteDatetimeMinus } from './datetime-minus.js';
import { rewriteTimeCasts } from './time-casts.js';
import type { Rewrite } from './rewrite.types.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (r: Rewrite, sql: string) => applyRewrite(r, sql);

describe('date/time literals read as Postgres (DateStyle ISO, MDY)', () => {
  it('rewrites the literal inside its cast', () => {
    expect(rewrite(rewriteDatetimeLiterals, "select date '03/15/2024', '12:00+02'::timetz").sql).toBe(normalizeSql("select date '2024-03-15', '12:00:00+02'::timetz"));
  });
});

describe('rewriteDatetimeMinus and rewriteTimeCasts', () => {
  it('routes a subtraction with a visible date or time', () => {
    expect(rewrite(rewriteDatetimeMinus, "select d - date '2024-01-01', current_date - d, a - b from t").sql).toBe(
      normalizeSql("select jammi_pg.main.datetime_minus(d, date '2024-01-01'), jammi_pg.main.datetime_minus(current_date, d), a - b from t"),
    );
  });

  it('routes casts to time of expressions, not of literals', () => {
    expect(rewrite(rewriteTimeCasts, "select tz::time, '10:00'::time from t").sql).toBe(normalizeSql("select jammi_pg.main.time_cast(tz), '10:00'::time from t"));
  });
});
