import { describe, expect, it } from 'vitest';
import { FETCH_ALL } from '../sql/index.js';
import { forwardStep } from './sql-cursors.js';

describe('forwardStep: FETCH and MOVE on a forward-only cursor', () => {
  it.each([
    ['forward', 3, 0, { skip: 0, take: 3 }],
    ['forward', FETCH_ALL, 5, { skip: 0, take: FETCH_ALL }],
    ['relative', 1, 2, { skip: 0, take: 1 }],
    ['relative', 4, 2, { skip: 3, take: 1 }],
    ['absolute', 10, 6, { skip: 3, take: 1 }],
    ['absolute', 7, 6, { skip: 0, take: 1 }],
  ] as const)('%s %i at row %i', (direction, count, position, step) => {
    expect(forwardStep(direction, count, position)).toEqual(step);
  });

  it.each([
    ['backward', 1, 3],
    ['forward', 0, 3],
    ['forward', -1, 3],
    ['relative', 0, 3],
    ['relative', -2, 3],
    ['absolute', 3, 3],
    ['absolute', -1, 3],
  ] as const)('%s %i at row %i moves back: 55000', (direction, count, position) => {
    expect(() => forwardStep(direction, count, position)).toThrowError(expect.objectContaining({ code: '55000', message: 'cursor can only scan forward' }));
  });
});
