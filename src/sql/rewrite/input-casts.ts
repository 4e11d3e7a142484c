import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Cast targets whose text input DuckDB parses more loosely than Postgres, with the macro that parses as Postgres. */
const inputFunctions: Record<string, string> = {
  bool: 'bool_in',
  int2: 'int2_in',
  int4: 'int4_in',
  int8: 'int8_in',
  float4: 'float4_in',
  float8: 'float8_in',
  date: 'date_in',
  timestamp: 'timestamp_in',
  timestamptz: 'timestamptz_in',
  time: 'time_in',
};

/** Date/time targets: their string literals were already re-spelled at rewrite time (datetime-literals.ts). */
const datetimeTargets = new Set(['date', 'timestamp', 'timestamptz', 'time']);

/** Arguments that never come from text: typed constants, and parameters (their type is inferred from the cast). */
function skip(arg: AstNode): boolean {
  const c = arg.A_Const;
  if (c) return Boolean(c.isnull || c.ival || c.fval || c.boolval || (!c.sval && !c.bsval));
  return Boolean(arg.ParamRef);
}

/**
 * `'on'::boolean` is true, `'1.5'::int` an error (22P02) and `'1e400'::float8` out of range
 * (22003) in Postgres, while DuckDB rejects `on`, rounds `1.5` and reads infinity. Casts to
 * boolean, integer and float types go through macros that parse text as Postgres does and
 * cast anything else as before; text cast to a date/time type at run time is read per
 * DateStyle as literals are.
 * @see https://www.postgresql.org/docs/15/datatype-boolean.html
 * @see https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-INT
 */
export const rewriteInputCasts: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const type = builtinTypeName(f.typeName as AstFields);
      const fn = type === null ? undefined : inputFunctions[type];
      if (!fn || f.typeName?.arrayBounds || skip(f.arg as AstNode)) return;
      if (datetimeTargets.has(type!) && (f.arg as AstNode).A_Const) return;
      replaceNode(path, funcCall(pgFunctionName(fn), [f.arg as AstNode]));
      changed = true;
    },
  });
  return { stmt, changed };
};
