import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinOperator, builtinTypeName, funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * pgvector's distance operators, as DuckDB's list functions (exact): `<->` Euclidean,
 * `<=>` cosine distance, `<#>` negative inner product; pgvector answers double precision.
 * @see https://github.com/pgvector/pgvector#querying
 */
const distances: Record<string, string> = { '<->': 'list_distance', '<=>': 'list_cosine_distance', '<#>': 'list_negative_inner_product' };

/** `float4[n]` (or `float4[]`): how jammi stores pgvector's `vector(n)`; `float8[]` for computing distances. */
export function vectorEngineType(dimensions?: number, element = 'float4'): AstFields {
  return { names: [{ String: { sval: element } }], arrayBounds: [{ Integer: dimensions ? { ival: dimensions } : { ival: -1 } }], typemod: -1, location: -1 };
}

/** The dimension count of `vector(n)`, or undefined for a bare `vector`. */
export function vectorDimensions(typeName: AstFields): number | undefined {
  const n = ((typeName.typmods ?? []) as AstNode[])[0]?.A_Const?.ival?.ival as number | undefined;
  return typeof n === 'number' ? n : undefined;
}

const varchar = (e: AstNode): AstNode => ({ TypeCast: { arg: e, typeName: { names: [{ String: { sval: 'varchar' } }], typemod: -1, location: -1 }, location: -1 } });

/**
 * An operand as a float4 list. Text (pgvector's `[1,2,3]`, as a literal or a parameter) goes
 * through varchar, so DuckDB reads it as a list; Postgres's array-text rewrites, which would
 * read `{…}`, do not claim a cast of a cast.
 */
const asList = (e: AstNode, dimensions?: number, element?: string): AstNode => {
  const text = e.A_Const?.sval !== undefined || e.ParamRef !== undefined;
  return { TypeCast: { arg: text ? varchar(e) : e, typeName: vectorEngineType(dimensions, element), location: -1 } };
};
const asDouble = (e: AstNode): AstNode => ({ TypeCast: { arg: e, typeName: { names: [{ String: { sval: 'float8' } }], typemod: -1, location: -1 }, location: -1 } });

/**
 * pgvector on writable tables: a cast to `vector(n)` is a cast to `float4[n]` (DuckDB reads
 * pgvector's text `[1,2,3]` as a list), and the distance operators become DuckDB's list
 * distance functions over both operands as float4 lists (a column, a text parameter or a
 * literal alike). The result types (vector, `[…]` text) come from the result-type hints.
 */
export const rewritePgvector: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const cast = path.node as AstFields;
      const typeName = cast.typeName as AstFields;
      if (builtinTypeName(typeName) !== 'vector' || typeName.arrayBounds) return;
      replaceNode(path, asList(cast.arg as AstNode, vectorDimensions(typeName)));
      changed = true;
    },
    A_Expr(path: AstPath) {
      const e = path.node as AstFields;
      const fn = distances[builtinOperator(e) ?? ''];
      if (!fn || !e.lexpr || !e.rexpr) return;
      // Accumulated in double precision, as pgvector does over its float4 elements.
      replaceNode(path, asDouble(funcCall([fn], [asList(e.lexpr as AstNode, undefined, 'float8'), asList(e.rexpr as AstNode, undefined, 'float8')])));
      changed = true;
    },
  });
  return { stmt, changed };
};
