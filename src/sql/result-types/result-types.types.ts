import type { AstNode } from '../ast.js';

/**
 * What Postgres would report for a result column where DuckDB's own type says less or
 * otherwise: a type OID (varchar vs text, jsonb vs json, bpchar) and/or a typmod, and, for
 * columns of a FROM function that DuckDB renames, the name.
 */
export interface ColumnTypeHint {
  oid?: number;
  typmod?: number;
  name?: string;
  /** A numeric (or numeric[]) column declared without a scale: its values print without padding zeros. */
  trimScale?: true;
  /**
   * A SELECT's column that is a table's column as it stands: the table's OID (as pg_class
   * shows it) and the column's attnum, which RowDescription carries (pgJDBC's
   * ResultSetMetaData looks them up in pg_attribute for nullability and names).
   */
  origin?: { tableOid: number; attnum: number };
}

/**
 * A rule looks at one top-level output expression as the user wrote it (before rewrites)
 * and returns a hint, or undefined when it has no opinion. Rules run in order; the first
 * hint wins.
 */
export type HintRule = (expr: AstNode) => ColumnTypeHint | undefined;

/** Hints for a statement's result: per column by position, and for every column past the list. */
export interface ResultTypeHints {
  columns: readonly (ColumnTypeHint | null)[];
  rest?: ColumnTypeHint;
}
