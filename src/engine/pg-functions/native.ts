import { type DuckDBConnection, DuckDBScalarFunction, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';

/**
 * Native (JS) scalar functions land in DuckDB's `system.main` whatever schema is asked for,
 * so they carry a `jammi_pg_` prefix instead: rewrites call them by this name.
 */
export const nativeName = (name: string): string => `jammi_pg_${name}`;

/** One native function: its parameters, result type, and the value for one row's arguments. */
export interface NativeSpec {
  name: string;
  params: readonly DuckDBType[];
  /** The type of any further arguments (DuckDB's ANY takes every type as it is). */
  varArgs?: DuckDBType;
  returns: DuckDBType;
  /** Called with NULL arguments too (otherwise any NULL argument gives NULL without a call). */
  nullAware?: boolean;
  /** The result for one row; `types` are the argument vectors' DuckDB types. A thrown Error becomes the query's error. */
  row: (args: unknown[], types: readonly DuckDBType[]) => unknown;
}

/** Register a native scalar function that computes row by row. */
export function registerNative(conn: DuckDBConnection, spec: NativeSpec): void {
  const fn = DuckDBScalarFunction.create({
    name: nativeName(spec.name),
    returnType: spec.returns,
    parameterTypes: spec.params,
    ...(spec.varArgs ? { varArgsType: spec.varArgs } : {}),
    ...(spec.nullAware ? { specialHandling: true } : {}),
    mainFunction: (info, input, out) => {
      const vectors: DuckDBVector[] = [];
      for (let i = 0; i < input.columnCount; i++) vectors.push(input.getColumnVector(i));
      const types = vectors.map((v) => v.type);
      try {
        for (let r = 0; r < input.rowCount; r++) {
          const args = vectors.map((v) => v.getItem(r));
          if (!spec.nullAware && args.some((a) => a === null)) out.setItem(r, null);
          else out.setItem(r, spec.row(args, types) as never);
        }
        out.flush();
      } catch (e) {
        info.setError(e instanceof Error ? e.message : String(e));
      }
    },
  });
  conn.registerScalarFunction(fn);
}
