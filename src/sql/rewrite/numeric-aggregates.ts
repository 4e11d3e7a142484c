import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { containsAggregate } from './aggregate-calls.js';
import { builtinName, funcCall, replaceNode } from './ast-build.js';
import { outputExpressions } from './output-expressions.js';
import { isQueryStatement } from './query-statement.js';
import type { Rewrite } from './rewrite.types.js';

/** `agg(arg)` with the FILTER, DISTINCT and window of the call it stands for. */
function sameCall(name: string, arg: AstNode, like: AstFields): AstNode {
  const call = funcCall([name], [structuredClone(arg)]);
  for (const k of ['agg_filter', 'agg_distinct', 'over'] as const) if (like[k] !== undefined) call.FuncCall[k] = structuredClone(like[k]);
  return call;
}

/** `CASE WHEN filter THEN x END`: FILTER moved into the argument, which a macro call can take. */
function filtered(arg: AstNode, filter: AstNode | undefined): AstNode {
  if (!filter) return arg;
  return { CaseExpr: { args: [{ CaseWhen: { expr: filter, result: arg, location: -1 } }], location: -1 } };
}

/**
 * sum and avg with Postgres's result types: sum(int2/int4) is int8 and sum(float4) float4
 * (DuckDB: hugeint, float8); avg over integers and numerics is the exact numeric quotient
 * sum/count (DuckDB: float8), printed with select_div_scale's scale. Plain and DISTINCT calls
 * become macros that dispatch on the argument's type (FILTER moves into the argument); a
 * window call keeps its window and is wrapped by a macro given the argument as type probe.
 * `every` is bool_and. Calls with an ORDER BY inside are left alone.
 * @see https://www.postgresql.org/docs/15/functions-aggregate.html
 */
export const rewriteNumericAggregates: Rewrite = (stmt) => {
  if (!isQueryStatement(stmt)) return { stmt, changed: false };
  let changed = false;
  const outputs = outputExpressions(stmt, (e) => e.FuncCall !== undefined && builtinName(e.FuncCall.funcname as AstNode[]) === 'avg');
  const generated = new WeakSet<AstFields>();
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (generated.has(f)) return;
      const name = builtinName(f.funcname as AstNode[]);
      const args = (f.args ?? []) as AstNode[];
      if (name === 'every' && args.length === 1) {
        f.funcname = [{ String: { sval: 'bool_and' } }];
        changed = true;
        return;
      }
      if ((name !== 'sum' && name !== 'avg') || args.length !== 1 || f.agg_star || f.agg_order || f.agg_within_group) return;
      const out = outputs.has(f) && name === 'avg' ? '_out' : '';
      const arg = args[0];
      let call: AstNode;
      if (f.over) {
        if (containsAggregate(arg)) return;
        const inner = name === 'sum' ? [sameCall('sum', arg, f)] : [sameCall('sum', arg, f), sameCall('count', arg, f), sameCall('avg', arg, f)];
        for (const c of inner) generated.add(c.FuncCall);
        call = funcCall(pgFunctionName(`${name}_window${out}`), [structuredClone(arg), ...inner]);
      } else {
        const x = filtered(arg, f.agg_filter as AstNode | undefined);
        call = funcCall(pgFunctionName(`${name}${f.agg_distinct ? '_distinct' : ''}${out}`), [x, structuredClone(x)]);
      }
      replaceNode(path, call);
      changed = true;
    },
  });
  return { stmt, changed };
};
