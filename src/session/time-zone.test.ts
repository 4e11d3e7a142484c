import { describe, expect, it } from 'vitest';
import { parseFixedOffset } from '../types/datetime-format.js';
import { canonicalTimeZone, engineTimeZone } from './time-zone.js';

describe('canonicalTimeZone', () => {
  it('stores a bare number of hours east as Postgres does, a POSIX spec', () => {
    expect(canonicalTimeZone('-7')).toBe('<-07>+07');
    expect(canonicalTimeZone('5')).toBe('<+05>-05');
    expect(canonicalTimeZone('+5')).toBe('<+05>-05');
    expect(canonicalTimeZone('0')).toBe('<+00>-00');
  });

  it('gives a zone name its canonical case but keeps aliases and other spellings', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Calcutta');
    expect(canonicalTimeZone('UTC+3')).toBe('UTC+3');
    expect(canonicalTimeZone('+05:30')).toBe('+05:30');
    expect(canonicalTimeZone('EST5EDT')).toBe('EST5EDT');
  });
});

describe('parseFixedOffset', () => {
  it('reads POSIX specs and colon offsets as hours west, bare numbers as hours east (seconds east)', () => {
    expect(parseFixedOffset('UTC+3')).toBe(-3 * 3600);
    expect(parseFixedOffset('FOO-05:30')).toBe(5.5 * 3600);
    expect(parseFixedOffset('<+03>-3')).toBe(3 * 3600);
    expect(parseFixedOffset('<-07>+07')).toBe(-7 * 3600);
    expect(parseFixedOffset('+05:30')).toBe(-5.5 * 3600);
    expect(parseFixedOffset('-8')).toBe(-8 * 3600);
    expect(parseFixedOffset('America/New_York')).toBeNull();
    expect(parseFixedOffset('EST5EDT')).toBeNull();
  });
});

describe('engineTimeZone', () => {
  it('spells whole-hour offsets as the POSIX Etc/GMT zones DuckDB reads the same way', () => {
    expect(engineTimeZone('UTC+3')).toBe('Etc/GMT+3');
    expect(engineTimeZone('<-07>+07')).toBe('Etc/GMT+7');
    expect(engineTimeZone('<+05>-05')).toBe('Etc/GMT-5');
    expect(engineTimeZone('GMT+0')).toBe('UTC');
  });

  it('passes zone names through and has nothing for fractional offsets', () => {
    expect(engineTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(engineTimeZone('UTC')).toBe('UTC');
    expect(engineTimeZone('+05:30')).toBeNull();
  });
});
