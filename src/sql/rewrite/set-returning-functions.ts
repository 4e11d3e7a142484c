import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { containsAggregate } from './aggregate-calls.js';
import { builtinName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Postgres set-returning functions jammi computes as a list (src/engine/pg-functions/series.ts) and unnests. */
const listSrfs = new Set(['generate_series', 'generate_subscripts', 'regexp_split_to_table']);

const str = (sval: string): AstNode => ({ String: { sval } });
const call = (funcname: AstNode[], args: AstNode[]): AstNode => ({ FuncCall: { funcname, args, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } });
const unnest = (arg: AstNode): AstNode => call([str('unnest')], [arg]);

/** `unnest(jammi_pg.main.f(args))`: the rows of a list-computed SRF. */
const unnestList = (name: string, args: AstNode[]): AstNode => unnest(call(pgFunctionName(name).map(str), args));

/** Whether an expression reads a column (of its own query or, correlated, of an outer one). */
function readsColumns(node: AstNode): boolean {
  let found = false;
  traverse(node, {
    ColumnRef() {
      found = true;
    },
  });
  return found;
}

/**
 * `generate_series` over arguments that read no column can be the table macro of the same
 * name (src/engine/pg-functions/series.ts), which streams its rows. DuckDB picks a table
 * macro's overload before it knows a column's type, so a LATERAL call over columns
 * (`generate_series(1, t.n)`) keeps the list, which is as long as one row's series.
 */
const streams = (name: string, args: AstNode[]) => name === 'generate_series' && !args.some(readsColumns);

/** The SRF calls (and unnests) of an expression. */
function srfCalls(node: AstNode): AstFields[] {
  const calls: AstFields[] = [];
  traverse(node, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = (builtinName(f.funcname as AstNode[]) ?? '');
      if (listSrfs.has(name) || name === 'unnest') calls.push(f);
    },
  });
  return calls;
}

/** The one SRF of a target reached only through operators and casts (`generate_series(1, 3) + 10`), else undefined. */
function soleSrfSlot(e: AstNode | undefined): { holder: AstFields; key: string } | undefined {
  for (const [holder, key] of [
    [e?.A_Expr, 'lexpr'],
    [e?.A_Expr, 'rexpr'],
    [e?.TypeCast, 'arg'],
    [e?.ResTarget, 'val'],
  ] as const) {
    const child = holder?.[key] as AstNode | undefined;
    if (!holder || !child) continue;
    if (child.FuncCall && srfCalls(child)[0] === child.FuncCall) return { holder, key };
    const inner = soleSrfSlot(child);
    if (inner) return inner;
  }
  return undefined;
}

const streamAlias = 'jammi_srf';

/**
 * A select list without FROM whose only SRF is a streaming `generate_series`
 * (`SELECT generate_series(1, n) + 1 AS x`) reads it as a FROM item instead:
 * `SELECT jammi_srf.v + 1 AS x FROM jammi_pg.main.generate_series(1, n) AS jammi_srf(v)`.
 * Without FROM there is one input row, so the rows are the series' in order, as Postgres's.
 * Aggregates, grouping, DISTINCT, set operations and several SRFs keep the unnest.
 */
function selectListToFrom(sel: AstFields): boolean {
  if ((sel.op && sel.op !== 'SETOP_NONE') || sel.fromClause || sel.groupClause || sel.havingClause || sel.windowClause || sel.distinctClause) return false;
  const targets = (sel.targetList as AstNode[] | undefined) ?? [];
  const all = targets.flatMap(srfCalls);
  if (all.length !== 1 || (sel.sortClause && srfCalls({ List: { items: sel.sortClause } }).length)) return false;
  const fn = all[0];
  const args = (fn.args as AstNode[] | undefined) ?? [];
  if (fn.agg_star || fn.func_variadic || fn.over || !streams(builtinName(fn.funcname as AstNode[]) ?? '', args)) return false;
  const slot = targets.map((t) => soleSrfSlot(t)).find(Boolean);
  if (!slot || targets.some(containsAggregate)) return false;
  slot.holder[slot.key] = { ColumnRef: { fields: [str(streamAlias), str('v')], location: -1 } };
  const item = { RangeFunction: { functions: [{ List: { items: [call(pgFunctionName('generate_series').map(str), args), {}] } }], alias: { aliasname: streamAlias, colnames: [str('v')] } } };
  sel.fromClause = [item];
  return true;
}

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
 * - In FROM, `generate_series` over arguments that read no column becomes the streaming table
 *   macro `jammi_pg.main.generate_series(…)`; otherwise (and with ORDINALITY), it,
 *   `generate_subscripts` and `regexp_split_to_table` become `unnest(jammi_pg.main.f(…))` over
 *   a list. Both have Postgres's element type (`generate_series(1, 3)` is int4, DuckDB's is
 *   bigint; numeric and date series exist), and a function returning one
 *   column is named after its alias (`FROM generate_series(1, 3) x` has column `x`; DuckDB's
 *   `x` is the whole row). `unnest(a, b)` zips its arrays.
 * - In the select list the same calls become `unnest(…)`, which DuckDB expands into rows
 *   (zipping several, as Postgres 10+ does), where DuckDB's own `generate_series` would
 *   return one list; a lone streaming `generate_series` in a select list without FROM moves
 *   to FROM (selectListToFrom).
 * Runs after nameResultColumns: `SELECT generate_series(1, 3)` keeps the name `generate_series`.
 * @see https://www.postgresql.org/docs/15/functions-srf.html
 * @see https://www.postgresql.org/docs/15/queries-table-expressions.html#QUERIES-TABLEFUNCTIONS
 */
export const rewriteSetReturningFunctions: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      if (selectListToFrom(path.node as AstFields)) changed = true;
    },
    RangeFunction(path: AstPath) {
      const rf = path.node as AstFields;
      const fn = soleCall(rf);
      const name = (fn && builtinName(fn.funcname as AstNode[])) ?? '';
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
      if (streams(name, args) && !rf.ordinality) {
        fn.funcname = pgFunctionName(name).map(str);
        changed = true;
      } else if (listSrfs.has(name)) {
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
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = (builtinName(f.funcname as AstNode[]) ?? '');
      if (!listSrfs.has(name) || f.agg_star || f.over) return;
      // A call that is a FROM item was rewritten above (its name is now unnest).
      Object.assign(f, (unnestList(name, (f.args as AstNode[] | undefined) ?? []) as AstNode).FuncCall);
      changed = true;
    },
  });
  return { stmt, changed };
};
