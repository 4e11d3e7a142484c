import { type MutablePath, traverse } from '@pgsql/traverse';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName } from './array-functions.js';
import type { Rewrite } from './rewrite.types.js';

/** Postgres set-returning functions jammi computes as a list (src/engine/pg-functions/series.ts) and unnests. */
const listSrfs = new Set(['generate_series', 'generate_subscripts', 'regexp_split_to_table']);

const str = (sval: string): AstNode => ({ String: { sval } });
const call = (funcname: AstNode[], args: AstNode[]): AstNode => ({ FuncCall: { funcname, args, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } });
const unnest = (arg: AstNode): AstNode => call([str('unnest')], [arg]);

/** `unnest(jammi_pg.main.f(args))`: the rows of a list-computed SRF. */
const unnestList = (name: string, args: AstNode[]): AstNode => unnest(call(pgFunctionName(name).map(str), args));

/** The FuncCall of a FROM item that is a single plain function call. */
function soleCall(rf: AstFields): AstFields | undefined {
  const fns = rf.functions as AstNode[] | undefined;
  if (rf.is_rowsfrom || fns?.length !== 1) return undefined;
  const items = fns[0].List?.items as AstNode[] | undefined;
  return items?.[0]?.FuncCall;
}

/**
 * `unnest(a, b, …)` in FROM zips its arrays (padding with NULLs); DuckDB's unnest table
 * function takes one list, but select-list unnests zip the same way, so the item becomes
 * `(SELECT unnest(a), unnest(b)[, unnest(range(1, n + 1))]) AS alias(…)`.
 */
function multiUnnest(rf: AstFields, args: AstNode[]): AstNode {
  const targetList = args.map((a) => ({ ResTarget: { name: 'unnest', val: unnest(a), location: -1 } }));
  if (rf.ordinality) {
    const longest = { MinMaxExpr: { op: 'IS_GREATEST', args: args.map((a) => call([str('len')], [a])), location: -1 } };
    const n = { A_Expr: { kind: 'AEXPR_OP', name: [str('+')], lexpr: longest, rexpr: { A_Const: { ival: { ival: 1 }, location: -1 } }, location: -1 } };
    targetList.push({ ResTarget: { name: 'ordinality', val: unnest(call([str('range')], [{ A_Const: { ival: { ival: 1 }, location: -1 } }, n])), location: -1 } });
  }
  const subquery = { SelectStmt: { targetList, limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } };
  return { RangeSubselect: { lateral: true, subquery, alias: rf.alias ?? { aliasname: 'unnest' } } };
}

/**
 * Set-returning functions as Postgres runs them:
 * - In FROM, `generate_series`, `generate_subscripts` and `regexp_split_to_table` become
 *   `unnest(jammi_pg.main.f(…))` over a list with Postgres's element type (`generate_series(1, 3)`
 *   is int4, DuckDB's is bigint; numeric and date series exist), and a function returning one
 *   column is named after its alias (`FROM generate_series(1, 3) x` has column `x`; DuckDB's
 *   `x` is the whole row). `unnest(a, b)` zips its arrays.
 * - In the select list the same calls become `unnest(…)`, which DuckDB expands into rows
 *   (zipping several, as Postgres 10+ does), where DuckDB's own `generate_series` would
 *   return one list.
 * Runs after nameResultColumns: `SELECT generate_series(1, 3)` keeps the name `generate_series`.
 * @see https://www.postgresql.org/docs/15/functions-srf.html
 * @see https://www.postgresql.org/docs/15/queries-table-expressions.html#QUERIES-TABLEFUNCTIONS
 */
export const rewriteSetReturningFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    RangeFunction(path: MutablePath) {
      const rf = path.node as AstFields;
      const fn = soleCall(rf);
      const name = fn ? builtinName(fn.funcname as AstNode[]) : '';
      const args = (fn?.args as AstNode[] | undefined) ?? [];
      if (!fn || fn.agg_star || fn.func_variadic) return;
      if (name === 'unnest' && args.length > 1) {
        const slot = path.container?.[path.containerKey as string | number];
        const sub = multiUnnest(rf, args);
        path.replaceWith(slot && typeof slot === 'object' && 'RangeFunction' in slot ? sub : sub.RangeSubselect);
        changed = true;
        return;
      }
      if (!listSrfs.has(name) && name !== 'unnest') return;
      if (listSrfs.has(name)) {
        Object.assign(fn, (unnestList(name, args) as AstNode).FuncCall);
        changed = true;
      }
      // A one-column function is named by its alias, or by the function's own name.
      const alias = (rf.alias as AstFields | undefined) ?? { aliasname: name };
      if (alias.colnames?.length) return;
      alias.colnames = [str(alias.aliasname as string)];
      rf.alias = alias;
      changed = true;
    },
    FuncCall(path: MutablePath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      if (!listSrfs.has(name) || f.agg_star || f.over) return;
      // A call that is a FROM item was rewritten above (its name is now unnest).
      Object.assign(f, (unnestList(name, (f.args as AstNode[] | undefined) ?? []) as AstNode).FuncCall);
      changed = true;
    },
  });
  return { stmt, changed };
};
