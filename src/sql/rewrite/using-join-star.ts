import { COLUMNS_SELECTOR } from '../engine-identifiers.js';
import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { figureColname } from './column-names.js';
import type { Rewrite } from './rewrite.types.js';

const str = (sval: string): AstNode => ({ String: { sval } });
const column = (...names: string[]): AstNode => ({ ColumnRef: { fields: names.map(str), location: -1 } });
const target = (val: AstNode): AstNode => ({ ResTarget: { val, location: -1 } });

/** A subquery's output column names as Postgres names them, or null when a `*` hides them. */
function selectColumns(s: AstFields): string[] | null {
  if (s.op && s.op !== 'SETOP_NONE') return selectColumns(s.larg as AstFields);
  const rows = s.valuesLists as AstNode[] | undefined;
  if (rows?.length) return ((rows[0].List?.items ?? []) as AstNode[]).map((_, i) => `column${i + 1}`);
  const names: string[] = [];
  for (const t of (s.targetList ?? []) as AstNode[]) {
    const r = t.ResTarget as AstFields;
    const fields = (r.val as AstNode).ColumnRef?.fields as AstNode[] | undefined;
    if (fields?.some((f) => f.A_Star)) return null;
    names.push((r.name as string | undefined) ?? figureColname(r.val as AstNode)[0] ?? '?column?');
  }
  return names;
}

/** A FROM item's alias and column names when the statement itself says them (a subquery), else null. */
function knownRelation(item: AstNode): { alias: string; columns: string[] } | null {
  const sub = item.RangeSubselect as AstFields | undefined;
  const alias = sub?.alias as AstFields | undefined;
  if (!sub || !alias?.aliasname || sub.lateral) return null;
  const inner = selectColumns((sub.subquery as AstNode).SelectStmt as AstFields);
  if (!inner) return null;
  const renamed = ((alias.colnames ?? []) as AstNode[]).map((n) => n.String?.sval as string);
  const columns = inner.map((c, i) => renamed[i] ?? c);
  return new Set(columns).size === columns.length ? { alias: alias.aliasname as string, columns } : null;
}

/**
 * The select list Postgres's `*` means over a USING or NATURAL join of two subqueries: the
 * join columns, then the left side's others, then the right side's (DuckDB keeps the join
 * columns where the left side has them). Null when a side's columns are not in the statement.
 */
function explicitStar(join: AstFields): AstNode[] | null {
  const [l, r] = [knownRelation(join.larg as AstNode), knownRelation(join.rarg as AstNode)];
  if (!l || !r) return null;
  const keys = join.isNatural ? l.columns.filter((c) => r.columns.includes(c)) : ((join.usingClause ?? []) as AstNode[]).map((n) => n.String?.sval as string);
  if (!keys.length) return null;
  return [
    ...keys.map((k) => target(column(k))),
    ...l.columns.filter((c) => !keys.includes(c)).map((c) => target(column(l.alias, c))),
    ...r.columns.filter((c) => !keys.includes(c)).map((c) => target(column(r.alias, c))),
  ];
}

/** `k, COLUMNS(c -> c NOT IN ('k'))`: DuckDB's selector for "the USING columns, then every other column". */
function selectorStar(keys: string[]): AstNode[] {
  const others: AstNode = {
    A_Expr: {
      kind: 'AEXPR_OP',
      name: [str('->')],
      lexpr: column('c'),
      rexpr: { A_Expr: { kind: 'AEXPR_IN', name: [str('<>')], lexpr: column('c'), rexpr: { List: { items: keys.map((k) => ({ A_Const: { sval: { sval: k }, location: -1 } })) } }, location: -1 } },
      location: -1,
    },
  };
  return [...keys.map((k) => target(column(k))), target({ FuncCall: { funcname: [str(COLUMNS_SELECTOR)], args: [others], funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } })];
}

/**
 * `SELECT *` over `a JOIN b USING (k)` or `a NATURAL JOIN b` lists the join columns first in
 * Postgres, then a's other columns, then b's; DuckDB keeps k where a has it. When both sides
 * are subqueries the `*` becomes that explicit list; over tables (whose columns only the
 * engine knows) a non-FULL USING join gets DuckDB's COLUMNS selector instead (in a FULL join
 * the selector sees both sides' k), and a NATURAL join is left as it is.
 * Runs last but one: the lambda's `->` is not json's, and the selector must stay unnamed.
 */
export const rewriteUsingJoinStar: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    SelectStmt(path: AstPath) {
      const f = path.node as AstFields;
      const targets = (f.targetList ?? []) as AstNode[];
      const only = targets.length === 1 ? (targets[0].ResTarget as AstFields) : undefined;
      const fields = (only?.val as AstNode | undefined)?.ColumnRef?.fields as AstNode[] | undefined;
      if (only?.name || fields?.length !== 1 || !fields[0].A_Star) return;
      const from = (f.fromClause ?? []) as AstNode[];
      const join = from.length === 1 ? (from[0].JoinExpr as AstFields | undefined) : undefined;
      if (!join || (!join.usingClause && !join.isNatural) || (join.larg as AstNode).JoinExpr || (join.rarg as AstNode).JoinExpr) return;
      const keys = ((join.usingClause ?? []) as AstNode[]).map((n) => n.String?.sval as string);
      const list = explicitStar(join) ?? (!join.isNatural && join.jointype !== 'JOIN_FULL' ? selectorStar(keys) : null);
      if (!list) return;
      f.targetList = list;
      changed = true;
    },
  });
  return { stmt, changed };
};
