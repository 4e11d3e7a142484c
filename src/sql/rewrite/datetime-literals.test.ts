import { beforeAll, describe, expect, it } from 'vitest';
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { normalizeDatetimeLiteral, normalizeIntervalLiteral, rewriteDatetimeLiterals } from './datetime-literals.js';
import { rewriteDatetimeMinus } from './datetime-minus.js';
import { rewriteTimeCasts } from './time-casts.js';
import type { Rewrite } from './rewrite.types.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (r: Rewrite, sql: string) => {
  const out = r(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(out.stmt, { pretty: false })), changed: out.changed };
};

describe('date/time literals read as Postgres (DateStyle ISO, MDY)', () => {
  it('re-spells dates in ISO form', () => {
    expect(normalizeDatetimeLiteral('date', '03/15/2024')).toBe('2024-03-15');
    expect(normalizeDatetimeLiteral('date', 'March 15, 2024')).toBe('2024-03-15');
    expect(normalizeDatetimeLiteral('date', '15-Mar-2024')).toBe('2024-03-15');
    expect(normalizeDatetimeLiteral('date', '20240315')).toBe('2024-03-15');
    expect(normalizeDatetimeLiteral('timestamp', '2024-03-15T13:45:30')).toBe('2024-03-15 13:45:30');
    expect(normalizeDatetimeLiteral('timestamptz', '03/15/2024 1:45 PM -05')).toBe('2024-03-15 13:45:00-05');
    expect(normalizeDatetimeLiteral('timetz', '12:00+02')).toBe('12:00:00+02');
  });

  it('leaves special values to the engine and refuses impossible dates with 22008', () => {
    expect(normalizeDatetimeLiteral('date', 'infinity')).toBeNull();
    expect(() => normalizeDatetimeLiteral('date', '2024-02-30')).toThrow(/out of range/);
  });

  it('re-spells interval forms DuckDB does not read', () => {
    expect(normalizeIntervalLiteral('1-2')).toBe('1 years 2 months');
    expect(normalizeIntervalLiteral('P1Y2M3DT4H5M6S')).toBe('1 years 2 months 3 days 4 hours 5 minutes 6 seconds');
    expect(normalizeIntervalLiteral('-1 year +3 days')).toBe('-1 year 3 days');
    expect(normalizeIntervalLiteral('1 day')).toBeNull();
  });

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
