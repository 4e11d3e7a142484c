import { describe, expect, it } from 'vitest';
import { captureGroupCount, similarToRegex } from './regex-patterns.js';

describe('similarToRegex', () => {
  it('translates SQL patterns as Postgres does', () => {
    expect(similarToRegex('a%b_c')).toBe('(?s)^(?:a.*b.c)$');
    expect(similarToRegex('(a|b)*.$^')).toBe('(?s)^(?:(?:a|b)*\\.\\$\\^)$');
    expect(similarToRegex('[%_]x')).toBe('(?s)^(?:[%_]x)$');
    expect(similarToRegex('a\\%')).toBe('(?s)^(?:a\\%)$');
    expect(similarToRegex('a#_', '#')).toBe('(?s)^(?:a\\_)$');
    expect(similarToRegex('a\\b', '')).toBe('(?s)^(?:a\\\\b)$');
  });

  it('refuses what Postgres refuses', () => {
    expect(similarToRegex('a\\')).toBeNull();
    expect(similarToRegex('a', '##')).toBeNull();
  });
});

describe('captureGroupCount', () => {
  it('counts capturing groups only', () => {
    expect(captureGroupCount('(a)(?:b)\\(c[(]')).toBe(1);
    expect(captureGroupCount('[]()](x)')).toBe(1);
    expect(captureGroupCount('abc')).toBe(0);
  });
});
