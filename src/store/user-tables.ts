import type { MutableConstraint, MutableIndex, MutableTableDef } from '../catalog/index.js';
import { type Engine, quoteIdentPg, quoteLiteral, UNREGISTERED_SCHEMAS, USER_CATALOG } from '../engine/index.js';
import { indexKeyColumns, parseTableDdl, pgSchema, readTableDdlSql, type TableDdl } from '../sql/index.js';
import { type EngineColumnInfo, type EngineTypes, mergeColumn } from './column-types.js';

/** The user catalog's own tables: not temporary, not DuckDB's, not in jammi's internal schemas. */
const scope = `database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name NOT IN (${UNREGISTERED_SCHEMAS.map(quoteLiteral).join(', ')})`;

const tablesSql = `SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE ${scope} AND NOT temporary AND NOT internal ORDER BY schema_name, table_name`;
const columnsSql = `SELECT schema_name, table_name, column_name, data_type, column_default, is_nullable, comment FROM duckdb_columns()
  WHERE ${scope} AND NOT internal ORDER BY schema_name, table_name, column_index`;
const constraintsSql = `SELECT schema_name, table_name, constraint_type, constraint_name, constraint_column_names, expression, referenced_table, referenced_column_names
  FROM duckdb_constraints() WHERE ${scope} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'CHECK', 'FOREIGN KEY') ORDER BY schema_name, table_name, constraint_index`;
const indexesSql = `SELECT schema_name, table_name, index_name, is_unique, sql, expressions FROM duckdb_indexes() WHERE ${scope} ORDER BY schema_name, table_name, index_name`;

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const names = (v: unknown) => ((v ?? []) as unknown[]).map(String);
const tableKey = (schema: string, table: string) => `${schema}\u0000${table}`;

