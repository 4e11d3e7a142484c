import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, constValue } from '../ast.js';
import { builtinName, funcCall, intConst, replaceNode, stringConst } from './ast-build.js';
import { captureGroupCount } from './regex-patterns.js';
import { whenMatches } from './substring-regex.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `regexp_match(s, regex [, flags])` (missing in DuckDB) is a text[] of the first match's
 * groups, or of the whole match when the regex has none, and NULL without a match. With a
 * constant pattern (and flags DuckDB shares: `i`, `c`, `s`) it becomes a list of
 * regexp_extract calls, one per group.
 * @see https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP
 */
export const rewriteRegexpMatch: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (builtinName(f.funcname as AstNode[]) !== 'regexp_match') return;
      const args = (f.args as AstNode[] | undefined) ?? [];
      const pattern = constValue(args[1]);
      const flags = args.length === 3 ? constValue(args[2]) : '';
      if (args.length < 2 || args.length > 3 || typeof pattern !== 'string' || typeof flags !== 'string' || !/^[ics]*$/.test(flags)) return;
      const options = flags ? [stringConst(flags)] : [];
      const groups = captureGroupCount(pattern);
      const extracts = (groups ? Array.from({ length: groups }, (_, i) => i + 1) : [0]).map((g) =>
        funcCall(['regexp_extract'], [structuredClone(args[0]), stringConst(pattern), intConst(g), ...options]),
      );
      replaceNode(path, whenMatches(args[0], pattern, funcCall(['list_value'], extracts), options));
      changed = true;
    },
  });
  return { stmt, changed };
};
