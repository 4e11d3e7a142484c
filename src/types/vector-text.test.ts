import { describe, expect, it } from 'vitest';
import { parseVectorText } from './vector-text.js';

describe('parseVectorText', () => {
  it('reads pgvector text, array text and DuckDB list text', () => {
    expect(Array.from(parseVectorText('[1, 2.5,-3e-1]')!)).toEqual([1, 2.5, Math.fround(-0.3)]);
    expect(Array.from(parseVectorText('{.5,2}')!)).toEqual([0.5, 2]);
    expect(Array.from(parseVectorText("['1.5', '2']")!)).toEqual([1.5, 2]);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '[]', '1,2', '[1,,2]', '[1,x]', '[1,2}', '[NaN]', '[1e999]', '[Infinity]']) expect(parseVectorText(bad)).toBeNull();
  });
});
