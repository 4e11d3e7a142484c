import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { isJsonbExpr, operatorOf } from '../json-kind.js';
import { funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Extraction operators, which exist for json and jsonb: the compatibility function per flavor. */
const extraction: Record<string, string> = { '->': 'get', '->>': 'get_text', '#>': 'path', '#>>': 'path_text' };

/** jsonb-only operators DuckDB lacks (`?` is even its parameter marker): the compatibility function and whether operands swap. */
const jsonbOnly: Record<string, { fn: string; swap?: boolean; needsJsonb?: 'left' | 'either' }> = {
  '?': { fn: 'jsonb_exists' },
  '?|': { fn: 'jsonb_exists_any' },
  '?&': { fn: 'jsonb_exists_all' },
  '#-': { fn: 'jsonb_delete_path' },
  // These also mean array containment, concatenation and subtraction: only when an operand is jsonb.
  '@>': { fn: 'jsonb_contains', needsJsonb: 'either' },
  '<@': { fn: 'jsonb_contains', swap: true, needsJsonb: 'either' },
  '||': { fn: 'jsonb_concat', needsJsonb: 'either' },
  '-': { fn: 'jsonb_delete', needsJsonb: 'left' },
};

/**
 * Postgres's json and jsonb operators become compatibility functions: `->`, `->>`, `#>`, `#>>`
 * on json slice the input text as Postgres does (DuckDB re-serialises), on jsonb they print
 * the normalised form; `@> <@ ? ?| ?& || - #-` follow jsonb's rules. Whether an operand is
 * jsonb is read from the SQL (src/sql/json-kind.ts). Runs after nameResultColumns, so the
 * column stays `?column?`.
 * @see https://www.postgresql.org/docs/15/functions-json.html
 */
export const rewriteJsonOperators: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const node = { A_Expr: path.node as AstFields };
      const op = operatorOf(node);
      if (!op) return;
      const l = node.A_Expr.lexpr as AstNode | undefined;
      const r = node.A_Expr.rexpr as AstNode | undefined;
      if (!l || !r) return;
      let fn: string;
      let args = [l, r];
      if (op in extraction) fn = `${isJsonbExpr(l) ? 'jsonb' : 'json'}_${extraction[op]}`;
      else {
        const j = jsonbOnly[op];
        if (!j || (j.needsJsonb && !isJsonbExpr(l) && (j.needsJsonb === 'left' || !isJsonbExpr(r)))) return;
        fn = j.fn;
        if (j.swap) args = [r, l];
      }
      replaceNode(path, funcCall(pgFunctionName(fn), args));
      changed = true;
    },
  });
  return { stmt, changed };
};
