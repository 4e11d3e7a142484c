import { deparseSync } from 'pgsql-deparser';
import type { AstFields, AstNode } from '../ast.js';
import { type DeclaredType, declaredType } from '../declared-type.js';
import { formatType, PgOid } from '../../types/index.js';
import type { DeclaredColumn, TableMeta } from './table-meta.js';

const boolInputs: Record<string, boolean> = { t: true, true: true, y: true, yes: true, on: true, 1: true, f: false, false: false, n: false, no: false, off: false, 0: false };

/**
 * A string literal as Postgres stores it for a column of type `type` (the literal is read as
 * that type when the DEFAULT is created): `true` for boolean, a plain non-negative number for
 * integer, else the quoted text cast to the type, which format_type spells without a typmod
 * (`'0'::numeric`, `'x'::character varying`).
 */
function typedLiteral(value: string, type: DeclaredType): string | null {
  if (type.oid === PgOid.bool) {
    const b = boolInputs[value.trim().toLowerCase()];
    return b === undefined ? null : String(b);
  }
  if (type.oid === PgOid.int4 && /^\s*\+?\d+\s*$/.test(value)) return String(Number(value));
  const label = type.oid === null ? undefined : formatType(type.oid, -1);
  return label === undefined ? null : `'${value.replace(/'/g, "''")}'::${label}`;
}

/**
 * A DEFAULT expression as Postgres prints it (pg_get_expr of the stored default); null when the
 * deparser cannot spell it. With the column's type, a string literal is spelled as Postgres
 * stores it after reading it as that type (typedLiteral); other expressions as written.
 */
export function spellDefault(expr: AstNode | undefined, type?: DeclaredType): string | null {
  if (!expr) return null;
  const literal = expr.A_Const?.sval?.sval;
  if (type && typeof literal === 'string') {
    const typed = typedLiteral(literal, type);
    if (typed !== null) return typed;
  }
  try {
    return deparseSync(expr);
  } catch {
    return null;
  }
}

/** A ColumnDef's declared type and DEFAULT, read before translation rewrites them for DuckDB. */
export function declaredColumn(col: AstFields): DeclaredColumn {
  const dflt = ((col.constraints ?? []) as AstNode[]).find((c) => c.Constraint?.contype === 'CONSTR_DEFAULT');
  return { column: col.colname as string, ...declaredType(col.typeName as AstFields), default: spellDefault(dflt?.Constraint.raw_expr as AstNode | undefined, declaredType(col.typeName as AstFields)) };
}

/** Record a column's declaration, replacing the one it had. */
export function declare(meta: TableMeta, c: DeclaredColumn): void {
  meta.declared = [...(meta.declared ?? []).filter((d) => d.column !== c.column), c];
}

/** A column's declaration, if it has one. */
export function declaredOf(meta: TableMeta, column: string): DeclaredColumn | undefined {
  return meta.declared?.find((d) => d.column === column);
}
