import { PgError, SqlStates } from '../../errors/index.js';
import { elementOidOf, PgOid } from '../../types/index.js';
import type { AstFields, AstNode } from '../ast.js';
import type { WritableColumn } from '../resolver.js';
import { columnRefColumn, tableScope, type TableScope } from '../result-types/table-columns.js';
import { nameList } from '../ast.js';
import { typeNameForOid } from './param-types.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * A string literal written into, or compared with, a column of a writable table takes the
 * column's declared type, as Postgres types an unknown literal from its context:
 * `INSERT INTO t (tags) VALUES ('{a,b}')` is a text[] literal, `attrs @> '{"n":1}'` is jsonb
 * containment. DuckDB would read the literal as VARCHAR (and fail the array, treat `@>` as
 * array containment, read `'\x01'` bytea as text). The literal gets an explicit cast, which
 * the literal rewrites after this one spell for DuckDB; a jsonb column that is an operator's
 * operand gets `::jsonb` so the json operators take jsonb's rules. Covers INSERT … VALUES
 * (and ON CONFLICT … SET), UPDATE … SET, and comparisons in the statement's own level.
 */
export const typeLiteralsByColumn: Rewrite = (stmt, ctx) => {
  const f = (stmt.InsertStmt ?? stmt.UpdateStmt ?? stmt.DeleteStmt ?? stmt.SelectStmt) as AstFields | undefined;
  if (!f) return { stmt, changed: false };
  const scope = tableScope(stmt, ctx.resolver);
  if (!scope) return { stmt, changed: false };
  let changed = false;
  const typed = (node: AstNode, col: WritableColumn): AstNode => {
    const cast = castFor(node, col);
    if (cast) changed = true;
    return cast ?? node;
  };
  if (stmt.InsertStmt) {
    const targets = insertTargets(f, scope);
    const values = ((f.selectStmt as AstNode | undefined)?.SelectStmt?.valuesLists ?? []) as AstNode[];
    for (const row of values) {
      const items = (row.List?.items ?? []) as AstNode[];
      items.forEach((v, i) => {
        if (targets[i]) items[i] = typed(v, targets[i]!);
      });
    }
    const conflictSet = ((f.onConflictClause as AstFields | undefined)?.targetList ?? []) as AstNode[];
    typeAssignments(conflictSet, scope.items[0]?.columns ?? null, typed);
  }
  if (stmt.UpdateStmt) typeAssignments((f.targetList ?? []) as AstNode[], scope.items[0]?.columns ?? null, typed);
  for (const clause of [f.whereClause, f.havingClause, f.targetList]) typeComparisons(clause, scope, typed, () => (changed = true));
  return { stmt, changed };
};

/** The declared columns an INSERT's VALUES fill, by position. */
function insertTargets(f: AstFields, scope: TableScope): (WritableColumn | undefined)[] {
  const columns = scope.items[0]?.columns;
  if (!columns) return [];
  const listed = (f.cols ?? []) as AstNode[];
  if (listed.length === 0) return [...columns];
  return listed.map((c) => columns.find((col) => col.name === (c.ResTarget?.name as string)));
}

/** `SET col = 'literal'` in UPDATE and ON CONFLICT DO UPDATE. */
function typeAssignments(targets: AstNode[], columns: readonly WritableColumn[] | null, typed: (n: AstNode, col: WritableColumn) => AstNode): void {
  if (!columns) return;
  for (const t of targets) {
    const rt = t.ResTarget;
    const col = rt && columns.find((c) => c.name === rt.name);
    if (col && rt.val && !rt.indirection) rt.val = typed(rt.val as AstNode, col);
  }
}

const isJsonb = (oid: number) => oid === PgOid.jsonb;

/** Operators whose operands are both of the column's type. */
const sameTypeOperators = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '@>', '<@', '&&', '||']);

/** Operators in this level's expressions (not subqueries, which have their own scope): a literal takes the column's type. */
function typeComparisons(node: unknown, scope: TableScope, typed: (n: AstNode, col: WritableColumn) => AstNode, markChanged: () => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) typeComparisons(n, scope, typed, markChanged);
    return;
  }
  const n = node as AstNode;
  if (n.SubLink || n.SelectStmt) return;
  const e = n.A_Expr;
  if (e && (e.kind === 'AEXPR_OP' || e.kind === 'AEXPR_OP_ANY' || e.kind === 'AEXPR_OP_ALL')) {
    const op = nameList(e.name as AstNode[]).at(-1) ?? '';
    const sides = ['lexpr', 'rexpr'] as const;
    for (const [side, other] of [sides, [sides[1], sides[0]] as const]) {
      const col = columnRefColumn(e[side] as AstNode, scope);
      if (!col) continue;
      // Only where the other operand is a value of the column's type (not a key: `attrs ->> 'k'`).
      if (e.kind === 'AEXPR_OP' && sameTypeOperators.has(op)) e[other] = typed(e[other] as AstNode, col);
      // jsonb's operators are chosen by the operand's type, which DuckDB's JSON does not carry.
      if (isJsonb(col.oid)) {
        e[side] = jsonbCast(e[side] as AstNode);
        markChanged();
      }
    }
  }
  for (const v of Object.values(n)) typeComparisons(v, scope, typed, markChanged);
}

const literalTypes = new Set<number>([PgOid.json, PgOid.jsonb, PgOid.bytea, PgOid.bool, PgOid.date, PgOid.timestamp, PgOid.timestamptz, PgOid.time, PgOid.interval]);

/** Types for which Postgres's reading of a literal differs from DuckDB's VARCHAR conversion. */
function needsCast(oid: number): boolean {
  if (elementOidOf[oid] !== undefined) return true;
  return literalTypes.has(oid);
}

/**
 * `'lit'::type` for a string literal when the column's type reads it differently; null to keep
 * the node. An enum literal becomes the enum, so comparisons follow the labels' order.
 */
function castFor(node: AstNode, col: WritableColumn): AstNode | null {
  if (!node.A_Const?.sval) return null;
  if (col.enumLabels && col.type) {
    const label = node.A_Const.sval.sval as string;
    if (!col.enumLabels.includes(label)) throw new PgError(SqlStates.invalid_text_representation, `invalid input value for enum ${col.type}: "${label}"`);
    const names = col.type.split('.').map((sval) => ({ String: { sval } }));
    return { TypeCast: { arg: node, typeName: { names, typemod: -1 } as Record<string, unknown> as AstNode, location: -1 } };
  }
  if (!needsCast(col.oid)) return null;
  const typeName = isJsonb(col.oid) ? jsonbTypeName() : typeNameForOid(col.oid);
  return typeName ? { TypeCast: { arg: node, typeName, location: -1 } } : null;
}

const jsonbTypeName = (): AstNode => ({ names: [{ String: { sval: 'jsonb' } }], typemod: -1 }) as Record<string, unknown> as AstNode;

function jsonbCast(node: AstNode): AstNode {
  if (node.TypeCast) return node;
  return { TypeCast: { arg: node, typeName: jsonbTypeName(), location: -1 } };
}
