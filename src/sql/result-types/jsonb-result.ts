import { PgOid } from '../../types/index.js';
import { isJsonbExpr } from '../json-kind.js';
import type { HintRule } from './result-types.types.js';

/**
 * A jsonb expression (a jsonb function, a jsonb operator over jsonb, `::jsonb`) is jsonb in
 * Postgres; DuckDB's value is JSON with jsonb's text, reported as json without this hint.
 */
export const jsonbResult: HintRule = (expr) => (isJsonbExpr(expr) ? { oid: PgOid.jsonb, typmod: -1 } : undefined);
