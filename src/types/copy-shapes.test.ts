import { describe, expect, it } from 'vitest';
import { plainShape } from './copy-shapes.js';

const col = (...values: string[]) => Buffer.from(values.join('\n'));
const N = Buffer.from('\\N');

describe('plain shapes of COPY columns', () => {
  it('accepts values DuckDB reads as Postgres does, and NULL', () => {
    expect(plainShape('int8', col('0', '-42', '\\N', '123456789012345678'), N)).toBe(true);
    expect(plainShape('int4', col('999999999', '-1'), N)).toBe(true);
    expect(plainShape('float8', col('1.5', '-0', '2e10', '3.25E-07', '10'), N)).toBe(true);
    expect(plainShape('timestamptz', col('2024-01-02 03:04:05', '2024-01-02 03:04:05.123456+02', '2024-01-02 03:04:05-07:30', '\\N'), N)).toBe(true);
    expect(plainShape('timestamp', col('2024-01-02 03:04:05.5'), N)).toBe(true);
    expect(plainShape('date', col('2024-02-29', ''), Buffer.alloc(0))).toBe(true);
  });

  it('leaves everything else to the Postgres input macros', () => {
    for (const [kind, v] of [
      ['int8', '1234567890123456789'],
      ['int4', '1e3'],
      ['int4', ' 1'],
      ['int2', '+1'],
      ['int2', '40000'],
      ['float8', '.5'],
      ['float8', '1e400'],
      ['float8', 'NaN'],
      ['timestamptz', '2024-01-02T03:04:05'],
      ['timestamptz', '2024-01-02 03:04:05+5'],
      ['timestamptz', '2024-01-02 03:04:05.1234567'],
      ['timestamp', '2024-01-02 03:04:05+02'],
      ['date', '2024-1-02'],
      ['text', 'x'],
      ['int8', '1\\x'],
    ] as const) {
      const ok = kind === 'date' ? '2024-01-02' : kind.startsWith('timestamp') ? '2024-01-02 03:04:05' : '1';
      expect(plainShape(kind, col(ok), N) || kind === 'text').toBe(true);
      expect({ kind, v, plain: plainShape(kind, col(ok, v), N) }).toEqual({ kind, v, plain: false });
    }
  });
});
