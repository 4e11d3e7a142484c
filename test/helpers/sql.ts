/**
 * Helpers for unit tests of src/sql: a fake NameResolver and SQL normalisation through the
 * real Postgres parser and pgsql-deparser (so goldens compare structure, not spelling).
 */
import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { PgError } from '../../src/errors/index.js';
import { parseStatements, type NameResolver, type ResolvedSystemTable, type Route } from '../../src/sql/index.js';
import type { Rewrite } from '../../src/sql/rewrite/index.js';
import { catalogRelation } from '../../src/pg-catalog/index.js';

/** The one system table the fake knows: `_jammi_sources` with three typed columns and one row. */
export const fakeSourcesTable: ResolvedSystemTable = {
  columns: [
    { name: 'source_id', type: 'TEXT' },
    { name: 'tables', type: 'TEXT[]' },
    { name: 'n', type: 'INTEGER' },
  ],
  rows: () => [['trips', ['trips'], 3]],
};

/**
 * A resolver that knows one source, `trips`, with one table `trips` (in DuckDB at
 * jammi_sources.trips.trips), and one system table `_jammi_sources`.
 */
export function fakeResolver(): NameResolver & { systemTableCalls: number } {
  const r = {
    systemTableCalls: 0,
    sourceTable(schema: string, table: string) {
      if (schema !== 'trips') return null;
      if (table !== 'trips') throw new PgError('42P01', `relation "${schema}.${table}" does not exist`);
      return { catalog: 'jammi_sources', schema: 'trips', table: 'trips' };
    },
    isSource: (schema: string) => schema === 'trips',
    versionString: () => 'PostgreSQL 15.20 (jammi test)',
    writableTable: () => null,
    // The emulated catalog's relations are data generated from PostgreSQL, not a fake.
    catalogRelation(schema: 'pg_catalog' | 'information_schema', name: string) {
      return catalogRelation(schema, name)?.columns.map((c) => ({ name: c.name, oid: c.oid, typmod: c.typmod })) ?? null;
    },
    systemTable(name: string) {
      r.systemTableCalls++;
      return name === '_jammi_sources' ? fakeSourcesTable : null;
    },
  };
  return r;
}

/** Parse and deparse: two texts with the same parse tree normalise to the same string. */
export function normalizeSql(sql: string): string {
  return deparseSync(parseSync(sql), { pretty: false });
}

/** The SQL a duckdb route sends (calling it when it is built per execution). */
export function routeSql(route: Route): string {
  if (route.kind !== 'duckdb') throw new Error(`expected a duckdb route, got ${route.kind}`);
  return typeof route.sql === 'function' ? route.sql() : route.sql;
}

/** Run one rewrite on the first statement of `sql`; the result's SQL is normalised for goldens. */
export function applyRewrite(rewrite: Rewrite, sql: string): { sql: string; changed: boolean } {
  const r = rewrite(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });
  return { sql: normalizeSql(deparseSync(r.stmt, { pretty: false })), changed: r.changed };
}
