import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import { builtinName, funcCall, intConst, replaceNode, stringConst } from './ast-build.js';
import { captureGroupCount } from './regex-patterns.js';
import type { Rewrite } from './rewrite.types.js';

/** `CASE WHEN regexp_matches(s, p) THEN <then> END`: NULL when the regex does not match, as in Postgres. */
export function whenMatches(s: AstNode, pattern: string, then: AstNode, options: AstNode[] = []): AstNode {
  return {
    CaseExpr: {
      args: [{ CaseWhen: { expr: funcCall(['regexp_matches'], [s, stringConst(pattern), ...options]), result: then, location: -1 } }],
      location: -1,
    },
  };
}

/**
 * `substring(s FROM 'regex')` (a string, not a position) returns the text the regex matched,
 * or the first parenthesized group's when it has one, and NULL without a match; DuckDB reads
 * the string as a position. With a constant pattern it becomes regexp_extract.
 * @see https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP
 */
export const rewriteSubstringRegex: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (builtinName(f.funcname as AstNode[]) !== 'substring') return;
      const args = (f.args as AstNode[] | undefined) ?? [];
      const pattern = constValue(args[1]);
      if (args.length !== 2 || typeof pattern !== 'string') return;
      const group = captureGroupCount(pattern) > 0 ? 1 : 0;
      replaceNode(path, whenMatches(args[0], pattern, funcCall(['regexp_extract'], [structuredClone(args[0]), stringConst(pattern), intConst(group)])));
      changed = true;
    },
  });
  return { stmt, changed };
};
