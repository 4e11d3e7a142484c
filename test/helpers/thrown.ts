import { expect } from 'vitest';

/** Run `fn` and return what it throws, checked to be an instance of `kind` (fails the test if nothing is thrown). */
export function thrown<T>(kind: abstract new (...args: never[]) => T, fn: () => unknown): T {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as T;
  }
  throw new Error(`expected a ${kind.name} to be thrown`);
}
