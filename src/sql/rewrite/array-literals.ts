import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { type ArrayTextItem, arrayTextDepth, MalformedArrayLiteral, parseArrayText } from '../../types/array-parse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** `ARRAY[…]` of the literal's element texts (string constants or NULL), nested per dimension. */
function arrayExpr(items: ArrayTextItem[]): AstNode {
  const elements = items.map((x): AstNode => {
    if (Array.isArray(x)) return arrayExpr(x);
    return x === null ? { A_Const: { isnull: true, location: -1 } } : { A_Const: { sval: { sval: x }, location: -1 } };
  });
  return { A_ArrayExpr: { elements, location: -1 } };
}

/** A Postgres array literal's elements; malformed input is 22P02 with Postgres's message. */
export function parseArrayConstant(text: string): ArrayTextItem[] {
  try {
    return parseArrayText(text);
  } catch (e) {
    if (e instanceof MalformedArrayLiteral) throw new PgError(SqlStates.invalid_text_representation, e.message, { detail: e.detail });
    throw e;
  }
}

/**
 * A string constant cast to an array type (`'{1,2}'::int[]`, `CAST('{a,"b c"}' AS text[])`)
 * is read by Postgres's array input rules; DuckDB reads `[1, 2]` instead and rejects `{…}`.
 * The literal is parsed here and becomes `CAST(ARRAY['1', '2'] AS int[])`, which DuckDB casts
 * element by element; a malformed literal fails with 22P02 as in Postgres.
 * @see https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO
 */
export const rewriteArrayLiterals: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const f = path.node as AstFields;
      const bounds = f.typeName?.arrayBounds as unknown[] | undefined;
      const text = (f.arg as AstNode | undefined)?.A_Const?.sval;
      if (!bounds?.length || !text) return;
      const items = parseArrayConstant((text.sval as string | undefined) ?? '');
      f.arg = arrayExpr(items);
      // DuckDB nests one list per dimension; Postgres's `int[]` holds any number of them.
      const depth = arrayTextDepth(items);
      if (depth > bounds.length) f.typeName.arrayBounds = Array.from({ length: depth }, () => ({ Integer: { ival: -1 } }));
      changed = true;
    },
  });
  return { stmt, changed };
};
