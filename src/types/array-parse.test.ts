import { describe, expect, it } from 'vitest';
import { arrayTextDepth, MalformedArrayLiteral, parseArrayText } from './array-parse.js';

describe('parseArrayText', () => {
  it('reads elements, quoting, escapes and NULL as array_in does', () => {
    expect(parseArrayText('{1,2,3}')).toEqual(['1', '2', '3']);
    expect(parseArrayText('{a,"b c",NULL,"",null,"NULL"}')).toEqual(['a', 'b c', null, '', null, 'NULL']);
    expect(parseArrayText(String.raw`{ a b , "x\"y" ,\\,\NULL}`)).toEqual(['a b', 'x"y', '\\', 'NULL']);
    expect(parseArrayText('{}')).toEqual([]);
    expect(parseArrayText(' { } ')).toEqual([]);
  });

  it('reads sub-arrays as dimensions', () => {
    const m = parseArrayText('{{1,2},{3,4}}');
    expect(m).toEqual([['1', '2'], ['3', '4']]);
    expect(arrayTextDepth(m)).toBe(2);
    expect(arrayTextDepth(parseArrayText('{}'))).toBe(1);
  });

  it('rejects malformed input', () => {
    for (const bad of ['1,2', '{1,2', '{1,,2}', '{1,2}x', '{{1},{2,3}}', '{{1},2}', '{"a}', '[0:1]={1,2}']) {
      expect(() => parseArrayText(bad), bad).toThrow(MalformedArrayLiteral);
    }
  });
});
