import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import { builtinName, funcCall, replaceNode, stringConst } from './ast-build.js';
import { similarToRegex } from './regex-patterns.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `x SIMILAR TO p` uses SQL's pattern language in Postgres (`%`, `_`, `|`, groups) but is a
 * plain regex match in DuckDB. A constant pattern is translated to the regex Postgres builds
 * from it and matched with `regexp_full_match`; NOT SIMILAR TO negates it.
 * @see https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-SIMILARTO-REGEXP
 */
export const rewriteSimilarTo: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      if (f.kind !== 'AEXPR_SIMILAR') return;
      const esc = (f.rexpr as AstNode).FuncCall as AstFields | undefined;
      if (!esc || builtinName(esc.funcname as AstNode[]) !== 'similar_to_escape') return;
      const [patternNode, escapeNode] = (esc.args as AstNode[] | undefined) ?? [];
      const pattern = constValue(patternNode);
      const escape = escapeNode === undefined ? '\\' : constValue(escapeNode);
      if (typeof pattern !== 'string' || typeof escape !== 'string') return;
      const regex = similarToRegex(pattern, escape);
      if (regex === null) return;
      const match = funcCall(['regexp_full_match'], [f.lexpr as AstNode, stringConst(regex)]);
      const negate = (f.name as AstNode[])[0]?.String?.sval === '!~';
      replaceNode(path, negate ? { BoolExpr: { boolop: 'NOT_EXPR', args: [match], location: -1 } } : match);
      changed = true;
    },
  });
  return { stmt, changed };
};
