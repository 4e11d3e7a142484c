/**
 * One entry of the differential suite: SQL a PostgreSQL user types, run against jammi and a
 * real PostgreSQL 15 by differential.test.ts, which compares column names, type OIDs,
 * typmods and the rows' text (for errors, only the SQLSTATE).
 *
 * status:
 * - 'match': jammi answers exactly as PostgreSQL does; any change is a regression.
 * - 'known-difference': jammi differs today; `note` says how (jammi first, then pg) and why.
 *   The test fails when such a query starts matching, so it can be promoted to 'match'.
 *   Every known difference is listed in docs/compatibility.md.
 *
 * Placeholders: `{trips}` and `{cities}` name the demo sources (`trips.trips` and
 * `cities.cities` in jammi, temp tables with the same rows in PostgreSQL). The dataset
 * tables of dataset.ts (`dt`, …) have the same names on both sides.
 */
export interface DifferentialQuery {
  sql: string;
  status: 'match' | 'known-difference';
  note?: string;
}

/** A behaviour area of Postgres semantics; the suite reports a pass rate per category. */
export interface Category {
  name: string;
  /** Compare type OIDs and typmods too (default true). */
  compareTypes?: boolean;
  queries: readonly DifferentialQuery[];
}

/** An entry on which jammi answers exactly as PostgreSQL. */
export const match = (sql: string): DifferentialQuery => ({ sql, status: 'match' });
/** An entry on which jammi is known to differ; the note says how and why. */
export const differs = (sql: string, note: string): DifferentialQuery => ({ sql, status: 'known-difference', note });
