import { META_SCHEMA, USER_CATALOG, quoteIdent, quoteLiteral } from '../../engine/index.js';
import type { DeclaredType } from '../declared-type.js';

/**
 * What jammi records about a writable table that DuckDB does not keep: the columns' declared
 * Postgres types and DEFAULT spellings (DuckDB loses varchar(n), jsonb, serial…), Postgres's
 * constraint names (DuckDB drops them), which columns are identity/serial and their
 * sequences, foreign-key actions DuckDB cannot run, and the hidden length checks of
 * varchar(n)/char(n). Stored as one JSON row per table in the DuckDB file, written in the
 * transaction of the DDL itself, so a rolled-back CREATE TABLE leaves no record behind.
 */
export interface TableMeta {
  /** Schema as DuckDB names it (`main` is Postgres's `public`). */
  schema: string;
  table: string;
  /** Column names in table order (an INSERT without a column list targets them all). */
  columns: string[];
  constraints: ConstraintMeta[];
  identity: IdentityMeta[];
  /** Generated columns (computed from others; never written). */
  generated?: string[];
  /** The columns' types and defaults as the client declared them (none for a table made by CREATE TABLE AS). */
  declared?: DeclaredColumn[];
  /** pgvector's ANN indexes (`CREATE INDEX … USING hnsw`): DuckDB has no such index, jammi keeps them in memory. */
  vectorIndexes?: VectorIndexMeta[];
}

/** pgvector's operator classes jammi's HNSW indexes accept, by the distance operator each serves. */
export type VectorOpclass = 'vector_l2_ops' | 'vector_cosine_ops' | 'vector_ip_ops';

/** An HNSW index on a vector(n) column, as CREATE INDEX … USING hnsw declared it. */
export interface VectorIndexMeta {
  name: string;
  column: string;
  dimensions: number;
  opclass: VectorOpclass;
  /** The table's single-column primary key: the stable identity of an indexed row. */
  key: string;
  /** HNSW graph degree and build beam width (pgvector's defaults 16 and 64). */
  m: number;
  ef_construction: number;
  /** The WITH (…) options as the client gave them, for pg_get_indexdef (none: empty). */
  options: string[];
}

/** A column as a client declared it: its Postgres type and DEFAULT as written. */
export interface DeclaredColumn extends DeclaredType {
  column: string;
  /** The DEFAULT expression in Postgres's spelling (`nextval('t_id_seq'::regclass)` for serial), or null. */
  default: string | null;
}

/** Postgres's foreign-key action codes (pg_constraint.confdeltype): no action, restrict, cascade, set null, set default. */
export type FkAction = 'a' | 'r' | 'c' | 'n' | 'd';

export interface ConstraintMeta {
  name: string;
  kind: 'primary' | 'unique' | 'check' | 'foreign';
  columns: string[];
  /** CHECK: the expression as DuckDB prints it in its errors, in DuckDB's constraint order. */
  expression?: string;
  /** A CHECK jammi added to enforce a declared length: a violation is 22001, not 23514. */
  length?: { type: 'character varying' | 'character'; n: number };
  /** Kept by a DuckDB unique index (CREATE UNIQUE INDEX, ALTER TABLE … ADD UNIQUE), not a table constraint. */
  index?: boolean;
  references?: { schema: string; table: string; columns: string[]; onDelete: FkAction; onUpdate: FkAction };
}

export interface IdentityMeta {
  column: string;
  kind: 'always' | 'by default' | 'serial';
  /** The sequence's name in the table's schema (`<table>_<column>_seq`). */
  sequence: string;
}

/** The DuckDB table holding one JSON row per writable table. */
export const META_TABLE = `${USER_CATALOG}.${META_SCHEMA}.table_ddl`;

/** Create the metadata table (server start). */
export const createMetaTableSql = [`CREATE SCHEMA IF NOT EXISTS ${USER_CATALOG}.${META_SCHEMA}`, `CREATE TABLE IF NOT EXISTS ${META_TABLE} (schema_name VARCHAR, table_name VARCHAR, meta VARCHAR)`];

/** SQL that removes a table's record. */
export function deleteMetaSql(schema: string, table: string): string {
  return `DELETE FROM ${META_TABLE} WHERE schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)}`;
}

/** SQL that replaces a table's record. */
export function writeMetaSql(meta: TableMeta): string[] {
  return [deleteMetaSql(meta.schema, meta.table), `INSERT INTO ${META_TABLE} VALUES (${quoteLiteral(meta.schema)}, ${quoteLiteral(meta.table)}, ${quoteLiteral(JSON.stringify(meta))})`];
}

/** SQL reading every record (or one table's), as text rows [schema, table, meta]. */
export function readMetaSql(schema?: string, table?: string): string {
  const where = schema !== undefined && table !== undefined ? ` WHERE schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)}` : '';
  return `SELECT schema_name, table_name, meta FROM ${META_TABLE}${where}`;
}

/** Parse a stored record; a malformed one is ignored (names then fall back to Postgres's rules). */
export function parseMeta(text: string | null): TableMeta | undefined {
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as TableMeta;
    return Array.isArray(m.constraints) && Array.isArray(m.identity) && Array.isArray(m.columns) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The DuckDB schema of a Postgres schema name (`public` and unqualified are `main`). */
export function engineSchema(pgSchema: string | undefined): string {
  return !pgSchema || pgSchema === 'public' ? 'main' : pgSchema;
}

/** The Postgres name of a DuckDB schema (`main` is `public`). */
export function pgSchema(engine: string): string {
  return engine === 'main' ? 'public' : engine;
}

/** `jammi.<schema>.<name>`, quoted, for engine SQL. */
export function qualified(schema: string, name: string): string {
  return `${USER_CATALOG}.${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A fresh record for a table with no DDL of note. */
export function emptyMeta(schema: string, table: string, columns: string[] = []): TableMeta {
  return { schema, table, columns, constraints: [], identity: [] };
}
