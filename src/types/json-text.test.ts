import { describe, expect, it } from 'vitest';
import { jsonbNumber, JsonSyntaxError, normalizeJsonb, parseJson, quoteJsonString } from './json-text.js';

describe('normalizeJsonb', () => {
  it("prints jsonb's form: keys by length then bytes, last duplicate wins, one space after : and ,", () => {
    expect(normalizeJsonb('{"bb":1,  "a":[1,2], "c":{"y":1,"x":2}, "a":true}')).toBe('{"a": true, "c": {"x": 2, "y": 1}, "bb": 1}');
    expect(normalizeJsonb(' [ ] ')).toBe('[]');
    expect(normalizeJsonb('{}')).toBe('{}');
  });

  it('re-escapes strings as Postgres does: unicode escapes decoded, control characters as \\u00XX', () => {
    expect(normalizeJsonb('"\\u00e9\\/\\n\\u0001"')).toBe('"é/\\n\\u0001"');
    expect(quoteJsonString('a"b\\')).toBe('"a\\"b\\\\"');
  });

  it('rejects what is not JSON', () => {
    for (const bad of ['x', '{"a":}', '[1,]', '{"a":1} x', "'a'", '01']) expect(() => parseJson(bad)).toThrow(JsonSyntaxError);
  });
});

describe('jsonbNumber', () => {
  it('keeps a number as written unless it has an exponent, which numeric expands', () => {
    expect(jsonbNumber('1.50')).toBe('1.50');
    expect(jsonbNumber('2e2')).toBe('200');
    expect(jsonbNumber('1.50e1')).toBe('15.0');
    expect(jsonbNumber('15e-1')).toBe('1.5');
    expect(jsonbNumber('1E-3')).toBe('0.001');
    expect(jsonbNumber('-0')).toBe('0');
    expect(jsonbNumber('-0.0')).toBe('0.0');
    expect(jsonbNumber('-12')).toBe('-12');
  });
});

describe('parseJson', () => {
  it('records each value’s span, so json can return its input text', () => {
    const text = '{"a": {"b":  2} }';
    const root = parseJson(text);
    if (root.t !== 'object') throw new Error('not an object');
    const a = root.entries[0][1];
    expect(text.slice(a.start, a.end)).toBe('{"b":  2}');
  });
});
