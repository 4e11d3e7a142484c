import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName, pgNativeName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName, funcCall, replaceNode, sessionTimeZone } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Functions with the same arguments under the same name in the compatibility schema. */
const sameArgs = new Set([
  'json_typeof',
  'jsonb_typeof',
  'json_array_length',
  'jsonb_array_length',
  'json_strip_nulls',
  'jsonb_strip_nulls',
  'jsonb_pretty',
]);

/** Set-returning functions computed as a list and unnested. */
const listSrfs = new Set([
  'json_array_elements',
  'jsonb_array_elements',
  'json_array_elements_text',
  'jsonb_array_elements_text',
  'json_object_keys',
  'jsonb_object_keys',
  'json_each',
  'jsonb_each',
  'json_each_text',
  'jsonb_each_text',
]);

/** Single-value conversions: to_json's rules apply to all of them. */
const toJson: Record<string, string> = { to_json: 'to_json', row_to_json: 'to_json', array_to_json: 'to_json', to_jsonb: 'to_jsonb' };

const typeOf = (e: AstNode): AstNode => funcCall(['typeof'], [structuredClone(e)]);

/** A bare NULL is Postgres's unknown, text for these functions; DuckDB's untyped NULL cannot reach a native function. */
const typedNull = (e: AstNode): AstNode => (e.A_Const?.isnull ? { TypeCast: { arg: e, typeName: { names: [{ String: { sval: 'varchar' } }], typemod: -1, location: -1 }, location: -1 } } : e);

/** Each value followed by typeof(value), which tells a native function json arguments from text. */
const withTypes = (args: AstNode[]): AstNode[] => args.map(typedNull).flatMap((a) => [a, typeOf(a)]);
const boolConst = (b: boolean): AstNode => ({ A_Const: { boolval: b ? { boolval: true } : {}, location: -1 } });

/** `list(x ORDER BY … FILTER …)`: an aggregate's inputs in order, NULLs kept, as json_agg sees them. */
function listOf(agg: AstFields, arg: AstNode): AstNode {
  const call = funcCall(['list'], [arg]);
  for (const k of ['agg_order', 'agg_filter', 'agg_distinct'] as const) if (agg[k]) call.FuncCall[k] = structuredClone(agg[k]);
  return call;
}

/** The replacement of one json function call, or undefined when it is not one (or has a form jammi leaves alone). */
function replacement(name: string, f: AstFields): AstNode | undefined {
  const args = (f.args as AstNode[] | undefined) ?? [];
  if (f.over) return undefined;
  if (sameArgs.has(name)) return funcCall(pgFunctionName(name), args);
  if (listSrfs.has(name) && args.length === 1) return funcCall(['unnest'], [funcCall(pgFunctionName(name), args)]);
  if (name in toJson && args.length === 1) return funcCall(pgFunctionName(toJson[name]), withTypes(args));
  const flavor = name.startsWith('jsonb') ? 'jsonb' : 'json';
  const asFlavor = (json: AstNode) => (flavor === 'jsonb' ? funcCall(pgFunctionName('jsonb_in'), [json]) : json);
  switch (name) {
    case 'json_build_object':
    case 'jsonb_build_object':
    case 'json_build_array':
    case 'jsonb_build_array':
      // json arguments are embedded, text ones quoted.
      return asFlavor(funcCall([pgNativeName(name.replace('jsonb', 'json'))], [sessionTimeZone(), ...withTypes(args)]));
    case 'json_agg':
    case 'jsonb_agg': {
      if (args.length !== 1) return undefined;
      const list = listOf(f, args[0]);
      return funcCall(pgFunctionName(name), [list, typeOf(list)]);
    }
    case 'json_object_agg':
    case 'jsonb_object_agg': {
      if (args.length !== 2) return undefined;
      const values = listOf(f, args[1]);
      return funcCall(pgFunctionName(name), [listOf(f, args[0]), values, typeOf(values)]);
    }
    case 'jsonb_set':
    case 'jsonb_insert':
      if (args.length < 3 || args.length > 4) return undefined;
      return funcCall(pgFunctionName(name), [...args.slice(0, 3), args[3] ?? boolConst(name === 'jsonb_set')]);
  }
  return undefined;
}

/** The FuncCall of a FROM item that is one plain function call. */
function soleCall(rf: AstFields): AstFields | undefined {
  const fns = rf.functions as AstNode[] | undefined;
  if (rf.is_rowsfrom || rf.ordinality || fns?.length !== 1) return undefined;
  return (fns[0].List?.items as AstNode[] | undefined)?.[0]?.FuncCall;
}

/**
 * A json set-returning function in FROM: `json_each` yields `key, value` columns
 * (`(SELECT unnest(list, recursive := true))`), the others one column named `value`
 * (`*_elements`) or after the function or its alias (`*_object_keys`).
 */
function fromItem(name: string, rf: AstFields, call: AstFields): AstNode {
  const list = funcCall(pgFunctionName(name), (call.args as AstNode[]) ?? []);
  const alias = (rf.alias as AstFields | undefined) ?? { aliasname: name };
  if (name.includes('_each')) {
    const recursive = { NamedArgExpr: { arg: boolConst(true), name: 'recursive', argnumber: -1, location: -1 } };
    const unnest = funcCall(['unnest'], [list, recursive]);
    const subquery = { SelectStmt: { targetList: [{ ResTarget: { val: unnest, location: -1 } }], limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } };
    return { RangeSubselect: { lateral: true, subquery, alias } };
  }
  const column = name.includes('_elements') ? 'value' : (alias.aliasname as string);
  const colnames = (alias.colnames as AstNode[] | undefined) ?? [{ String: { sval: column } }];
  return { RangeFunction: { ...rf, functions: [{ List: { items: [funcCall(['unnest'], [list]), {}] } }], alias: { ...alias, colnames } } };
}

/**
 * Postgres's json and jsonb functions, as compatibility functions that print Postgres's text:
 * constructors (`json_build_object`'s `{"a" : 1}`, jsonb's normalised form), aggregates over
 * `list(…)` (ORDER BY and FILTER kept), `to_json` with Postgres's value formats, jsonb_set /
 * jsonb_insert, and the set-returning functions in FROM and in the select list. Runs after
 * nameResultColumns: the column keeps the function's name.
 * @see https://www.postgresql.org/docs/15/functions-json.html
 */
export const rewriteJsonFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    RangeFunction(path: AstPath) {
      const rf = path.node as AstFields;
      const call = soleCall(rf);
      const name = call && builtinName(call.funcname as AstNode[]);
      if (!call || !name || !listSrfs.has(name) || (call.args as AstNode[] | undefined)?.length !== 1) return;
      replaceNode(path, fromItem(name, rf, call));
      changed = true;
    },
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      const r = name ? replacement(name, f) : undefined;
      if (!r) return;
      replaceNode(path, r);
      changed = true;
    },
  });
  return { stmt, changed };
};
