import { type AstNode, nameList } from '../ast.js';
import { PgOid } from '../../types/index.js';
import type { HintRule } from './result-types.types.js';

/** Postgres's `name[]` (current_schemas()). */
const NAME_ARRAY = 1003;

const nameValueFunctions = new Set(['SVFOP_CURRENT_USER', 'SVFOP_CURRENT_ROLE', 'SVFOP_USER', 'SVFOP_SESSION_USER', 'SVFOP_CURRENT_CATALOG', 'SVFOP_CURRENT_SCHEMA']);
const nameFunctions = new Set(['current_database', 'current_schema', 'current_user', 'session_user']);

/**
 * Session identity functions return Postgres's `name` type (`name[]` for current_schemas()),
 * which DuckDB, having only VARCHAR, reports as text.
 */
export const sessionNames: HintRule = (expr) => {
  if (nameValueFunctions.has(expr.SQLValueFunction?.op as string)) return { oid: PgOid.name };
  const f = expr.FuncCall;
  if (!f || f.over) return undefined;
  const names = nameList(f.funcname as AstNode[]);
  if (names.length > 2 || (names.length === 2 && names[0] !== 'pg_catalog')) return undefined;
  const fname = names[names.length - 1];
  if (nameFunctions.has(fname) && !f.args?.length) return { oid: PgOid.name };
  if (fname === 'current_schemas' && f.args?.length === 1) return { oid: NAME_ARRAY };
  return undefined;
};
