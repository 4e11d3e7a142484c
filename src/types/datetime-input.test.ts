import { describe, expect, it } from 'vitest';
import { normalizeDatetimeLiteral, normalizeIntervalLiteral } from './datetime-input.js';

describe('date/time text input as Postgres reads it (DateStyle ISO, MDY)', () => {
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
});
