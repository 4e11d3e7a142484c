import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';
import { builtinOperator } from './ast-build.js';

/** Postgres's POSIX regex operators: whether they ignore case and whether they negate. */
const operators: Record<string, { insensitive: boolean; negate: boolean }> = {
  '~': { insensitive: false, negate: false },
  '~*': { insensitive: true, negate: false },
  '!~': { insensitive: false, negate: true },
  '!~*': { insensitive: true, negate: true },
};

/**
 * `a ~ 'x'` matches anywhere in Postgres, but DuckDB's `~` must match the whole string.
 * The operators become `regexp_matches(a, 'x'[, 'i'])`, negated for `!~`.
 * @see https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP
 */
export const rewriteRegexOperators: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      const op = operators[builtinOperator(f) ?? ''];
      if (!op) return;
      const args: AstNode[] = [f.lexpr as AstNode, f.rexpr as AstNode];
      if (op.insensitive) args.push({ A_Const: { sval: { sval: 'i' }, location: -1 } });
      const call: AstNode = { FuncCall: { funcname: [{ String: { sval: 'regexp_matches' } }], args, funcformat: 'COERCE_EXPLICIT_CALL', location: f.location ?? -1 } };
      const replacement = op.negate ? { BoolExpr: { boolop: 'NOT_EXPR', args: [call], location: f.location ?? -1 } } : call;
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'A_Expr' in slot;
      path.replaceWith(wrapped ? replacement : Object.values(replacement)[0]);
      changed = true;
    },
  });
  return { stmt, changed };
};
