import { PgError, pgErrors } from '../errors/index.js';

/** The error a cancelled embed rejects with: the signal's reason when it is a PgError, else 57014. */
export function cancelError(signal: AbortSignal): PgError {
  return signal.reason instanceof PgError ? signal.reason : pgErrors.canceled();
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelError(signal);
}

/** Wait `ms`, or reject at once with the cancel error when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
