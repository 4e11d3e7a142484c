import { type AstPath, traverse } from '../ast-traverse.js';
import { parseSync } from 'libpg-query';
import type { SystemColumnType } from '../../catalog/index.js';
import { quoteIdent, quoteLiteral } from '../../engine/index.js';
import type { AstNode } from '../ast.js';
import type { ResolvedSystemTable } from '../resolver.js';
import type { Rewrite } from './rewrite.types.js';
import { cteNamesInScope, isWriteTarget, replaceRangeVar } from './scope.js';

/**
 * An unqualified `_jammi_<name>` (or `jammi._jammi_<name>`) that is not a CTE becomes a
 * subquery over the catalog rows visible to the session, rendered as typed literals.
 * The rows are read at execution time, so the statement is marked dynamic.
 */
export const rewriteSystemTables: Rewrite = (stmt, ctx) => {
  let changed = false;
  traverse(stmt, {
    RangeVar(path: AstPath) {
      if (isWriteTarget(path)) return;
      const rv = path.node as { catalogname?: string; schemaname?: string; relname?: string; alias?: { aliasname?: string } };
      const name = rv.relname ?? '';
      if (rv.catalogname || (rv.schemaname && rv.schemaname !== 'jammi') || !name.startsWith('_jammi_')) return;
      if (!rv.schemaname && cteNamesInScope(path).has(name)) return;
      const table = ctx.resolver.systemTable(name);
      if (!table) return;
      ctx.dynamic = true;
      replaceRangeVar(path, 'RangeSubselect', { subquery: renderRows(table), alias: { aliasname: rv.alias?.aliasname ?? name } });
      changed = true;
    },
  });
  return { stmt, changed };
};

function literal(v: unknown, type: SystemColumnType): string {
  if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
  switch (type) {
    case 'INTEGER':
    case 'BIGINT':
      return `CAST(${Number(v)} AS ${type})`;
    case 'BOOLEAN':
      return v ? 'true' : 'false';
    case 'TEXT[]': {
      const items = (v as unknown[]).map((x) => (x === null ? 'NULL' : quoteLiteral(String(x))));
      return `CAST(ARRAY[${items.join(', ')}] AS TEXT[])`;
    }
    default:
      return `CAST(${quoteLiteral(String(v))} AS ${type})`;
  }
}

/** The SELECT that yields a system table's rows with its column names and types. */
export function systemTableSql(table: ResolvedSystemTable): string {
  const rows = table.rows();
  const cols = table.columns;
  if (rows.length === 0) {
    return `SELECT ${cols.map((c) => `${literal(null, c.type)} AS ${quoteIdent(c.name)}`).join(', ')} WHERE false`;
  }
  return rows
    .map((row) => `SELECT ${cols.map((c, i) => `${literal(row[i], c.type)} AS ${quoteIdent(c.name)}`).join(', ')}`)
    .join(' UNION ALL ');
}

function renderRows(table: ResolvedSystemTable): AstNode {
  const parsed = parseSync(systemTableSql(table)) as { stmts: { stmt: AstNode }[] };
  return parsed.stmts[0].stmt;
}
