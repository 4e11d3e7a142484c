import { type AstFields, type AstNode, fieldsOf, tagOf } from '../ast.js';

/**
 * The select-list expressions whose values go straight to the client and that `wanted`
 * picks: the root of each target of a plain top-level SELECT (not a set operation, not
 * SELECT INTO), as the fields object a traverse visitor receives. Such a column may travel in
 * a display form (a numeric quotient's exact text), so an ORDER BY naming it by alias or
 * position gets a copy of its expression instead (sorting by value, not by text); a target
 * that GROUP BY or a DISTINCT query's ORDER BY refers to is left out.
 */
export function outputExpressions(stmt: AstNode, wanted: (expr: AstNode) => boolean): Set<AstFields> {
  const out = new Set<AstFields>();
  if (tagOf(stmt) !== 'SelectStmt') return out;
  const s = fieldsOf(stmt);
  if ((s.op && s.op !== 'SETOP_NONE') || s.intoClause) return out;
  const targets = ((s.targetList ?? []) as AstNode[]).map((t) => t.ResTarget);
  const refersTo = (item: AstNode | undefined): number => {
    const fields = item?.ColumnRef?.fields as AstNode[] | undefined;
    if (fields?.length === 1 && fields[0].String) return targets.findIndex((t) => t?.name === fields[0].String.sval);
    if (item?.A_Const) return Number(item.A_Const.ival?.ival ?? 0) - 1;
    return -1;
  };
  const grouped = new Set(((s.groupClause ?? []) as AstNode[]).map(refersTo));
  const sorts = ((s.sortClause ?? []) as AstNode[]).map((b) => b.SortBy as AstFields | undefined);
  targets.forEach((t, i) => {
    if (!t?.val || !wanted(t.val as AstNode) || grouped.has(i)) return;
    const sortedBy = sorts.filter((b) => b && refersTo(b.node as AstNode) === i);
    if (sortedBy.length && s.distinctClause) return;
    for (const b of sortedBy) b!.node = structuredClone(t.val);
    out.add(fieldsOf(t.val as AstNode));
  });
  return out;
}
