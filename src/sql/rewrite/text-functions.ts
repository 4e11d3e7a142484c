import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName, pgNativeName } from '../../engine/index.js';
import { type AstFields, type AstNode } from '../ast.js';
import { builtinName, sessionTimeZone } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * Postgres text functions whose DuckDB namesake differs (int8 instead of int4, a negative
 * start counted from the end, fmt-style `format`, `true` instead of `t` inside `concat`) or
 * is missing (`initcap`, `btrim`, two-argument `lpad`), with the compatibility function that
 * behaves as Postgres's (src/engine/pg-functions/text.ts).
 */
const routes: Record<string, readonly string[]> = {
  length: pgFunctionName('length'),
  char_length: pgFunctionName('char_length'),
  character_length: pgFunctionName('char_length'),
  octet_length: pgFunctionName('octet_length'),
  bit_length: pgFunctionName('bit_length'),
  strpos: pgFunctionName('strpos'),
  // `position(sub IN s)` parses as position(s, sub): strpos's order.
  position: pgFunctionName('strpos'),
  lpad: pgFunctionName('lpad'),
  rpad: pgFunctionName('rpad'),
  split_part: pgFunctionName('split_part'),
  substr: pgFunctionName('substr'),
  substring: pgFunctionName('substr'),
  btrim: pgFunctionName('btrim'),
  chr: pgFunctionName('chr'),
  initcap: pgFunctionName('initcap'),
  quote_ident: [pgNativeName('quote_ident')],
  quote_literal: [pgNativeName('quote_literal')],
  // Variadic over any type: native functions (DuckDB macros cannot be variadic).
  format: [pgNativeName('format')],
  concat: [pgNativeName('concat')],
  concat_ws: [pgNativeName('concat_ws')],
};

/** Routes to native functions that take the session's TimeZone first. */
const zonedNatives = new Set(['format', 'concat', 'concat_ws']);

/** Functions whose arguments Postgres reads as text when their type is unknown (a bare NULL, an untyped parameter). */
const textArguments = new Set(['length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'format', 'concat', 'concat_ws']);

/**
 * A bare NULL or an untyped parameter as text: DuckDB cannot pick between the typed overloads
 * of the length macros for them, and a native function cannot read a NULL-typed vector.
 */
function asText(arg: AstNode): AstNode {
  if (!arg.A_Const?.isnull && !arg.ParamRef) return arg;
  return { TypeCast: { arg, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } };
}

/**
 * Calls of the Postgres text functions listed above go to their compatibility functions.
 * `substring(x FROM 'regex')` (a string second argument) is left to rewriteSubstringRegex.
 * @see https://www.postgresql.org/docs/15/functions-string.html
 */
export const rewriteTextFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      const target = name === null ? undefined : routes[name];
      if (name === null || !target || f.agg_star || f.over || f.agg_order) return;
      const args = (f.args as AstNode[] | undefined) ?? [];
      if (name === 'substring' && args[1]?.A_Const?.sval) return;
      f.funcname = target.map((sval) => ({ String: { sval } }));
      f.funcformat = 'COERCE_EXPLICIT_CALL';
      if (textArguments.has(name)) f.args = args.map(asText);
      // The natives print timestamptz arguments in the session's TimeZone.
      if (zonedNatives.has(name)) f.args = [sessionTimeZone(), ...(f.args as AstNode[])];
      changed = true;
    },
  });
  return { stmt, changed };
};
