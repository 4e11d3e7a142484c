import { type AstPath, traverse } from './ast-traverse.js';
import type { AstFields, AstNode } from './ast.js';

/** Statements whose `relation` is a table they write. */
const WRITERS = ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt'] as const;

/**
 * The names of the tables a statement writes rows of (INSERT, UPDATE, DELETE, MERGE, also inside
 * WITH; COPY FROM; TRUNCATE), unqualified: what an HNSW index on one of them must catch up with
 * after the write commits. Names only, so a write to `s.t` also marks `public.t` (conservative).
 */
export function writtenTables(ast: AstNode): string[] {
  const out = new Set<string>();
  const add = (rv: AstFields | undefined) => {
    if (rv?.relname) out.add(rv.relname as string);
  };
  for (const r of (ast.TruncateStmt?.relations ?? []) as AstNode[]) add(r.RangeVar);
  const visitors: Record<string, (p: AstPath) => void> = {};
  for (const tag of WRITERS) visitors[tag] = (p) => add(p.node.relation as AstFields | undefined);
  traverse(ast, visitors);
  return [...out];
}
