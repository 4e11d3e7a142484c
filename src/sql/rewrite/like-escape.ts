import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import { builtinName, funcCall, replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** DuckDB's LIKE functions that take an escape character, by Postgres operator name. */
const likeFunctions: Record<string, string> = { '~~': 'like_escape', '!~~': 'not_like_escape', '~~*': 'ilike_escape', '!~~*': 'not_ilike_escape' };

/**
 * One LIKE test as DuckDB should run it: `like_escape(s, p, e)` (and its siblings) when the
 * pattern may hold a backslash or an ESCAPE clause was given, else null (the plain LIKE
 * means the same to both).
 */
function likeWithEscape(op: string, s: AstNode, pattern: AstNode): AstNode | null {
  let escape = stringConst('\\');
  const clause = pattern.FuncCall as AstFields | undefined;
  if (clause && builtinName(clause.funcname as AstNode[]) === 'like_escape') {
    [pattern, escape] = clause.args as AstNode[];
  } else {
    const constant = constValue(pattern);
    if (typeof constant === 'string' && !constant.includes('\\')) return null;
  }
  return funcCall([likeFunctions[op]], [s, pattern, escape]);
}

/** A plain `s <op> pattern` LIKE test, with the escape rule applied. */
function likeTest(op: string, s: AstNode, pattern: AstNode): AstNode {
  const kind = op.endsWith('*') ? 'AEXPR_ILIKE' : 'AEXPR_LIKE';
  return likeWithEscape(op, s, pattern) ?? { A_Expr: { kind, name: [{ String: { sval: op } }], lexpr: s, rexpr: pattern, location: -1 } };
}

/**
 * `x LIKE ANY (ARRAY[p1, p2])` (DuckDB has no LIKE with ANY/ALL) is `x LIKE p1 OR x LIKE p2`
 * (AND for ALL), which has the same three-valued answer; an empty array is false for ANY and
 * true for ALL. Only an ARRAY[...] constructor is expanded.
 */
function likeOverArray(f: AstFields, op: string): AstNode | null {
  const elements = (f.rexpr as AstNode).A_ArrayExpr?.elements as AstNode[] | undefined;
  if (!(f.rexpr as AstNode).A_ArrayExpr) return null;
  const any = f.kind === 'AEXPR_OP_ANY';
  if (!elements?.length) return { A_Const: { boolval: any ? {} : { boolval: true }, location: -1 } };
  const tests = elements.map((p) => likeTest(op, structuredClone(f.lexpr as AstNode), p));
  return tests.length === 1 ? tests[0] : { BoolExpr: { boolop: any ? 'OR_EXPR' : 'AND_EXPR', args: tests, location: -1 } };
}

/**
 * In Postgres `\` escapes the next character of a LIKE/ILIKE pattern unless an ESCAPE clause
 * says otherwise (`'a_c' LIKE 'a\_c'` is true); DuckDB's LIKE has no escape character by
 * default. A LIKE whose pattern may hold a backslash, or that has an ESCAPE clause (which
 * the deparser cannot print back for DuckDB), becomes DuckDB's `like_escape(s, p, e)`
 * family. A constant pattern without backslash means the same to both, and keeps DuckDB's
 * fast LIKE paths.
 * @see https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-LIKE
 */
export const rewriteLikeEscape: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      const names = (f.name as AstNode[] | undefined) ?? [];
      const op = names.length === 1 ? (names[0].String?.sval as string) : '';
      if (!likeFunctions[op]) return;
      let replacement: AstNode | null = null;
      if (f.kind === 'AEXPR_LIKE' || f.kind === 'AEXPR_ILIKE') replacement = likeWithEscape(op, f.lexpr as AstNode, f.rexpr as AstNode);
      else if (f.kind === 'AEXPR_OP_ANY' || f.kind === 'AEXPR_OP_ALL') replacement = likeOverArray(f, op);
      if (!replacement) return;
      replaceNode(path, replacement);
      changed = true;
    },
  });
  return { stmt, changed };
};
