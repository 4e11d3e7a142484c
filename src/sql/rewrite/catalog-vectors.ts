import { type AstPath, traverse } from '../ast-traverse.js';
import { type CatalogRelation, catalogRelation, ENGINE_SCHEMA_OF, PG_CATALOG_DB } from '../../pg-catalog/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { funcCall, intConst, replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** Postgres's vector types: arrays whose subscripts start at 0 and whose text is `1 2 3`. */
const vectorTypes = new Set(['int2vector', 'oidvector']);
/** Casts that print a vector (`indkey::varchar`, as SQLAlchemy reads an index's columns). */
const textTypes = new Set(['text', 'varchar', 'name', 'bpchar']);

const schemaOfEngine = Object.fromEntries(Object.entries(ENGINE_SCHEMA_OF).map(([pg, engine]) => [engine, pg])) as Record<string, string>;

const arith = (op: '+' | '-', l: AstNode, r: AstNode): AstNode => ({ A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: op } }], lexpr: l, rexpr: r, location: -1 } });

/**
 * The emulated catalog relations a statement reads (already rewritten by
 * rewriteCatalogRelations to `jammi_pgcat.<schema>.<name>`), by the name their columns are
 * qualified with (the alias, else the relation's name).
 */
function catalogRelationsOf(stmt: AstNode): Map<string, CatalogRelation> {
  const out = new Map<string, CatalogRelation>();
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as AstFields;
      if (rv.catalogname !== PG_CATALOG_DB) return;
      const rel = catalogRelation(schemaOfEngine[rv.schemaname as string] ?? '', rv.relname as string);
      if (rel) out.set((rv.alias?.aliasname as string | undefined) ?? rel.name, rel);
    },
  });
  return out;
}

/**
 * The vector columns of Postgres's catalogs (pg_index.indkey, indclass, indcollation,
 * indoption, pg_proc.proargtypes, pg_trigger.tgattr, …: int2vector and oidvector) are lists in
 * the emulation, which DuckDB subscripts from 1 and prints as `[1, 2]`. Postgres subscripts a
 * vector from 0 (psqlODBC reads `i.indkey[ia.attnum - 1]`) and prints it as `1 2`
 * (SQLAlchemy parses `ix.indkey::varchar`). So, for a column of a catalog relation the
 * statement reads (`alias.col`, or a bare name some such relation has):
 * - `col[i]` is `col[i + 1]`;
 * - `col::text` (varchar, name) is `array_to_string(col, ' ')`;
 * - `generate_subscripts(col, d)`, `array_lower(col, d)` and `array_upper(col, d)` are one less.
 * The int2[] columns (pg_constraint.conkey, …) are ordinary arrays and keep 1-based subscripts.
 * @see https://www.postgresql.org/docs/15/catalog-pg-index.html
 */
export const rewriteCatalogVectors: Rewrite = (stmt) => {
  const rels = catalogRelationsOf(stmt);
  if (rels.size === 0) return { stmt, changed: false };
  const vectorColumn = (rel: CatalogRelation, column: string) => rel.columns.some((c) => c.name === column && vectorTypes.has(c.type));
  const isVector = (node: AstNode | undefined): boolean => {
    const fields = nameList(node?.ColumnRef?.fields as AstNode[] | undefined);
    if (fields.length === 2) {
      const rel = rels.get(fields[0]);
      return rel !== undefined && vectorColumn(rel, fields[1]);
    }
    return fields.length === 1 && [...rels.values()].some((rel) => vectorColumn(rel, fields[0]));
  };
  let changed = false;
  const shifted = new WeakSet<object>();
  traverse(stmt, {
    A_Indirection(path: AstPath) {
      const f = path.node as AstFields;
      const first = ((f.indirection ?? []) as AstNode[])[0]?.A_Indices as AstFields | undefined;
      if (!isVector(f.arg as AstNode) || !first) return;
      for (const key of ['lidx', 'uidx'] as const) if (first[key]) first[key] = arith('+', first[key] as AstNode, intConst(1));
      changed = true;
    },
    TypeCast(path: AstPath) {
      const cast = path.node as AstFields;
      const names = nameList(cast.typeName?.names as AstNode[] | undefined);
      if (!isVector(cast.arg as AstNode) || !textTypes.has(names[names.length - 1] ?? '') || cast.typeName?.arrayBounds) return;
      replaceNode(path, funcCall(['array_to_string'], [cast.arg as AstNode, stringConst(' ')]));
      changed = true;
    },
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const names = nameList(f.funcname as AstNode[] | undefined);
      const name = names[names.length - 1];
      if (shifted.has(f) || !['generate_subscripts', 'array_lower', 'array_upper'].includes(name) || !isVector(((f.args ?? []) as AstNode[])[0])) return;
      shifted.add(f);
      replaceNode(path, arith('-', { FuncCall: f }, intConst(1)));
      changed = true;
    },
  });
  return { stmt, changed };
};
