import { describe, expect, it } from 'vitest';
import { jsonbText, parseJson } from '../../types/json-text.js';
import * as ops from './json-ops.js';

const j = parseJson;
const t = (s: string) => jsonbText(parseJson(s));

describe('json extraction', () => {
  it('slices json input text and prints jsonb normalised, with negative array positions from the end', () => {
    const d = ops.doc('{"a": [1,  {"b":  2}], "a2": "x"}');
    const a = ops.step(d.root, 'a')!;
    expect(ops.textOf(d, a, 'json')).toBe('[1,  {"b":  2}]');
    expect(ops.textOf(d, a, 'jsonb')).toBe('[1, {"b": 2}]');
    expect(ops.textOf(d, ops.step(a, -1)!, 'json')).toBe('{"b":  2}');
    expect(ops.unquotedText(d, ops.walk(d.root, ['a2']), 'json')).toBe('x');
    expect(ops.walk(d.root, ['a', 'x'])).toBeUndefined();
    expect(ops.unquotedText(d, ops.walk(d.root, ['a', '1', 'b']), 'json')).toBe('2');
  });

  it('reads text[] literals', () => {
    expect(ops.parseTextArray('{a,"b c",NULL,"NULL"}')).toEqual(['a', 'b c', null, 'NULL']);
    expect(ops.parseTextArray('{}')).toEqual([]);
  });
});

describe('jsonb operators', () => {
  it('@> follows containment rules: nested structure, arrays as sets, a top-level array holds a scalar', () => {
    expect(ops.contains(j('{"a": [1, 2], "b": 1}'), j('{"a": [2]}'))).toBe(true);
    expect(ops.contains(j('[1, [2]]'), j('[2]'))).toBe(false);
    expect(ops.contains(j('[1, 2]'), j('1'))).toBe(true);
    expect(ops.contains(j('{"a": 1.0}'), j('{"a": 1}'))).toBe(true);
  });

  it('? finds keys and string elements', () => {
    expect(ops.exists(j('{"a": 1}'), 'a')).toBe(true);
    expect(ops.exists(j('["a"]'), 'a')).toBe(true);
    expect(ops.exists(j('[1]'), '1')).toBe(false);
  });

  it('|| merges objects and concatenates everything else as arrays', () => {
    expect(jsonbText(ops.concat(j('{"a": 1}'), j('{"a": 2, "b": 3}')))).toBe('{"a": 2, "b": 3}');
    expect(jsonbText(ops.concat(j('{"a": 1}'), j('[2]')))).toBe('[{"a": 1}, 2]');
    expect(jsonbText(ops.concat(j('1'), j('2')))).toBe('[1, 2]');
  });

  it('- removes keys, string elements and positions, and refuses scalars', () => {
    expect(jsonbText(ops.remove(j('{"a": 1, "b": 2}'), 'a'))).toBe('{"b": 2}');
    expect(jsonbText(ops.remove(j('["a", "b"]'), 'a'))).toBe('["b"]');
    expect(jsonbText(ops.remove(j('[1, 2, 3]'), -1))).toBe('[1, 2]');
    expect(() => ops.remove(j('{"a": 1}'), 1)).toThrow('cannot delete from object using integer index');
    expect(() => ops.remove(j('1'), 'a')).toThrow('cannot delete from scalar');
  });
});

describe('jsonb_set, jsonb_insert, #-', () => {
  it('set replaces or adds, appending or prepending out-of-range positions', () => {
    expect(jsonbText(ops.setPath(j('{"a": {"b": 1}}'), ['a', 'c'], j('2'), true))).toBe('{"a": {"b": 1, "c": 2}}');
    expect(jsonbText(ops.setPath(j('[1, 2]'), ['5'], j('3'), true))).toBe('[1, 2, 3]');
    expect(jsonbText(ops.setPath(j('[1, 2]'), ['-5'], j('3'), true))).toBe('[3, 1, 2]');
    expect(jsonbText(ops.setPath(j('{"a": 1}'), ['b'], j('2'), false))).toBe('{"a": 1}');
  });

  it('insert goes before (or after) a position and refuses an existing key', () => {
    expect(jsonbText(ops.insertPath(j('[1, 2]'), ['0'], j('0'), true))).toBe('[1, 0, 2]');
    expect(jsonbText(ops.insertPath(j('[1, 2]'), ['0'], j('0'), false))).toBe('[0, 1, 2]');
    expect(() => ops.insertPath(j('{"a": 1}'), ['a'], j('0'), false)).toThrow('cannot replace existing key');
  });

  it('#- removes at a path', () => {
    expect(jsonbText(ops.removePath(j('{"a": {"b": 1, "c": 2}}'), ['a', 'b']))).toBe('{"a": {"c": 2}}');
  });
});

describe('inspection', () => {
  it('strips null fields, pretty-prints, and measures arrays only', () => {
    expect(jsonbText(ops.stripNulls(j('{"a": null, "b": [null, {"c": null}]}')))).toBe('{"b": [null, {}]}');
    expect(ops.pretty(j('{"a": 1, "b": [{}]}'))).toBe('{\n    "a": 1,\n    "b": [\n        {\n        }\n    ]\n}');
    expect(ops.arrayLength(j('[1, 2]'))).toBe(2);
    expect(() => ops.arrayLength(j('{}'))).toThrow('cannot get array length of a non-array');
    expect(t('{"b":1,"a":2}')).toBe('{"a": 2, "b": 1}');
  });
});
