import { deparseSync } from 'pgsql-deparser';
import type { AstFields, AstNode } from '../ast.js';
import { declaredType } from '../declared-type.js';
import type { DeclaredColumn, TableMeta } from './table-meta.js';

/** A DEFAULT expression as Postgres would print it; null when the deparser cannot spell it. */
export function spellDefault(expr: AstNode | undefined): string | null {
  if (!expr) return null;
  try {
    return deparseSync(expr);
  } catch {
    return null;
  }
}

/** A ColumnDef's declared type and DEFAULT, read before translation rewrites them for DuckDB. */
export function declaredColumn(col: AstFields): DeclaredColumn {
  const dflt = ((col.constraints ?? []) as AstNode[]).find((c) => c.Constraint?.contype === 'CONSTR_DEFAULT');
  return { column: col.colname as string, ...declaredType(col.typeName as AstFields), default: spellDefault(dflt?.Constraint.raw_expr as AstNode | undefined) };
}

/** Record a column's declaration, replacing the one it had. */
export function declare(meta: TableMeta, c: DeclaredColumn): void {
  meta.declared = [...(meta.declared ?? []).filter((d) => d.column !== c.column), c];
}

/** A column's declaration, if it has one. */
export function declaredOf(meta: TableMeta, column: string): DeclaredColumn | undefined {
  return meta.declared?.find((d) => d.column === column);
}
