/** One observed value of a client scenario; compared between PostgreSQL and jammi. */
export interface Check {
  scenario: string;
  check: string;
  value: unknown;
}

/** Collects checks for one scenario module. */
export class Checks {
  readonly list: Check[] = [];
  add(scenario: string, check: string, value: unknown): void {
    this.list.push({ scenario, check, value: normalize(value) });
  }

  /**
   * One step whose failure is itself the observation: its value (passed through `view`) is the
   * check, or `{ error: SQLSTATE }` when it fails, and the scenario goes on, so one failing step
   * does not hide the checks after it. Returns the value, or undefined after a failure.
   */
  async attempt<T>(scenario: string, check: string, body: () => Promise<T>, view: (value: T) => unknown = (v) => v): Promise<T | undefined> {
    try {
      const value = await body();
      this.add(scenario, check, view(value));
      return value;
    } catch (e) {
      this.add(scenario, check, { error: errorShape(e).code });
      return undefined;
    }
  }

  /** Run a scenario body; a failure carries the checks made before it (as `partialChecks`). */
  async collect(body: () => Promise<void>): Promise<Check[]> {
    try {
      await body();
    } catch (e) {
      if (e && typeof e === 'object') Object.assign(e, { partialChecks: this.list });
      throw e;
    }
    return this.list;
  }
}

/** The checks a failed scenario made before failing (see Checks.collect). */
export function partialChecks(e: unknown): Check[] {
  const p = (e as { partialChecks?: Check[] } | null)?.partialChecks;
  return Array.isArray(p) ? p : [];
}

/** JSON-shaped copy of a value (Dates as ISO strings, Buffers as hex, undefined dropped). */
function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (Buffer.isBuffer(value)) return `Buffer(${value.toString('hex')})`;
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalize(v);
    return out;
  }
  return value;
}

/** A copy of `row` without the named keys (non-deterministic columns such as timestamps). */
export function omit<T extends object>(row: T, ...keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!keys.includes(k)) out[k] = v;
  return out as Partial<T>;
}

/** What an error looked like: its SQLSTATE and message (for checks that expect an error). */
export function errorShape(e: unknown): { code: unknown; message: string } {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = err?.code ?? err?.cause?.code ?? null;
  const message = String(err?.cause?.message ?? err?.message ?? e);
  return { code, message };
}
