import { describe, expect, it } from 'vitest';
import { formatPg, initcap, quoteLiteralPg } from './text-format.js';

describe('formatPg', () => {
  it('formats as Postgres format()', () => {
    expect(formatPg('%s-%s', ['1', 'a'])).toBe('1-a');
    expect(formatPg('%I.%I', ['public', 'My Table'])).toBe('public."My Table"');
    expect(formatPg('%I %I', ['select', 'abc'])).toBe('"select" abc');
    expect(formatPg('%L, %L', ["it's", null])).toBe("'it''s', NULL");
    expect(formatPg('%2$s %1$s %s', ['a', 'b'])).toBe('b a b');
    expect(formatPg('%s|%-5s|%5s|%*s', [null, 'ab', 'cd', '3', 'x'])).toBe('|ab   |   cd|  x');
    expect(formatPg('100%%', [])).toBe('100%');
  });

  it('raises what Postgres raises', () => {
    expect(() => formatPg('%s %s', ['a'])).toThrow('too few arguments for format()');
    expect(() => formatPg('%d', ['1'])).toThrow('unrecognized format() type specifier "d"');
    expect(() => formatPg('%I', [null])).toThrow('null values cannot be formatted as an SQL identifier');
    expect(() => formatPg('abc%', [])).toThrow('unterminated format() type specifier');
  });
});

describe('initcap and quoteLiteralPg', () => {
  it('capitalize words and quote literals as Postgres', () => {
    expect(initcap("hELLO wORLD-foo_bar 3rd o'neil")).toBe("Hello World-Foo_Bar 3rd O'Neil");
    expect(quoteLiteralPg('a\\b')).toBe("E'a\\\\b'");
  });
});
