import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName, builtinTypeName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const dateTimeTypes = new Set(['date', 'timestamp', 'timestamptz']);
const intervalType = (): AstFields => ({ names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'interval' } }], typemod: -1, location: -1 });

/** A string constant with no type of its own (Postgres's `unknown`). */
const isUntypedString = (node: AstNode | undefined): boolean => Boolean(node?.A_Const?.sval);

/**
 * Postgres types an untyped string argument of `generate_series` from the other bound:
 * `generate_series('2024-01-01'::date, '2024-01-03', '1 day')` reads the stop as a date and,
 * with date/time bounds, the step as an interval. DuckDB sees plain text there and cannot
 * pick a series, so the literals get those casts.
 * @see https://www.postgresql.org/docs/15/typeconv-func.html
 */
export const rewriteSeriesArguments: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const args = (f.args ?? []) as AstNode[];
      if (builtinName(f.funcname as AstNode[]) !== 'generate_series' || args.length < 2) return;
      const typed = [args[0], args[1]].find((a) => a.TypeCast && !a.TypeCast.typeName?.arrayBounds)?.TypeCast?.typeName as AstFields | undefined;
      if (!typed) return;
      const stepType = dateTimeTypes.has(builtinTypeName(typed) ?? '') ? intervalType() : typed;
      args.forEach((a, i) => {
        if (!isUntypedString(a)) return;
        args[i] = { TypeCast: { arg: a, typeName: structuredClone(i < 2 ? typed : stepType), location: -1 } };
        changed = true;
      });
    },
  });
  return { stmt, changed };
};
