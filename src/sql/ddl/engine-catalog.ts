import { USER_CATALOG, quoteLiteral } from '../../engine/index.js';
import type { DdlEngine } from './ddl.types.js';
import { emptyMeta, parseMeta, readMetaSql, type TableMeta } from './table-meta.js';

/** Reads of DuckDB's own catalog that DDL programs need, at execution time and inside their transaction. */

const where = (schema: string, table: string) => `database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)}`;

/** Whether a table or view of that name exists in a schema of the user catalog (or among temporary ones). */
export async function relationExists(db: DdlEngine, schema: string, name: string, temp = false): Promise<boolean> {
  const catalog = quoteLiteral(temp ? 'temp' : USER_CATALOG);
  const rows = await db.rows(
    `SELECT 'x' FROM duckdb_tables() WHERE database_name = ${catalog} AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(name)} UNION ALL SELECT 'x' FROM duckdb_views() WHERE database_name = ${catalog} AND schema_name = ${quoteLiteral(schema)} AND view_name = ${quoteLiteral(name)}`,
  );
  return rows.length > 0;
}

/** A table's column names in order. */
export async function tableColumns(db: DdlEngine, schema: string, table: string): Promise<string[]> {
  const rows = await db.rows(`SELECT column_name FROM duckdb_columns() WHERE ${where(schema, table)} ORDER BY column_index`);
  return rows.map((r) => r[0]!);
}

/** A constraint as DuckDB lists it. */
export interface EngineConstraint {
  type: 'CHECK' | 'FOREIGN KEY' | 'PRIMARY KEY' | 'UNIQUE' | 'NOT NULL';
  expression: string | null;
  columns: string[];
  referencedTable: string | null;
  referencedColumns: string[];
}

/** A table's constraints in DuckDB's order (column constraints by column, then table constraints). */
export async function tableConstraints(db: DdlEngine, schema: string, table: string): Promise<EngineConstraint[]> {
  const rows = await db.rows(
    `SELECT constraint_type, expression, CAST(to_json(constraint_column_names) AS VARCHAR), referenced_table, CAST(to_json(referenced_column_names) AS VARCHAR) FROM duckdb_constraints() WHERE ${where(schema, table)} ORDER BY constraint_index`,
  );
  return rows.map(([type, expression, cols, refTable, refCols]) => ({
    type: type as EngineConstraint['type'],
    expression,
    columns: JSON.parse(cols ?? '[]') as string[],
    referencedTable: refTable,
    referencedColumns: JSON.parse(refCols ?? '[]') as string[],
  }));
}

/** A secondary index as DuckDB keeps it. */
export interface EngineIndex {
  name: string;
  unique: boolean;
  /** DuckDB's CREATE INDEX statement for it. */
  sql: string;
}

/** A table's indexes (DuckDB's own: CREATE INDEX; primary keys and UNIQUE constraints are not listed). */
export async function tableIndexes(db: DdlEngine, schema: string, table: string): Promise<EngineIndex[]> {
  const rows = await db.rows(`SELECT index_name, CAST(is_unique AS VARCHAR), sql FROM duckdb_indexes() WHERE ${where(schema, table)} ORDER BY index_oid`);
  return rows.map(([name, unique, sql]) => ({ name: name!, unique: unique === 'true', sql: sql! }));
}

/** Tables of the user catalog whose foreign keys reference `schema.table`. */
export async function referencingTables(db: DdlEngine, schema: string, table: string): Promise<{ schema: string; table: string }[]> {
  const rows = await db.rows(
    `SELECT DISTINCT schema_name, table_name FROM duckdb_constraints() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND constraint_type = 'FOREIGN KEY' AND referenced_table = ${quoteLiteral(table)} AND NOT (schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)})`,
  );
  return rows.map(([s, t]) => ({ schema: s!, table: t! }));
}

/** The table whose index this is (schema given, or any schema when undefined). */
export async function indexTable(db: DdlEngine, name: string, schema: string | undefined): Promise<{ schema: string; table: string } | null> {
  const inSchema = schema === undefined ? '' : ` AND schema_name = ${quoteLiteral(schema)}`;
  const rows = await db.rows(`SELECT schema_name, table_name FROM duckdb_indexes() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND index_name = ${quoteLiteral(name)}${inSchema}`);
  return rows.length ? { schema: rows[0][0]!, table: rows[0][1]! } : null;
}

/** Names of relations (tables, views, indexes, sequences) in a schema: what a new index or sequence name must avoid. */
export async function relationNames(db: DdlEngine, schema: string): Promise<Set<string>> {
  const s = quoteLiteral(schema);
  const c = quoteLiteral(USER_CATALOG);
  const rows = await db.rows(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = ${c} AND schema_name = ${s} UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = ${c} AND schema_name = ${s} UNION ALL SELECT index_name FROM duckdb_indexes() WHERE database_name = ${c} AND schema_name = ${s} UNION ALL SELECT sequence_name FROM duckdb_sequences() WHERE database_name = ${c} AND schema_name = ${s}`,
  );
  return new Set(rows.map((r) => r[0]!));
}

/** Whether a view (not a table) of that name exists. */
export async function viewExists(db: DdlEngine, schema: string, name: string): Promise<boolean> {
  const rows = await db.rows(`SELECT 'x' FROM duckdb_views() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND view_name = ${quoteLiteral(name)}`);
  return rows.length > 0;
}

/** Whether a table (not a view) of that name exists (in the temporary catalog with `temp`). */
export async function tableExists(db: DdlEngine, schema: string, name: string, temp = false): Promise<boolean> {
  const rows = await db.rows(`SELECT 'x' FROM duckdb_tables() WHERE database_name = ${quoteLiteral(temp ? 'temp' : USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(name)}`);
  return rows.length > 0;
}

/** A table's DDL record as the transaction sees it. */
export async function loadMeta(db: DdlEngine, schema: string, table: string): Promise<TableMeta | undefined> {
  const rows = await db.rows(readMetaSql(schema, table));
  return parseMeta(rows[0]?.[2] ?? null);
}

/** A table's record, or a fresh one with its current columns when jammi has none (a table made by CREATE TABLE AS). */
export async function metaOrEmpty(db: DdlEngine, schema: string, table: string): Promise<TableMeta> {
  return (await loadMeta(db, schema, table)) ?? emptyMeta(schema, table, await tableColumns(db, schema, table));
}
