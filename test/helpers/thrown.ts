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

/** A server error's fields, as node-postgres reports them. */
export interface PgErrorFields {
  code: string;
  message: string;
  hint?: string;
  detail?: string;
  severity?: string;
}

/** Await a statement that must fail and return the error node-postgres raised (fails the test if it succeeds). */
export async function pgError(p: Promise<unknown>): Promise<PgErrorFields> {
  try {
    await p;
  } catch (e) {
    return e as PgErrorFields;
  }
  throw new Error('expected the statement to fail');
}
