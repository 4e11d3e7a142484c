import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { containsAggregate } from './aggregate-calls.js';
import { builtinName, funcCall, replaceNode, stringConst } from './ast-build.js';
import { outputExpressions } from './output-expressions.js';
import { isQueryStatement } from './query-statement.js';
import type { Rewrite } from './rewrite.types.js';

/** The operator (or function) and the compatibility macros it becomes: inside an expression, and as an output column. */
const routes: Record<string, { inner: string; output: string }> = {
  '/': { inner: 'divide', output: 'divide_out' },
  '%': { inner: 'modulo', output: 'modulo' },
  '*': { inner: 'multiply', output: 'multiply' },
  mod: { inner: 'modulo', output: 'modulo' },
};

/** The operator name of a binary `a op b` (unqualified or `OPERATOR(pg_catalog.op)`), else null. */
function binaryOperator(f: AstFields): string | null {
  if (f.kind !== 'AEXPR_OP' || !f.lexpr || !f.rexpr) return null;
  return builtinName(f.name as AstNode[]);
}

/**
 * `CASE WHEN b = 0 THEN error ELSE a op b END`, for operands with an aggregate or window call:
 * DuckDB cannot pick a typed macro overload for those, so they keep DuckDB's operator (a
 * numeric quotient is then a float8) with Postgres's division-by-zero error.
 */
function zeroChecked(op: AstFields, divisor: AstNode): AstNode {
  const isZero: AstNode = { A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '=' } }], lexpr: structuredClone(divisor), rexpr: { A_Const: { ival: {}, location: -1 } }, location: -1 } };
  const raise = funcCall(['error'], [stringConst('division by zero')]);
  return { CaseExpr: { args: [{ CaseWhen: { expr: isZero, result: raise, location: -1 } }], defresult: { A_Expr: op }, location: -1 } };
}

/**
 * Postgres's `/`, `%` and `mod()` raise 22012 on a zero divisor (DuckDB: NULL), type their
 * result by the operands' types (int2 / int4 is int4), and divide numerics exactly with
 * select_div_scale's scale (DuckDB: a float8). Each becomes a compatibility macro that
 * dispatches on the operands' types; it gets the operands twice, because DuckDB casts a typed
 * macro parameter and the exact numeric path needs the operands' own scales. A quotient that
 * is an output column uses the exact-text form (its scale varies by row); `div()` goes to
 * the numeric truncating division. `*` takes the same dispatch for its result types (float4
 * with an integer is float8) and for numerics at full precision.
 * @see https://www.postgresql.org/docs/15/functions-math.html
 */
export const rewriteDivisionOperators: Rewrite = (stmt) => {
  if (!isQueryStatement(stmt)) return { stmt, changed: false };
  let changed = false;
  const outputs = outputExpressions(stmt, (e) => e.A_Expr !== undefined && binaryOperator(e.A_Expr) === '/');
  // Operators kept inside a zero check are visited again below it: leave them alone.
  const kept = new WeakSet<AstFields>();
  const keep = (op: AstFields, divisor: AstNode) => {
    kept.add(op);
    return zeroChecked(op, divisor);
  };
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if (kept.has(f)) return;
      const op = binaryOperator(f);
      const route = op ? routes[op] : undefined;
      if (!route || op === 'mod') return;
      const name = outputs.has(f) ? route.output : route.inner;
      const [a, b] = [f.lexpr as AstNode, f.rexpr as AstNode];
      if (op === '*' && (containsAggregate(a) || containsAggregate(b))) return;
      if (containsAggregate(a) || containsAggregate(b)) replaceNode(path, keep(f, b));
      else replaceNode(path, funcCall(pgFunctionName(name), [a, b, structuredClone(a), structuredClone(b)]));
      changed = true;
    },
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      const args = (f.args ?? []) as AstNode[];
      if ((name !== 'mod' && name !== 'div') || args.length !== 2 || f.over || f.agg_star) return;
      const [a, b] = args;
      if (name === 'mod' && (containsAggregate(a) || containsAggregate(b))) {
        replaceNode(path, keep({ kind: 'AEXPR_OP', name: [{ String: { sval: '%' } }], lexpr: a, rexpr: b, location: -1 }, b));
        changed = true;
        return;
      }
      const call = name === 'div' ? funcCall(pgFunctionName('div'), [a, b]) : funcCall(pgFunctionName('modulo'), [a, b, structuredClone(a), structuredClone(b)]);
      replaceNode(path, call);
      changed = true;
    },
  });
  return { stmt, changed };
};

