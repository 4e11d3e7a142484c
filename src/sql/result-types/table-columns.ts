import { figureColname } from '../rewrite/column-names.js';
import { USER_CATALOG } from '../../engine/index.js';
import { arrayOidOf, PgOid } from '../../types/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { NameResolver, WritableColumn } from '../resolver.js';
import type { ColumnTypeHint } from './result-types.types.js';

/** One FROM item of the statement's own level: its name in the query and, for a writable table, its columns. */
interface FromItem {
  name: string;
  columns: readonly WritableColumn[] | null;
  /** The relation's OID as pg_class shows it, when the resolver knows it. */
  oid?: number | null;
  /** A subquery's columns that have a hint (the rest are unknown, so `*` cannot expand it), by name. */
  derived?: ReadonlyMap<string, ColumnTypeHint>;
}

/** The hints of a subquery's output columns (resultTypeHints, passed in to keep the modules acyclic). */
export type SubqueryHints = (subquery: AstNode) => readonly (ColumnTypeHint | null)[] | undefined;

/**
 * The relations a statement's output expressions can name, in FROM order, resolved against
 * the writable tables; null when star expansion cannot follow Postgres's column order (a
 * USING or NATURAL join merges columns).
 */
export interface TableScope {
  items: FromItem[];
  /** `*` expands to every item's columns in order. */
  starExpands: boolean;
}

/** numeric and numeric[]: a declared column of them without a typmod is stored at a fixed scale (DECIMAL(38,10)). */
const numericOids = new Set([PgOid.numeric, arrayOidOf[PgOid.numeric]]);

const hintOf = (c: WritableColumn): ColumnTypeHint => ({ oid: c.oid, typmod: c.typmod, ...(c.typmod === -1 && numericOids.has(c.oid) ? { trimScale: true } : {}) });

/** A column's hint, with its table and attnum when the table's OID is known (a SELECT's and RETURNING's columns alike, as in Postgres). */
function columnHint(item: FromItem, c: WritableColumn): ColumnTypeHint {
  const derived = item.derived?.get(c.name);
  if (derived) return derived;
  const h = hintOf(c);
  if (!item.oid || !item.columns) return h;
  return { ...h, origin: { tableOid: item.oid, attnum: item.columns.indexOf(c) + 1 } };
}

/** A RangeVar's columns (a writable table's or an emulated catalog relation's) and OID, or null (a CTE, a source, a system table, a temp table, another catalog). */
function tableColumns(rv: AstFields, ctes: ReadonlySet<string>, resolver: NameResolver): { columns: readonly WritableColumn[]; oid: number | null } | null {
  const relname = rv.relname as string;
  if (rv.catalogname && rv.catalogname !== USER_CATALOG) return null;
  const schema = rv.schemaname as string | undefined;
  if (!schema && ctes.has(relname)) return null;
  const found = (s: string, columns: readonly WritableColumn[] | null | undefined) => (columns ? { columns, oid: resolver.relationOid?.(s, relname) ?? null } : null);
  if (schema === 'pg_catalog' || schema === 'information_schema') return found(schema, resolver.catalogRelation?.(schema, relname));
  // Postgres searches pg_catalog before any other schema.
  const builtin = !schema && relname.startsWith('pg_') ? found('pg_catalog', resolver.catalogRelation?.('pg_catalog', relname)) : null;
  if (builtin) return builtin;
  if (schema && resolver.isSource(schema)) return null;
  const pgSchema = !schema || schema === 'main' ? 'public' : schema;
  return found(pgSchema, resolver.writableTable(pgSchema, relname));
}

function collect(node: AstNode, ctes: ReadonlySet<string>, resolver: NameResolver, scope: TableScope, subqueryHints?: SubqueryHints): void {
  if (node.RangeVar) {
    const rv = node.RangeVar;
    const table = rv.alias?.colnames ? null : tableColumns(rv, ctes, resolver);
    scope.items.push({ name: (rv.alias?.aliasname as string | undefined) ?? (rv.relname as string), columns: table?.columns ?? null, oid: table?.oid ?? null });
    return;
  }
  const join = node.JoinExpr;
  if (join) {
    if (join.usingClause || join.isNatural || join.alias) scope.starExpands = false;
    collect(join.larg as AstNode, ctes, resolver, scope, subqueryHints);
    collect(join.rarg as AstNode, ctes, resolver, scope, subqueryHints);
    return;
  }
  // A subquery: the columns its own select list says the type of (Postgres reports a column's type, and its table, through a subquery).
  const alias = (node.RangeSubselect?.alias ?? node.RangeFunction?.alias) as AstFields | undefined;
  const derived = node.RangeSubselect && subqueryHints ? derivedColumns(node.RangeSubselect, subqueryHints) : undefined;
  scope.items.push({ name: (alias?.aliasname as string | undefined) ?? '', columns: derived ? [...derived.keys()].map((name) => ({ name, oid: derived.get(name)!.oid ?? 0, typmod: -1 })) : null, ...(derived ? { derived } : {}) });
}

