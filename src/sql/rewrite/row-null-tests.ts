import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * `ROW(a, b) IS NULL` is true in Postgres when every field is NULL, and `IS NOT NULL` when
 * none is; DuckDB tests the struct itself, which is never NULL. A row constructor under a
 * null test becomes the conjunction of its fields' tests. (A whole-row reference such as
 * `t IS NULL` has no visible fields here and is left as it is.)
 */
export const rewriteRowNullTests: Rewrite = (stmt) => {
  let changed = false;
  // Field tests built here test plain values: a nested row field keeps DuckDB's meaning, as in Postgres.
  const built = new WeakSet<object>();
  traverse(stmt, {
    NullTest(path: AstPath) {
      const t = path.node as AstFields;
      if (built.has(t)) return;
      const fields = (t.arg as AstNode | undefined)?.RowExpr?.args as AstNode[] | undefined;
      if (!fields?.length) return;
      const tests = fields.map((arg) => {
        const test = { arg, nulltesttype: t.nulltesttype, location: -1 };
        built.add(test);
        return { NullTest: test };
      });
      const replacement = tests.length === 1 ? tests[0] : { BoolExpr: { boolop: 'AND_EXPR', args: tests, location: -1 } };
      const slot = path.container?.[path.containerKey as string | number];
      const wrapped = slot && typeof slot === 'object' && 'NullTest' in slot;
      path.replaceWith(wrapped ? replacement : Object.values(replacement)[0]);
      changed = true;
    },
  });
  return { stmt, changed };
};

