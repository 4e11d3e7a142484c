import type { AstPath } from '../ast-traverse.js';

/** Statement kinds that may carry a WITH clause. */
const withHolders = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * Names of the CTEs visible at `path`: those of every enclosing statement's WITH clause.
 * An unqualified name equal to one of them refers to the CTE, not to a catalog object.
 */
export function cteNamesInScope(path: AstPath): Set<string> {
  const names = new Set<string>();
  for (let p: AstPath | null = path.parent; p; p = p.parent) {
    if (!withHolders.has(p.tag)) continue;
    const wc = p.node?.withClause as { recursive?: boolean; ctes?: { CommonTableExpr?: { ctename?: string } }[] } | undefined;
    const ctes = wc?.ctes ?? [];
    // Inside CTE number k, a plain WITH sees only the CTEs before it; WITH RECURSIVE sees all.
    const rel = path.keyPath.slice(p.keyPath.length);
    const inside = rel[0] === 'withClause' && rel[1] === 'ctes' ? Number(rel[2]) : -1;
    const visible = inside >= 0 && !wc?.recursive ? ctes.slice(0, inside) : ctes;
    for (const c of visible) if (c.CommonTableExpr?.ctename) names.add(c.CommonTableExpr.ctename);
  }
  return names;
}

/** Whether this RangeVar is the target of a write (INSERT/UPDATE/DELETE/MERGE/COPY FROM/TRUNCATE/ALTER…) rather than a read. */
export function isWriteTarget(path: AstPath): boolean {
  const parent = path.parent;
  if (!parent) return false;
  const key = path.keyPath[path.keyPath.length - 1];
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'AlterTableStmt', 'IndexStmt', 'CreateStmt', 'RenameStmt', 'CreateTrigStmt', 'RuleStmt', 'LockStmt', 'AlterObjectSchemaStmt'].includes(parent.tag) && key === 'relation') return true;
  if (parent.tag === 'CreateSeqStmt' && key === 'sequence') return true;
  if (parent.tag === 'CopyStmt' && key === 'relation') return Boolean(parent.node.is_from);
  if (parent.tag === 'TruncateStmt') return true;
  if (parent.tag === 'IntoClause') return true;
  if (parent.tag === 'ViewStmt' && key === 'view') return true;
  if (parent.tag === 'CreateTableAsStmt') return true;
  return false;
}

/** Replace a RangeVar at `path` with another node, wrapping it when the slot holds wrapped nodes. */
export function replaceRangeVar(path: AstPath, tag: string, fields: Record<string, unknown>): void {
  const slot = path.container?.[path.containerKey as string | number];
  const wrapped = slot && typeof slot === 'object' && 'RangeVar' in slot;
  if (!wrapped && tag !== 'RangeVar') throw new Error(`cannot place ${tag} in a bare RangeVar slot`);
  path.replaceWith(wrapped ? { [tag]: fields } : fields);
}
