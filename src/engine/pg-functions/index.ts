import type { DuckDBConnection } from '@duckdb/node-api';
import { datetimeFunctions } from './datetime.js';
import { toCharFunctions } from './to-char.js';
import { textFunctions } from './text.js';
import { castFunctions } from './casts.js';
import { datetimeInputFunctions } from './datetime-input.js';
import { arrayFunctions } from './arrays.js';
import { seriesFunctions } from './series.js';
import { jsonFunctions } from './json.js';
import { numericFunctions } from './numeric.js';
import { conditionFunctions } from './conditions.js';
import { copyFunctions } from './copy.js';

/**
 * jammi's Postgres-compatibility functions live in their own in-memory catalog, created at
 * every start: rewrites in src/sql call them by qualified name (`pgFunctionName('x')`), and
 * clients never see them (write-guard hides the catalog like the sources catalog).
 */
export const PG_FUNCTIONS_CATALOG = 'jammi_pg';
const SCHEMA = `${PG_FUNCTIONS_CATALOG}.main`;

/** The qualified name parts of a compatibility function, for a FuncCall's `funcname`. */
export function pgFunctionName(name: string): string[] {
  return [PG_FUNCTIONS_CATALOG, 'main', name];
}

/**
 * One area's functions: SQL macros (`CREATE MACRO {schema}.name(...) AS ...`, with `{schema}`
 * standing for the compatibility schema) and native scalar functions registered from JS.
 */
export interface PgFunctionSet {
  macros?: readonly string[];
  register?: (conn: DuckDBConnection, schema: string) => void;
}

/** Every area's set, installed in order (a later macro may call an earlier one). */
const sets: readonly PgFunctionSet[] = [datetimeFunctions, toCharFunctions, arrayFunctions, seriesFunctions, jsonFunctions, textFunctions, castFunctions, datetimeInputFunctions, numericFunctions, conditionFunctions, copyFunctions];

/** Create the compatibility catalog and install every function in it. */
export async function installPgFunctions(conn: DuckDBConnection): Promise<void> {
  await conn.run(`ATTACH ':memory:' AS ${PG_FUNCTIONS_CATALOG}`);
  for (const set of sets) {
    // Natives first: DuckDB binds a macro's body when it is created, and macros call natives.
    set.register?.(conn, SCHEMA);
    for (const sql of set.macros ?? []) await conn.run(sql.replaceAll('{schema}', SCHEMA));
  }
}
