import { describe, expect, it } from 'vitest';
import { numericBinary } from './binary-encode.js';
import { numericFromBinary } from './param-decode.js';

// [input text, Postgres's text output of ::numeric, hex of numeric_send(x::numeric)], all
// observed on PostgreSQL 15.20 with `select x::numeric::text, numeric_send(x::numeric)`.
const fromPg: [string, string, string][] = [
  ['0', '0', '0000000000000000'],
  ['1', '1', '00010000000000000001'],
  ['-1', '-1', '00010000400000000001'],
  ['0.0001', '0.0001', '0001ffff000000040001'],
  ['12345.6789', '12345.6789', '0003000100000004000109291a85'],
  ['100000000000000000000', '100000000000000000000', '00010005000000000001'],
  ['-123.450', '-123.450', '0002000040000003007b1194'],
  ['12345.678', '12345.678', '0003000100000003000109291a7c'],
  ['0.00001234', '0.00001234', '0001fffe0000000804d2'],
  ['10000', '10000', '00010001000000000001'],
  ['9999.9999', '9999.9999', '0002000000000004270f270f'],
  ['-0.00', '0.00', '0000000000000002'],
  ['1.50', '1.50', '000200000000000200011388'],
  ['100000000', '100000000', '00010002000000000001'],
  ['0.1', '0.1', '0001ffff0000000103e8'],
  ['123456789.123456789', '123456789.123456789', '0006000200000009000109291a8504d2162e2328'],
  ['0.000000001', '0.000000001', '0001fffd0000000903e8'],
  ['NaN', 'NaN', '00000000c0000000'],
];

describe('numericBinary matches numeric_send byte for byte (PG 15.20)', () => {
  it.each(fromPg)('%s', (input, _text, sendHex) => {
    expect(numericBinary(input).toString('hex')).toBe(sendHex);
  });

  it('±Infinity: same header and sign word as numeric_send', () => {
    // PG 15.20 sends d0000020 / f0000020: its dscale word for ±Infinity is an artifact of
    // reading the special header as a short-format dscale (32); receivers ignore it.
    expect(numericBinary('Infinity').subarray(0, 6).toString('hex')).toBe('00000000d000');
    expect(numericBinary('-Infinity').subarray(0, 6).toString('hex')).toBe('00000000f000');
    expect(numericBinary('inf').subarray(0, 6).toString('hex')).toBe('00000000d000');
  });

  it('leading zeros and a + sign do not change the encoding', () => {
    expect(numericBinary('+0012345.6789').toString('hex')).toBe('0003000100000004000109291a85');
    expect(numericBinary('  1.50  ').toString('hex')).toBe('000200000000000200011388');
  });
});

describe('numericFromBinary reads numeric_send output (PG 15.20)', () => {
  it.each(fromPg)('%s', (_input, text, sendHex) => {
    expect(numericFromBinary(Buffer.from(sendHex, 'hex'))).toBe(text);
  });

  it('±Infinity as PG sends them', () => {
    expect(numericFromBinary(Buffer.from('00000000d0000020', 'hex'))).toBe('Infinity');
    expect(numericFromBinary(Buffer.from('00000000f0000020', 'hex'))).toBe('-Infinity');
  });

  it('a header shorter than 8 bytes is 22P03', () => {
    expect(() => numericFromBinary(Buffer.from('000100', 'hex'))).toThrowError(expect.objectContaining({ code: '22P03' }));
  });

  it('fewer digit words than ndigits announces is 22P03', () => {
    expect(() => numericFromBinary(Buffer.from('0002000000000000' + '0001', 'hex'))).toThrowError(expect.objectContaining({ code: '22P03' }));
  });
});

describe('numericBinary → numericFromBinary round trip keeps value and scale', () => {
  it.each([
    '0',
    '1',
    '-1',
    '0.0001',
    '12345.6789',
    '100000000000000000000',
    '-123.450',
    '0.000',
    '1.000000',
    '-0.5',
    '99999999',
    '10000.0001',
    '0.00000000000000000001',
    '-98765432109876543210.0123456789',
    '3.14159265358979323846264338327950288',
    '7000',
    '7000.00',
  ])('%s', (text) => {
    expect(numericFromBinary(numericBinary(text))).toBe(text);
  });

  it('negative zero comes back as unsigned zero with its scale, as in Postgres', () => {
    expect(numericFromBinary(numericBinary('-0.00'))).toBe('0.00');
  });
});