/** A subquery's output columns that have a hint with a type, by their output names; undefined when none has. */
function derivedColumns(sub: AstFields, subqueryHints: SubqueryHints): Map<string, ColumnTypeHint> | undefined {
  const select = (sub.subquery as AstNode | undefined)?.SelectStmt as AstFields | undefined;
  if (!select || (select.op && select.op !== 'SETOP_NONE') || sub.lateral) return undefined;
  const targets = (select.targetList ?? []) as AstNode[];
  const hints = subqueryHints(sub.subquery as AstNode);
  if (!hints) return undefined;
  const renamed = (((sub.alias as AstFields | undefined)?.colnames ?? []) as AstNode[]).map((n) => n.String?.sval as string);
  const out = new Map<string, ColumnTypeHint>();
  targets.forEach((t, i) => {
    const r = t.ResTarget as AstFields;
    const name = renamed[i] ?? (r.name as string | undefined) ?? figureColname(r.val as AstNode)[0];
    const h = hints[i];
    if (name && h?.oid !== undefined) out.set(name, h);
  });
  return out.size ? out : undefined;
}

/** The FROM items a SELECT reads, or a DML's target (plus UPDATE's FROM / DELETE's USING) that RETURNING reads. */
export function tableScope(stmt: AstNode, resolver: NameResolver, subqueryHints?: SubqueryHints): TableScope | null {
  const f = (stmt.SelectStmt ?? stmt.InsertStmt ?? stmt.UpdateStmt ?? stmt.DeleteStmt) as AstFields | undefined;
  if (!f) return null;
  const ctes = new Set(((f.withClause?.ctes ?? []) as AstNode[]).map((c) => c.CommonTableExpr?.ctename as string));
  const scope: TableScope = { items: [], starExpands: true };
  const target = f.relation as AstFields | undefined;
  const from = (stmt.SelectStmt ? f.fromClause : stmt.UpdateStmt ? f.fromClause : f.usingClause) as AstNode[] | undefined;
  if (target) collect({ RangeVar: target }, ctes, resolver, scope);
  for (const item of from ?? []) collect(item, ctes, resolver, scope, subqueryHints);
  return scope.items.some((i) => i.columns) ? scope : null;
}

/** The declared type of a plain column reference (`email`, `u.email`), or undefined when it is not one of a writable table. */
export function columnRefHint(expr: AstNode, scope: TableScope): ColumnTypeHint | undefined {
  const found = columnRefItem(expr, scope);
  return found ? columnHint(found.item, found.column) : undefined;
}

/** The writable-table column a plain column reference names, or undefined. */
export function columnRefColumn(expr: AstNode, scope: TableScope): WritableColumn | undefined {
  return columnRefItem(expr, scope)?.column;
}

/** The FROM item and column a plain column reference names, or undefined. */
function columnRefItem(expr: AstNode, scope: TableScope): { item: FromItem; column: WritableColumn } | undefined {
  const fields = expr.ColumnRef?.fields as AstNode[] | undefined;
  if (!fields || fields.some((n) => n.A_Star)) return undefined;
  const names = nameList(fields);
  if (names.length === 1) {
    // Found in exactly one table: if another (unknown) item had it too, Postgres would refuse the query as ambiguous.
    const found = scope.items.flatMap((item) => (item.columns ?? []).filter((c) => c.name === names[0]).map((column) => ({ item, column })));
    return found.length === 1 ? found[0] : undefined;
  }
  if (names.length === 2) {
    const items = scope.items.filter((i) => i.name === names[0]);
    const column = items.length === 1 ? items[0].columns?.find((c) => c.name === names[1]) : undefined;
    return column ? { item: items[0], column } : undefined;
  }
  return undefined;
}

/** The hints a `*` or `t.*` expands to, or null when its columns are not all known. */
export function starHints(expr: AstNode, scope: TableScope): ColumnTypeHint[] | null {
  const names = nameList((expr.ColumnRef?.fields ?? []) as AstNode[]);
  const items = names.length === 1 ? (scope.starExpands ? scope.items : []) : scope.items.filter((i) => i.name === names[0]);
  if (items.length === 0 || (names.length === 2 && items.length !== 1) || items.some((i) => !i.columns || i.derived)) return null;
  return items.flatMap((i) => i.columns!.map((c) => columnHint(i, c)));
}
