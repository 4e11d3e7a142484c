import { type DuckDBConnection, DuckDBScalarFunction, type DuckDBType, type DuckDBVector, VARCHAR } from '@duckdb/node-api';

/**
 * Native (JS) scalar functions land in DuckDB's `system.main` whatever schema is asked for,
 * so they carry a `jammi_pg_` prefix instead: rewrites call them by this name.
 */
export const nativeName = (name: string): string => `jammi_pg_${name}`;

/**
 * The DuckDB variable holding the session's TimeZone as Postgres spells it (the session sets
 * it with DuckDB's own TimeZone): natives have no session, so the zone reaches them as an argument.
 */
export const SESSION_ZONE_VARIABLE = 'jammi_timezone';

/** SQL for the session's TimeZone, the first argument of a native declared `zoned` (DuckDB folds it to a constant). */
export const sessionZoneSql = `getvariable('${SESSION_ZONE_VARIABLE}')`;

/** One native function: its parameters, result type, and the value for one row's arguments. */
export interface NativeSpec {
  name: string;
  params: readonly DuckDBType[];
  /** The type of any further arguments (DuckDB's ANY takes every type as it is). */
  varArgs?: DuckDBType;
  returns: DuckDBType;
  /** Called with NULL arguments too (otherwise any NULL argument gives NULL without a call). */
  nullAware?: boolean;
  /**
   * Takes the session's TimeZone as a leading VARCHAR argument (callers pass `sessionZoneSql`),
   * handed to `row` as `zone` and left out of `args` ('UTC' when unset).
   */
  zoned?: boolean;
  /** The result for one row; `types` are the argument vectors' DuckDB types. A thrown Error becomes the query's error. */
  row: (args: unknown[], types: readonly DuckDBType[], zone: string) => unknown;
}

/** Register a native scalar function that computes row by row. */
export function registerNative(conn: DuckDBConnection, spec: NativeSpec): void {
  const fn = DuckDBScalarFunction.create({
    name: nativeName(spec.name),
    returnType: spec.returns,
    parameterTypes: spec.zoned ? [VARCHAR, ...spec.params] : spec.params,
    ...(spec.varArgs ? { varArgsType: spec.varArgs } : {}),
    ...(spec.nullAware ? { specialHandling: true } : {}),
    mainFunction: (info, input, out) => {
      const vectors: DuckDBVector[] = [];
      for (let i = spec.zoned ? 1 : 0; i < input.columnCount; i++) vectors.push(input.getColumnVector(i));
      const types = vectors.map((v) => v.type);
      // The zone is one constant for the whole query: read it once per chunk, not per row.
      const zone = spec.zoned && input.rowCount > 0 ? String(input.getColumnVector(0).getItem(0) ?? 'UTC') : 'UTC';
      try {
        for (let r = 0; r < input.rowCount; r++) {
          const args = vectors.map((v) => v.getItem(r));
          if (!spec.nullAware && args.some((a) => a === null)) out.setItem(r, null);
          else out.setItem(r, spec.row(args, types, zone) as never);
        }
        out.flush();
      } catch (e) {
        info.setError(e instanceof Error ? e.message : String(e));
      }
    },
  });
  conn.registerScalarFunction(fn);
}
