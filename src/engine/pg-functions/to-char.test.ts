import { describe, expect, it } from 'vitest';
import { formatNumber } from './to-char-number.js';
import { formatDateTime, intervalFields, timestampFields } from './to-char-datetime.js';
import { zoneAbbreviation } from './to-char.js';

/** Expected values are PostgreSQL 15's output (lc_numeric C). */
describe('to_char numbers', () => {
  const cases: [string, string, string][] = [
    ['0', '999', '   0'], ['0.5', '9.99', '  .50'], ['-12.5', '999.9', ' -12.5'], ['12.5', '999.9', '  12.5'],
    ['1234.5', 'FM9999.00', '1234.50'], ['1', 'FM9.99', '1.'], ['-1', 'FM9.99', '-1.'], ['42', '0000', ' 0042'],
    ['-42', '0000', '-0042'], ['1234567.891', '9G999G999D99', ' 1,234,567.89'], ['99999999.99', '999G999D99', ' ###,###.##'],
    ['-2.75', '999G999D99', '      -2.75'], ['0', '999G999D99', '        .00'], ['1.5', 'FM9999990.00', '1.50'],
    ['-2.75', 'FM9999990.00', '-2.75'], ['0', 'FM9999990.00', '0.00'], ['12345', '999', ' ###'], ['12.345', '99.99', ' 12.35'],
    ['-12.3', 'S999.9', ' -12.3'], ['12.3', '999.9S', ' 12.3+'], ['12.3', '999.9MI', ' 12.3 '], ['-12.3', '999.9MI', ' 12.3-'],
    ['-12.3', '999.9PR', ' <12.3>'], ['12.3', '999.9PR', '  12.3 '], ['-0.5', '9.99', ' -.50'], ['1500', '9,999', ' 1,500'],
    ['150', '9,999', '   150'], ['150', 'FM9,999', '150'], ['5', '09', ' 05'], ['5', '90', '  5'], ['123.456', 'FM999.999', '123.456'],
    ['0.001', '0.9', ' 0.0'], ['10000000000', '9.99EEEE', ' 1.00e+10'], ['1234', 'L9999', '  1234'], ['3', 'FM9th', '3rd'],
    ['21', '99TH', ' 21ST'], ['12.5', 'SG999.9', '+ 12.5'], ['-12.5', 'FMS999.9', '-12.5'], ['0.5', 'FM0.99', '0.5'],
    ['0.5', '0.99', ' 0.50'], ['-0.5', 'FM9.99', '-.5'], ['12', 'FM999MI', '12'], ['-12', 'MI999', '- 12'], ['12', 'PL999', '+  12'],
    ['-5', 'FM999PR', '<5>'], ['7', '9 9', '   7'], ['12', '$999', '$  12'], ['2024', 'FM9,999th', '2,024th'], ['1.5', 'FM999', '2'],
    ['2.5', '9', ' 3'], ['-0.4', '9', ' 0'],
  ];
  it.each(cases)('to_char(%s, %s)', (v, f, expected) => {
    expect(formatNumber(v, f)).toBe(expected);
  });
});

describe('to_char timestamps and intervals', () => {
  const ts = (iso: string) => timestampFields(BigInt(Date.parse(iso + 'Z')) * 1000n);
  it('formats every common pattern', () => {
    const v = { ...ts('2024-01-05T00:30:05.123'), micros: 123456 };
    expect(formatDateTime('YYYY Y,YYY YYY YY Y IYYY IW ID IDDD CC J W WW Q RM rm HH HH12 AM am A.M. p.m. SSSS FF1 FF3 FF6 DDth Dth FMDDth bc AD', v)).toBe(
      '2024 2,024 024 24 4 2024 01 5 005 21 2460315 1 01 1 I    i    12 12 AM am A.M. a.m. 1805 1 123 123456 05th 6th 5th ad AD',
    );
    expect(formatDateTime('"quoted" YYYY\\"x MONTH|Month|month|MON|Mon|mon|DAY|Day|day|DY|Dy|dy|FMDAY|FMMonth|', ts('2024-01-05T13:30:05'))).toBe(
      'quoted 2024"x JANUARY  |January  |january  |JAN|Jan|jan|FRIDAY   |Friday   |friday   |FRI|Fri|fri|FRIDAY|January|',
    );
  });

  it('shows the zone of a timestamptz', () => {
    expect(formatDateTime('YYYY-MM-DD HH24:MI:SS TZ OF', { ...ts('2024-01-15T05:30:00'), offsetSec: -18000, zoneAbbrev: 'EST' })).toBe('2024-01-15 05:30:00 EST -05');
    expect(formatDateTime('TZ tz OF TZH:TZM', { ...ts('2024-01-15T05:30:00'), offsetSec: 19800, zoneAbbrev: 'IST' })).toBe('IST ist +05:30 +05:30');
  });

  it('formats intervals with total hours', () => {
    expect(formatDateTime('HH24:MI:SS', intervalFields(0, 0, -3n * 3600000000n))).toBe('-03:00:00');
    expect(formatDateTime('HH24:MI:SS DD', intervalFields(0, 1, 7384000000n))).toBe('02:03:04 01');
    expect(formatDateTime('YYYY MM DD HH24', intervalFields(14, 0, 0n))).toBe('0001 02 00 00');
    expect(formatDateTime('HH:MI HH12', intervalFields(0, 0, 97500000000n))).toBe('03:05 03');
  });
});

describe('to_char TZ abbreviations', () => {
  it('names a POSIX zone by its spec, a bare offset not at all, and a zone name by tzdata', () => {
    expect(zoneAbbreviation('UTC+3', 0, -10800)).toBe('UTC');
    expect(zoneAbbreviation('<+03>-3', 0, 10800)).toBe('+03');
    expect(zoneAbbreviation('+05:30', 0, -19800)).toBe('');
    expect(zoneAbbreviation('America/New_York', Date.UTC(2024, 0, 15), -18000)).toBe('EST');
  });
});
