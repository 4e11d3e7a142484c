import { type MutablePath, traverse } from '@pgsql/traverse';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import { builtinName, funcCall, replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** DuckDB's LIKE functions that take an escape character, by Postgres operator name. */
const likeFunctions: Record<string, string> = { '~~': 'like_escape', '!~~': 'not_like_escape', '~~*': 'ilike_escape', '!~~*': 'not_ilike_escape' };

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
    A_Expr(path: MutablePath) {
      const f = path.node as AstFields;
      if (f.kind !== 'AEXPR_LIKE' && f.kind !== 'AEXPR_ILIKE') return;
      const fn = likeFunctions[(f.name as AstNode[])[0]?.String?.sval as string];
      if (!fn) return;
      let pattern = f.rexpr as AstNode;
      let escape = stringConst('\\');
      const clause = pattern.FuncCall as AstFields | undefined;
      if (clause && builtinName(clause.funcname as AstNode[]) === 'like_escape') {
        [pattern, escape] = clause.args as AstNode[];
      } else {
        const constant = constValue(pattern);
        if (typeof constant === 'string' && !constant.includes('\\')) return;
      }
      replaceNode(path, funcCall([fn], [f.lexpr as AstNode, pattern, escape]));
      changed = true;
    },
  });
  return { stmt, changed };
};
