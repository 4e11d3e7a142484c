import type { PgFunctionSet } from './index.js';

/**
 * Typed identity macros around WHERE / HAVING / JOIN ON conditions: DuckDB casts an integer
 * or text condition to boolean, Postgres refuses it (42804). A BOOLEAN-typed parameter makes
 * DuckDB refuse it too, at bind time; for a boolean argument the macro is the argument itself.
 */
export const conditionFunctions: PgFunctionSet = {
  macros: ['where', 'having', 'join'].map((clause) => `CREATE MACRO {schema}.${clause}_condition(condition BOOLEAN) AS condition`),
};