/** Group rows by their (Postgres) schema and table. */
function byTable(rows: Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = tableKey(pgSchema(String(r.schema_name)), String(r.table_name));
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

/** The DDL records' kinds for DuckDB's constraint types. */
const recordKinds: Record<MutableConstraint['type'], string> = { 'PRIMARY KEY': 'primary', UNIQUE: 'unique', CHECK: 'check', 'FOREIGN KEY': 'foreign' };

/**
 * One of DuckDB's constraints, named as the client named it (the DDL records keep the names
 * DuckDB drops) or as Postgres would: DuckDB says `t_a_pkey` and names a foreign key after
 * both column lists, where Postgres says `t_pkey` and `t_a_fkey`. Null for the hidden CHECK
 * that enforces a varchar(n)/char(n) length, which is the column type's job in Postgres.
 */
function constraintOf(r: Row, schema: string, table: string, ddl: TableDdl | undefined): MutableConstraint | null {
  const type = String(r.constraint_type) as MutableConstraint['type'];
  const columns = names(r.constraint_column_names);
  const expression = str(r.expression);
  const record = ddl?.constraints.find((c) => c.kind === recordKinds[type] && (type === 'CHECK' ? c.expression === expression : c.columns.join() === columns.join()));
  if (record?.length) return null;
  const name = record?.name || undefined;
  switch (type) {
    case 'PRIMARY KEY':
      return { name: name ?? `${table}_pkey`, type, columns };
    case 'FOREIGN KEY': {
      const actions = record?.references ? { onDelete: record.references.onDelete, onUpdate: record.references.onUpdate } : {};
      return { name: name ?? `${table}_${columns.join('_')}_fkey`, type, columns, references: { schema, table: String(r.referenced_table), columns: names(r.referenced_column_names), ...actions } };
    }
    case 'CHECK':
      return { name: name ?? String(r.constraint_name), type, columns, expression: expression ?? '' };
    default:
      return { name: name ?? String(r.constraint_name), type, columns };
  }
}

/** The DDL records (declared types, constraint names, identity columns) by Postgres schema and table; none before they exist. */
async function readTableDdl(engine: Engine): Promise<Map<string, TableDdl>> {
  const out = new Map<string, TableDdl>();
  const rows = await engine.readRows(readTableDdlSql()).catch(() => []);
  for (const r of rows) {
    const ddl = parseTableDdl(str(r.meta));
    if (ddl) out.set(tableKey(pgSchema(String(r.schema_name)), String(r.table_name)), ddl);
  }
  return out;
}

function definition(name: string, schema: string, table: string, unique: boolean, columns: string[]): string {
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentPg(name)} ON ${quoteIdentPg(schema)}.${quoteIdentPg(table)} USING btree (${columns.join(', ')})`;
}

/** A table's indexes as Postgres would list them: the primary key's, each UNIQUE constraint's, then CREATE INDEX ones. */
function indexesOf(schema: string, table: string, constraints: MutableConstraint[], created: Row[]): MutableIndex[] {
  const out: MutableIndex[] = [];
  for (const c of constraints) {
    if (c.type !== 'PRIMARY KEY' && c.type !== 'UNIQUE') continue;
    const cols = c.columns.map(quoteIdentPg);
    out.push({ name: c.name, columns: c.columns, unique: true, primary: c.type === 'PRIMARY KEY', definition: definition(c.name, schema, table, true, cols) });
  }
  for (const r of created) {
    const name = String(r.index_name);
    const unique = Boolean(r.is_unique);
    const columns = indexKeyColumns(String(r.sql ?? '')) ?? [String(r.expressions)];
    out.push({ name, columns, unique, primary: false, definition: definition(name, schema, table, unique, columns) });
  }
  return out;
}

/** pgvector's HNSW indexes of a table, from its DDL record, as pg_get_indexdef prints them. */
function vectorIndexesOf(schema: string, table: string, ddl: TableDdl | undefined): MutableIndex[] {
  return (ddl?.vectorIndexes ?? []).map((v) => {
    const options = v.options.length ? ` WITH (${v.options.map((o) => o.replace(/=(.*)$/, "='$1'")).join(', ')})` : '';
    const definition = `CREATE INDEX ${quoteIdentPg(v.name)} ON ${quoteIdentPg(schema)}.${quoteIdentPg(table)} USING hnsw (${quoteIdentPg(v.column)} ${v.opclass})${options}`;
    return { name: v.name, columns: [v.column], unique: false, primary: false, definition, method: 'hnsw' as const };
  });
}

/**
 * Read every writable table of the user catalog from DuckDB's metadata, with the declared
 * Postgres types merged in. Reads committed state only (the engine's admin connection).
 */
export async function readUserTables(engine: Engine, types: EngineTypes): Promise<MutableTableDef[]> {
  const [tables, columns, constraints, indexes, ddl] = [
    await engine.readRows(tablesSql),
    await engine.readRows(columnsSql),
    await engine.readRows(constraintsSql),
    await engine.readRows(indexesSql),
    await readTableDdl(engine),
  ];
  await types.learn(columns.map((c) => String(c.data_type)));
  const colsBy = byTable(columns);
  const consBy = byTable(constraints);
  const idxBy = byTable(indexes);
  return tables.map((t) => {
    const schema = pgSchema(String(t.schema_name));
    const table = String(t.table_name);
    const k = tableKey(schema, table);
    const cons = (consBy.get(k) ?? []).map((r) => constraintOf(r, schema, table, ddl.get(k))).filter((c): c is MutableConstraint => c !== null);
    const cols = (colsBy.get(k) ?? []).map((c) => {
      const info: EngineColumnInfo = { name: String(c.column_name), duckdbType: String(c.data_type), nullable: Boolean(c.is_nullable), default: str(c.column_default), ...(c.comment ? { comment: String(c.comment) } : {}) };
      return mergeColumn(info, types.get(info.duckdbType), ddl.get(k)?.declared?.find((d) => d.column === info.name));
    });
    return {
      schema,
      table,
      columns: cols,
      primaryKey: cons.find((c) => c.type === 'PRIMARY KEY')?.columns ?? [],
      constraints: cons,
      indexes: [...indexesOf(schema, table, cons, idxBy.get(k) ?? []), ...vectorIndexesOf(schema, table, ddl.get(k))],
      ...(t.comment ? { comment: String(t.comment) } : {}),
    };
  });
}
