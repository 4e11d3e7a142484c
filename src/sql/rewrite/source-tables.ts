import { type AstPath, traverse } from '../ast-traverse.js';
import type { Rewrite } from './rewrite.types.js';
import { isWriteTarget } from './scope.js';

/**
 * `S.table` and `S.public.table`, where S is a source, become the source's view in the
 * sources catalog (`jammi_sources.S.table`). DuckDB binds the table name as the default
 * alias, so `S.table.col` and `table.col` keep resolving in the rest of the query.
 */
export const rewriteSourceTables: Rewrite = (stmt, ctx) => {
  let changed = false;
  traverse(stmt, {
    RangeVar(path: AstPath) {
      if (isWriteTarget(path)) return;
      const rv = path.node as { catalogname?: string; schemaname?: string; relname?: string };
      let schema: string | undefined;
      if (rv.catalogname && rv.schemaname === 'public') schema = rv.catalogname;
      else if (!rv.catalogname) schema = rv.schemaname;
      if (!schema || !rv.relname) return;
      const loc = ctx.resolver.sourceTable(schema, rv.relname);
      if (!loc) return;
      rv.catalogname = loc.catalog;
      rv.schemaname = loc.schema;
      rv.relname = loc.table;
      changed = true;
    },
  });
  return { stmt, changed };
};
