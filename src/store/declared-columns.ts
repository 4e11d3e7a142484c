import { META_SCHEMA, quoteIdent, quoteLiteral, USER_CATALOG } from '../engine/index.js';
import type { CatalogOp, DeclaredColumn, TableName } from '../sql/index.js';

/**
 * Declared column types live in a table of the DuckDB file itself, next to the tables they
 * describe: written in the DDL statement's own transaction, they commit, roll back and
 * survive a crash together with it, so DuckDB stays the one source of truth.
 */
export const DECLARED_TABLE = `${quoteIdent(USER_CATALOG)}.${quoteIdent(META_SCHEMA)}.declared_columns`;

/** Creates the bookkeeping schema and table if missing (run once at start). */
export const declaredTableDdl = [
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(USER_CATALOG)}.${quoteIdent(META_SCHEMA)}`,
  `CREATE TABLE IF NOT EXISTS ${DECLARED_TABLE} (
    schema_name VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    column_name VARCHAR NOT NULL,
    type_name VARCHAR NOT NULL,
    type_oid INTEGER,
    typmod INTEGER NOT NULL,
    default_expr VARCHAR
  )`,
];

/** One row of the declared-columns table. */
export interface DeclaredRow {
  schema: string;
  table: string;
  column: DeclaredColumn;
}

/** The query that reads every declaration (schema, table, column, type, oid, typmod, default). */
export const readDeclaredSql = `SELECT schema_name, table_name, column_name, type_name, type_oid, typmod, default_expr FROM ${DECLARED_TABLE}`;

const lit = (v: string | null) => (v === null ? 'NULL' : quoteLiteral(v));
const whereTable = (t: TableName) => `schema_name = ${lit(t.schema)} AND table_name = ${lit(t.table)}`;
const whereColumn = (t: TableName, column: string) => `${whereTable(t)} AND column_name = ${lit(column)}`;
const values = (t: TableName, c: DeclaredColumn) => `(${lit(t.schema)}, ${lit(t.table)}, ${lit(c.column)}, ${lit(c.name)}, ${c.oid ?? 'NULL'}, ${c.typmod}, ${lit(c.default)})`;

/** The statements that apply one op to the declared-columns table, in order. */
export function declarationStatements(op: CatalogOp): string[] {
  switch (op.op) {
    case 'create':
      return [
        `DELETE FROM ${DECLARED_TABLE} WHERE ${whereTable(op.target)}`,
        ...(op.columns.length ? [`INSERT INTO ${DECLARED_TABLE} VALUES ${op.columns.map((c) => values(op.target, c)).join(', ')}`] : []),
      ];
    case 'drop_table':
      return [`DELETE FROM ${DECLARED_TABLE} WHERE ${whereTable(op.target)}`];
    case 'drop_schema':
      return [`DELETE FROM ${DECLARED_TABLE} WHERE schema_name = ${lit(op.schema)}`];
    case 'add_column':
      return [`DELETE FROM ${DECLARED_TABLE} WHERE ${whereColumn(op.target, op.column.column)}`, `INSERT INTO ${DECLARED_TABLE} VALUES ${values(op.target, op.column)}`];
    case 'drop_column':
      return [`DELETE FROM ${DECLARED_TABLE} WHERE ${whereColumn(op.target, op.column)}`];
    case 'alter_type': {
      // The column keeps its DEFAULT; a column declared by none of jammi's paths gets a row now.
      const c = op.column;
      return [
        `UPDATE ${DECLARED_TABLE} SET type_name = ${lit(c.name)}, type_oid = ${c.oid ?? 'NULL'}, typmod = ${c.typmod} WHERE ${whereColumn(op.target, c.column)}`,
        `INSERT INTO ${DECLARED_TABLE} SELECT * FROM (VALUES ${values(op.target, c)}) WHERE NOT EXISTS (SELECT 1 FROM ${DECLARED_TABLE} WHERE ${whereColumn(op.target, c.column)})`,
      ];
    }
    case 'set_default':
      return [`UPDATE ${DECLARED_TABLE} SET default_expr = ${lit(op.default)} WHERE ${whereColumn(op.target, op.column)}`];
    case 'rename_column':
      return [`UPDATE ${DECLARED_TABLE} SET column_name = ${lit(op.to)} WHERE ${whereColumn(op.target, op.column)}`];
    case 'rename_table':
      return [
        `DELETE FROM ${DECLARED_TABLE} WHERE ${whereTable({ schema: op.target.schema, table: op.to })}`,
        `UPDATE ${DECLARED_TABLE} SET table_name = ${lit(op.to)} WHERE ${whereTable(op.target)}`,
      ];
    case 'set_schema':
      return [
        `DELETE FROM ${DECLARED_TABLE} WHERE ${whereTable({ schema: op.to, table: op.target.table })}`,
        `UPDATE ${DECLARED_TABLE} SET schema_name = ${lit(op.to)} WHERE ${whereTable(op.target)}`,
      ];
  }
}

/** The SQL that tells whether an op's `ifMissing` target exists already (one row if it does), in the caller's transaction. */
export function existsSql(op: CatalogOp): string | null {
  if (op.op === 'create' && op.ifMissing) {
    return `SELECT 1 FROM duckdb_tables() WHERE database_name = ${lit(USER_CATALOG)} AND schema_name = ${lit(engineSchema(op.target.schema))} AND table_name = ${lit(op.target.table)}`;
  }
  if (op.op === 'add_column' && op.ifMissing) {
    return `SELECT 1 FROM duckdb_columns() WHERE database_name = ${lit(USER_CATALOG)} AND schema_name = ${lit(engineSchema(op.target.schema))} AND table_name = ${lit(op.target.table)} AND column_name = ${lit(op.column.column)}`;
  }
  return null;
}

/** DuckDB's name for a Postgres schema name (`public` is `main`). */
export const engineSchema = (schema: string) => (schema === 'public' ? 'main' : schema);

/** Postgres's name for a DuckDB schema name. */
export const pgSchema = (schema: string) => (schema === 'main' ? 'public' : schema);
