import { type AstPath, traverse } from '../ast-traverse.js';
import type { ArrayTextItem } from '../../types/array-parse.js';
import { parseArrayConstant } from './array-literals.js';
import type { AstFields, AstNode } from '../ast.js';
import { replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const likeOps: Record<string, string> = { '~~': 'AEXPR_LIKE', '!~~': 'AEXPR_LIKE', '~~*': 'AEXPR_ILIKE', '!~~*': 'AEXPR_ILIKE' };

/** Every element of a parsed literal, in order: ANY/ALL look at all of them, whatever the dimensions. */
const flatten = (items: ArrayTextItem[]): (string | null)[] => items.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));

const element = (x: string | null): AstNode => (x === null ? { A_Const: { isnull: true, location: -1 } } : stringConst(x));

/** `x op e` for one element, as the kind of expression the operator is written as. */
function test(op: string, x: AstNode, e: AstNode): AstNode {
  return { A_Expr: { kind: likeOps[op] ?? 'AEXPR_OP', name: [{ String: { sval: op } }], lexpr: structuredClone(x), rexpr: e, location: -1 } };
}

/** The expression that `x op ANY/ALL('{…}')` means, over the literal's elements. */
function expand(f: AstFields, op: string, elements: (string | null)[]): AstNode {
  const any = f.kind === 'AEXPR_OP_ANY';
  const x = f.lexpr as AstNode;
  // No elements: ANY is false and ALL true, even for a NULL x.
  if (!elements.length) return { A_Const: { boolval: any ? {} : { boolval: true }, location: -1 } };
  if ((any && op === '=') || (!any && op === '<>')) {
    const items = elements.map(element);
    return { A_Expr: { kind: 'AEXPR_IN', name: [{ String: { sval: op } }], lexpr: x, rexpr: { List: { items } }, location: f.location ?? -1 } };
  }
  const tests = elements.map((e) => test(op, x, element(e)));
  return tests.length === 1 ? tests[0] : { BoolExpr: { boolop: any ? 'OR_EXPR' : 'AND_EXPR', args: tests, location: -1 } };
}

/**
 * `x = ANY('{1,2}')`: Postgres gives an untyped string literal the array type of the other
 * operand (ORMs and query builders inline arrays this way); DuckDB cannot read `{…}` and
 * fails. The literal is parsed here by Postgres's array input rules and the test spelled
 * over its elements as string constants, which DuckDB casts to x's type as Postgres casts
 * an unknown literal: `= ANY` is `x IN ('1', '2')`, `<> ALL` is `x NOT IN (…)`, any other
 * operator an OR (ANY) or AND (ALL) of `x op 'e'`, each of which keeps Postgres's three-valued
 * answer for NULL elements; an empty array is false for ANY and true for ALL. A malformed
 * literal fails with 22P02 as in Postgres.
 * @see https://www.postgresql.org/docs/15/functions-comparisons.html#id-1.5.8.30.16
 */
export const rewriteAnyAllLiterals: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if (f.kind !== 'AEXPR_OP_ANY' && f.kind !== 'AEXPR_OP_ALL') return;
      const text = (f.rexpr as AstNode | undefined)?.A_Const?.sval;
      const names = (f.name as AstNode[] | undefined) ?? [];
      if (!text || names.length !== 1) return;
      const items = parseArrayConstant((text.sval as string | undefined) ?? '');
      replaceNode(path, expand(f, names[0].String?.sval as string, flatten(items)));
      changed = true;
    },
  });
  return { stmt, changed };
};
