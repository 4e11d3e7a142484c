import type { EngineConnection } from '../engine/index.js';
import { operandProbes, parseStatements, type ParsedStatement, type Route } from '../sql/index.js';
import { PgOid, pgTypeOf } from '../types/index.js';

const numberTypes = new Set<number>([PgOid.int2, PgOid.int4, PgOid.int8, PgOid.float4, PgOid.float8, PgOid.numeric]);

/**
 * Types for parameters with no declared or inferred type (`known[i]` 0) that are operands of
 * an operator (`n + $1`), learned by preparing operandProbes()'s probe queries in DuckDB.
 * Index → OID; a probe that fails (an expression DuckDB cannot type alone) is skipped.
 */
export async function probeOperandTypes(parsed: ParsedStatement, known: readonly number[], plan: (s: ParsedStatement) => Route, conn: EngineConnection): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const [i, { sql, arithmetic }] of operandProbes(parsed.ast)) {
    if (known[i]) continue;
    try {
      const route = plan(parseStatements(sql)[0]);
      if (route.kind !== 'duckdb' || typeof route.sql !== 'string') continue;
      const prepared = await conn.prepare(route.sql);
      try {
        const col = prepared.columns?.[0];
        const oid = col ? pgTypeOf(col.type).oid : 0;
        if (oid && (!arithmetic || numberTypes.has(oid))) found.set(i, oid);
      } finally {
        prepared.close();
      }
    } catch {
      // Not typeable on its own: the parameter keeps the default.
    }
  }
  return found;
}
