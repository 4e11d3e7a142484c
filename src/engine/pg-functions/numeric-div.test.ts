import { describe, expect, it } from 'vitest';
import { type Decimal, numericDivTruncText, numericQuotientText, parseDecimal } from './numeric-div.js';

const dec = (s: string): Decimal => parseDecimal(s)!;
const numericDivText = (a: string, b: string) => numericQuotientText(dec(a), dec(b));

describe('numericQuotientText (results observed on PostgreSQL 15.20)', () => {
  it.each([
    ['1.0', '3', '0.33333333333333333333'],
    ['10', '4', '2.5000000000000000'],
    ['7', '3', '2.3333333333333333'],
    ['100000', '3.0', '33333.333333333333'],
    ['1', '7.0', '0.14285714285714285714'],
    ['10.0', '10', '1.00000000000000000000'],
    ['0.001', '3', '0.00033333333333333333'],
    ['1.50', '3', '0.50000000000000000000'],
    ['-2.75', '-20', '0.13750000000000000000'],
    ['-3', '4', '-0.75000000000000000000'],
    ['99999999.99', '2147483647', '0.04656612874780135637'],
    ['100', '2.5', '40.0000000000000000'],
    ['-200', '2.5', '-80.0000000000000000'],
    ['0', '5', '0.00000000000000000000'],
    ['2', '3', '0.66666666666666666667'],
    ['-2', '3', '-0.66666666666666666667'],
    ['32767', '6', '5461.1666666666666667'],
    ['9223372036854775714', '5', '1844674407370955143'],
  ])('%s / %s = %s', (a, b, q) => {
    expect(numericDivText(a, b)).toBe(q);
  });

  it('raises on division by zero', () => {
    expect(() => numericDivText('1', '0.00')).toThrow('division by zero');
  });

  it('div() truncates toward zero with scale 0', () => {
    expect(numericDivTruncText('7', '2')).toBe('3');
    expect(numericDivTruncText('-7.5', '2')).toBe('-3');
    expect(numericDivTruncText('1', '0.3')).toBe('3');
  });

  it('parses DuckDB decimal text', () => {
    expect(parseDecimal('-12.50')).toEqual({ unscaled: -1250n, scale: 2 });
    expect(parseDecimal('x')).toBeNull();
  });
});
