import type { EngineConnection } from '../engine/index.js';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import type { Route } from '../sql/index.js';

/**
 * DuckDB's message when it cannot pick one of a typed macro's overloads. jammi's
 * compatibility macros (sum, avg, `/`, `::numeric`, …) have typed overloads, and an argument
 * that fails to bind (a misspelt column) reaches them typed UNKNOWN, which ties every
 * overload: the real error is hidden behind this one.
 */
const overloadTie = /^Binder Error: Macro \S+\(\) has multiple overloads that match/;

/** Errors of the user's own making that the plain statement reveals. */
const revealed = new Set<string>([SqlStates.undefined_column, SqlStates.undefined_table, SqlStates.ambiguous_column, SqlStates.grouping_error, SqlStates.invalid_column_reference]);

/**
 * Bring out the error an overload tie hides: prepare the statement with only its names
 * resolved (no compatibility rewrites) and report that statement's error when it is the
 * user's (an unknown or ambiguous column, a grouping error). Otherwise the call really is
 * ambiguous: 42725, as Postgres reports a call it cannot resolve.
 */
export async function revealOverloadError(err: unknown, route: Extract<Route, { kind: 'duckdb' }>, conn: EngineConnection): Promise<unknown> {
  const message = err instanceof Error ? err.message : String(err);
  if (!route.diagnose || !overloadTie.test(message)) return err;
  try {
    const plain = await conn.prepare(route.diagnose());
    plain.close();
  } catch (e) {
    const mapped = toPgError(e);
    if (revealed.has(mapped.code)) return mapped;
  }
  return new PgError(SqlStates.ambiguous_function, 'could not choose a function for the given argument types', {
    hint: 'You might need to add explicit type casts.',
  });
}
