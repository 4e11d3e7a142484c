import { type AstPath, traverse } from '../ast-traverse.js';
import { USER_CATALOG } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** Where jammi keeps the tables clients create: DuckDB's default schema. */
const ENGINE_SCHEMA = 'main';

const isPublic = (n: AstNode | undefined) => n?.String?.sval === 'public';
const str = (sval: string): AstNode => ({ String: { sval } });

/**
 * Postgres's default schema is `public`; DuckDB's is `main`. A table created unqualified
 * lands in `main` of the database file's catalog, so `public.t` (in FROM, DML, DDL, DROP)
 * names it there, fully qualified: as in Postgres, `public.t` never finds a temp table
 * (DuckDB's bare `main.t` would). `public.t.col` becomes `t.col`, the name DuckDB binds.
 * Runs after rewriteSourceTables, which owns `S.public.t` for a source S.
 */
export const rewritePublicSchema: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as AstFields;
      if (rv.catalogname || rv.schemaname !== 'public') return;
      rv.catalogname = USER_CATALOG;
      rv.schemaname = ENGINE_SCHEMA;
      changed = true;
    },
    ColumnRef(path: AstPath) {
      const fields = (path.node as AstFields).fields as AstNode[];
      if (fields.length !== 3 || !isPublic(fields[0])) return;
      fields.shift();
      changed = true;
    },
  });
  for (const obj of (stmt.DropStmt?.objects ?? []) as AstNode[]) {
    const items = obj.List?.items as AstNode[] | undefined;
    if (items?.length !== 2 || !isPublic(items[0])) continue;
    items.splice(0, 1, str(USER_CATALOG), str(ENGINE_SCHEMA));
    changed = true;
  }
  return { stmt, changed };
};
