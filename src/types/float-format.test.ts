import { describe, expect, it } from 'vitest';
import { formatFloat4, formatFloat8 } from './float-format.js';

// Every expected string below was observed on PostgreSQL 15.20 (Debian 15.20-0+deb12u1) with
// `SET extra_float_digits = N; SELECT '<input>'::float8::text` (resp. ::float4).
// Inputs are the literal texts given to Postgres; JS parses them the same way.

const f8 = (s: string) => Number(s); // Number() reads 'NaN', 'Infinity' and '-0' as Postgres does
const f4 = (s: string) => Math.fround(f8(s));

describe('formatFloat8, extra_float_digits = 1 (shortest round-trip, PG 15.20)', () => {
  const cases: [string, string][] = [
    ['0.1', '0.1'],
    ['1e15', '1e+15'],
    ['1e16', '1e+16'],
    ['123456789012345678', '1.2345678901234568e+17'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['1.5e-7', '1.5e-07'],
    ['-0', '-0'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['123.456', '123.456'],
    ['1e100', '1e+100'],
    ['-2.5e-300', '-2.5e-300'],
    ['0.3', '0.3'],
    ['100', '100'],
    ['1e14', '100000000000000'],
    ['999999999999999', '999999999999999'],
    ['5e-324', '5e-324'],
    ['1.7976931348623157e308', '1.7976931348623157e+308'],
    ['12345678901234.5', '12345678901234.5'],
    ['0.1234567890123456789', '0.12345678901234568'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(formatFloat8(f8(input), 1)).toBe(expected);
  });

  it('prints fixed-notation values as the exponential path would lay them out', () => {
    // Random doubles across the fixed-notation range and its edges, against layout of toExponential().
    const layoutOf = (v: number) => {
      const [m, e] = v.toExponential().split('e');
      const e10 = Number(e);
      const digits = m.replace('-', '').replace('.', '');
      const sign = v < 0 ? '-' : '';
      if (e10 < 0) return `${sign}0.${'0'.repeat(-e10 - 1)}${digits}`;
      if (digits.length <= e10 + 1) return `${sign}${digits}${'0'.repeat(e10 + 1 - digits.length)}`;
      return `${sign}${digits.slice(0, e10 + 1)}.${digits.slice(e10 + 1)}`;
    };
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      const v = (rand() < 0.5 ? -1 : 1) * 10 ** (rand() * 19 - 4) * (1 + rand());
      if (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4) continue;
      expect(formatFloat8(v, 1)).toBe(layoutOf(v));
    }
    for (const v of [1e-4, 0.00010000000000000002, 999999999999999.9, 1e15 - 0.125, 0.5, 1, 2 ** 40]) expect(formatFloat8(v, 1)).toBe(layoutOf(v));
  });

  it('defaults to extra_float_digits 1', () => {
    expect(formatFloat8(f8('123456789012345678'))).toBe('1.2345678901234568e+17');
  });

  it('0 is "0" and any positive extra_float_digits behaves like 1', () => {
    expect(formatFloat8(0, 1)).toBe('0');
    expect(formatFloat8(0.1 + 0.2, 3)).toBe('0.30000000000000004');
  });
});

describe('formatFloat8, extra_float_digits = 0 (%.15g, PG 15.20)', () => {
  const cases: [string, string][] = [
    ['0.1', '0.1'],
    ['1e15', '1e+15'],
    ['1e16', '1e+16'],
    ['123456789012345678', '1.23456789012346e+17'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['1.5e-7', '1.5e-07'],
    ['-0', '-0'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['123.456', '123.456'],
    ['1e100', '1e+100'],
    ['0.3', '0.3'],
    ['100', '100'],
    ['1e14', '100000000000000'],
    ['999999999999999', '999999999999999'],
    ['12345678901234.5', '12345678901234.5'],
    ['0.1234567890123456789', '0.123456789012346'],
    ['1.0000000000000002', '1'],
    ['2.5e-300', '2.5e-300'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(formatFloat8(f8(input), 0)).toBe(expected);
  });
});

describe('formatFloat8, extra_float_digits = -3 (%.12g, PG 15.20)', () => {
  it.each([
    ['0.1', '0.1'],
    ['123.456789012345', '123.456789012'],
    ['1e15', '1e+15'],
    ['1e12', '1e+12'],
  ])('%s → %s', (input, expected) => {
    expect(formatFloat8(f8(input), -3)).toBe(expected);
  });
});

describe('formatFloat4, extra_float_digits = 1 (shortest round-trip, PG 15.20)', () => {
  const cases: [string, string][] = [
    ['3.4028235e38', '3.4028235e+38'],
    ['1e6', '1e+06'],
    ['100000', '100000'],
    ['0.1', '0.1'],
    ['-0', '-0'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['1.5e-7', '1.5e-07'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['123456.7', '123456.7'],
    ['1234567', '1.234567e+06'],
    ['16777216', '1.6777216e+07'],
    ['3.14159265', '3.1415927'],
    ['1e-45', '1e-45'],
    ['0.3', '0.3'],
    ['999999', '999999'],
    ['1e5', '100000'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(formatFloat4(f4(input), 1)).toBe(expected);
  });
});

describe('formatFloat4, extra_float_digits = 0 (%.6g, PG 15.20)', () => {
  const cases: [string, string][] = [
    ['3.4028235e38', '3.40282e+38'],
    ['1e6', '1e+06'],
    ['100000', '100000'],
    ['0.1', '0.1'],
    ['-0', '-0'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['1.5e-7', '1.5e-07'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['123456.7', '123457'],
    ['1234567', '1.23457e+06'],
    ['16777216', '1.67772e+07'],
    ['3.14159265', '3.14159'],
    ['0.3', '0.3'],
    ['999999', '999999'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(formatFloat4(f4(input), 0)).toBe(expected);
  });
});
