import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { PgError, SqlStates } from '../../errors/index.js';
import { USER_CATALOG, quoteIdent, quoteLiteral } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { traverse } from '../ast-traverse.js';
import { referencedColumns } from './constraints.js';
import type { DdlEngine } from './ddl.types.js';
import { type EngineConstraint, type EngineIndex, referencingTables, tableConstraints, tableIndexes } from './engine-catalog.js';
import { type ConstraintMeta, qualified, type TableMeta } from './table-meta.js';

/**
 * A table as DuckDB holds it, in a form jammi can change and create again: DuckDB cannot
 * add or drop most constraints, drop a column an index or constraint depends on, or change a
 * constrained column's type, so such an ALTER builds the new table, copies the rows and
 * swaps it in, all in the statement's transaction.
 */
export interface TableShape {
  schema: string;
  table: string;
  comment: string | null;
  columns: ColumnShape[];
  constraints: ConstraintShape[];
  /** Secondary indexes, as CREATE INDEX statements (Postgres ASTs of DuckDB's own SQL). */
  indexes: AstNode[];
}

export interface ColumnShape {
  name: string;
  /** The type in engine SQL. */
  type: string;
  /** The default in engine SQL, or null. */
  default: string | null;
  notNull: boolean;
  comment: string | null;
  /** The engine expression that fills the column from the old table; null for a new column (its default fills it). */
  source: string | null;
  /** A generated column's expression in engine SQL (the column is computed, never copied). */
  generated?: string;
}

export interface ConstraintShape {
  type: Exclude<EngineConstraint['type'], 'NOT NULL'>;
  columns: string[];
  /** CHECK: the expression in engine SQL. */
  expression?: string;
  /** FOREIGN KEY: the referenced table and columns. */
  references?: { schema: string; table: string; columns: string[] };
  /** A constraint added by the ALTER: its engine SQL as written. */
  sql?: string;
  /** The constraint's record, when jammi has one. */
  meta?: ConstraintMeta;
}

/** DuckDB prints a user enum as its labels: find the type's name again, so the rebuilt column keeps it. */
async function enumNames(db: DdlEngine): Promise<Map<string, string>> {
  const rows = await db.rows(
    `SELECT schema_name, type_name, CAST(to_json(labels) AS VARCHAR) FROM duckdb_types() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND logical_type = 'ENUM' AND NOT internal`,
  );
  const out = new Map<string, string>();
  for (const [schema, name, labels] of rows) {
    const spelled = `ENUM(${(JSON.parse(labels ?? '[]') as string[]).map(quoteLiteral).join(', ')})`;
    out.set(spelled, `${quoteIdent(schema!)}.${quoteIdent(name!)}`);
  }
  return out;
}

/** DuckDB's type text with enum label lists replaced by the enum type's name. */
function typeText(t: string, enums: Map<string, string>): string {
  for (const [spelled, name] of enums) if (t.startsWith(spelled)) return name + t.slice(spelled.length);
  return t;
}

const list = (cols: readonly string[]) => cols.map(quoteIdent).join(', ');

/** A constraint's engine SQL. */
function constraintSql(c: ConstraintShape): string {
  if (c.sql !== undefined) return c.sql;
  switch (c.type) {
    case 'PRIMARY KEY':
      return `PRIMARY KEY (${list(c.columns)})`;
    case 'UNIQUE':
      return `UNIQUE (${list(c.columns)})`;
    case 'CHECK':
      return `CHECK (${c.expression})`;
    default: {
      // Schema-qualified only: DuckDB reads a catalog-qualified reference as cross-database.
      const r = c.references!;
      return `FOREIGN KEY (${list(c.columns)}) REFERENCES ${quoteIdent(r.schema)}.${quoteIdent(r.table)} (${list(r.columns)})`;
    }
  }
}

/** Rename a column in a table shape: its definition (filled from the old name), keys, checks and indexes. */
export function renameInShape(shape: TableShape, from: string, to: string): void {
  for (const c of shape.columns) {
    if (c.name === from) c.name = to;
  }
  for (const c of shape.constraints) {
    c.columns = c.columns.map((x) => (x === from ? to : x));
    if (c.expression !== undefined) {
      const stmt = (parseSync(`SELECT ${c.expression}`) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
      const target = ((stmt.SelectStmt.targetList as AstNode[])[0].ResTarget as AstFields).val as AstNode;
      c.expression = deparseSync(renameColumnIn(target, from, to), { pretty: false });
    }
  }
  shape.indexes = shape.indexes.map((i) => renameColumnIn(structuredClone(i), from, to));
}

const engineKinds: Record<string, ConstraintMeta['kind']> = { 'PRIMARY KEY': 'primary', UNIQUE: 'unique', CHECK: 'check', 'FOREIGN KEY': 'foreign' };

/** Read a table's shape, pairing DuckDB's constraints with their records by order within each kind. */
export async function readShape(db: DdlEngine, meta: TableMeta): Promise<TableShape> {
  const { schema, table } = meta;
  const where = `database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)}`;
  const enums = await enumNames(db);
  const cols = await db.rows(`SELECT column_name, data_type, column_default, CAST(is_nullable AS VARCHAR), comment FROM duckdb_columns() WHERE ${where} ORDER BY column_index`);
  const [tableRow] = await db.rows(`SELECT comment FROM duckdb_tables() WHERE ${where}`);
  const engine = (await tableConstraints(db, schema, table)).filter((c) => c.type !== 'NOT NULL');
  const seen = new Map<string, number>();
  const constraints: ConstraintShape[] = engine.map((c) => {
    const kind = engineKinds[c.type];
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    const m = meta.constraints.filter((x) => x.kind === kind && !x.index)[n];
    const references = c.type === 'FOREIGN KEY' ? { schema: m?.references?.schema ?? schema, table: m?.references?.table ?? c.referencedTable!, columns: c.referencedColumns } : undefined;
    return { type: c.type as ConstraintShape['type'], columns: c.columns, expression: c.expression ?? undefined, references, meta: m };
  });
  const indexes = (await tableIndexes(db, schema, table)).map(parseIndex);
  return {
    schema,
    table,
    comment: tableRow?.[0] ?? null,
    columns: cols.map(([name, type, dflt, nullable, comment]) =>
      // DuckDB lists a generated column's expression as its default.
      meta.generated?.includes(name!)
        ? { name: name!, type: typeText(type!, enums), default: null, notNull: false, comment, source: null, generated: dflt! }
        : { name: name!, type: typeText(type!, enums), default: dflt, notNull: nullable === 'false', comment, source: quoteIdent(name!) },
    ),
    constraints,
    indexes,
  };
}

/**
 * DuckDB's CREATE INDEX for an index, parsed. DuckDB prints the name unquoted (`CREATE INDEX
 * IDX_a ON …`), which the Postgres grammar would fold to lower case, so the name is DuckDB's own.
 */
function parseIndex(index: EngineIndex): AstNode {
  const stmt = (parseSync(index.sql) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
  (stmt.IndexStmt as AstFields).idxname = index.name;
  return stmt;
}

/** CREATE INDEX for an index of the shape, on the table's current name. */
export function indexSql(index: AstNode, schema: string, table: string): string {
  const stmt = structuredClone(index);
  const f = stmt.IndexStmt as AstFields;
  f.relation = { ...(f.relation as AstFields), catalogname: USER_CATALOG, schemaname: schema, relname: table };
  delete f.accessMethod;
  return deparseSync(stmt, { pretty: false });
}

/** An index's name. */
export const indexNameOf = (index: AstNode) => index.IndexStmt.idxname as string;

/** 0A000 when other tables' foreign keys reference the table: DuckDB cannot alter or replace a referenced table. */
export async function refuseIfReferenced(db: DdlEngine, schema: string, table: string, what: string): Promise<void> {
  const refs = await referencingTables(db, schema, table);
  if (!refs.length) return;
  throw new PgError(SqlStates.feature_not_supported, `cannot ${what} of table "${table}": table "${refs[0].table}" has a foreign key that references it`, {
    detail: 'DuckDB cannot alter a table that other tables\' foreign keys reference (only ADD COLUMN and SET/DROP DEFAULT work).',
  });
}

/**
 * Run DuckDB ALTERs that an index on the table would block ("entries depend on it"): the
 * table's secondary indexes are dropped, the work runs, and they are created again (`keep`
 * may rewrite one for a renamed column or drop it with a dropped column; `tableAfter` is the
 * table's name afterwards). DuckDB cannot create a unique index again under its old name in
 * the transaction that dropped it, so a table with one is first rebuilt without indexes.
 */
export async function withoutIndexes(db: DdlEngine, meta: TableMeta, work: () => Promise<void>, keep: (index: AstNode) => AstNode | null = (i) => i, tableAfter = meta.table): Promise<void> {
  const { schema, table } = meta;
  const found = await tableIndexes(db, schema, table);
  const indexes = found.map(parseIndex);
  if (found.some((i) => i.unique)) {
    const shape = await readShape(db, meta);
    shape.indexes = [];
    await rebuild(db, shape, 'alter');
  } else {
    for (const i of indexes) await db.run(`DROP INDEX ${qualified(schema, indexNameOf(i))}`);
  }
  await work();
  for (const i of indexes) {
    const kept = keep(i);
    if (kept) await db.run(indexSql(kept, schema, tableAfter));
  }
}

/** CREATE TABLE for a shape, under a schema and name. */
function createSql(shape: TableShape, schema: string, name: string): string {
  const defs = shape.columns.map((c) =>
    c.generated !== undefined ? `${quoteIdent(c.name)} ${c.type} GENERATED ALWAYS AS (${c.generated}) VIRTUAL` : `${quoteIdent(c.name)} ${c.type}${c.default !== null ? ` DEFAULT (${c.default})` : ''}${c.notNull ? ' NOT NULL' : ''}`,
  );
  return `CREATE TABLE ${qualified(schema, name)} (${[...defs, ...shape.constraints.map(constraintSql)].join(', ')})`;
}

/**
 * Create the table again with a new shape (and, with `rename`, a new name): the rows are
 * copied aside (each column from its `source`), the old table dropped, the new one created and
 * filled, then its indexes and comments. DuckDB is never asked to rename the table: it would
 * keep the old name in the foreign-key bookkeeping of the tables it references. Tables whose
 * foreign keys reference this one make it impossible (0A000).
 */
export async function rebuild(db: DdlEngine, shape: TableShape, what: string, rename?: string, toSchema?: string): Promise<void> {
  const { table } = shape;
  const schema = toSchema ?? shape.schema;
  const name = rename ?? table;
  await refuseIfReferenced(db, shape.schema, table, what);
  if (shape.columns.length === 0) throw new PgError(SqlStates.feature_not_supported, `cannot drop the last column of table "${table}"`, { detail: 'DuckDB tables need at least one column.' });
  const aside = qualified(shape.schema, `_jammi_rebuild_${table}`);
  const copied = shape.columns.filter((c) => c.source !== null);
  const into = `(${list(copied.map((c) => c.name))})`;
  await db.run(`CREATE TABLE ${aside} AS SELECT ${copied.length ? copied.map((c) => `${c.source} AS ${quoteIdent(c.name)}`).join(', ') : '1 AS x'} FROM ${qualified(shape.schema, table)}`);
  await db.run(`DROP TABLE ${qualified(shape.schema, table)}`);
  await db.run(createSql(shape, schema, name));
  if (copied.length) await db.run(`INSERT INTO ${qualified(schema, name)} ${into} SELECT ${list(copied.map((c) => c.name))} FROM ${aside}`);
  await db.run(`DROP TABLE ${aside}`);
  for (const i of shape.indexes) await db.run(indexSql(i, schema, name));
  if (shape.comment !== null) await db.run(`COMMENT ON TABLE ${qualified(schema, name)} IS ${quoteLiteral(shape.comment)}`);
  for (const c of shape.columns) if (c.comment !== null) await db.run(`COMMENT ON COLUMN ${qualified(schema, name)}.${quoteIdent(c.name)} IS ${quoteLiteral(c.comment)}`);
}

/** Columns an index reads (its plain columns and those its expressions read). */
export function indexColumns(index: AstNode): string[] {
  return ((index.IndexStmt.indexParams ?? []) as AstNode[]).flatMap((p) => (p.IndexElem.name ? [p.IndexElem.name as string] : referencedColumns(p.IndexElem.expr)));
}

/** Rename a column wherever a node (an index, an expression) names it. */
export function renameColumnIn<T>(node: T, from: string, to: string): T {
  traverse(node, {
    ColumnRef(path) {
      const fields = (path.node.fields ?? []) as AstNode[];
      const last = fields.at(-1)?.String;
      if (last?.sval === from) last.sval = to;
    },
    IndexElem(path) {
      if (path.node.name === from) path.node.name = to;
    },
  });
  return node;
}

/**
 * Empty tables by creating them again (TRUNCATE of tables that reference each other: DuckDB
 * cannot delete a referenced row in the transaction that deleted the rows referencing it).
 * `shapes` are in creation order (referenced tables first); they are dropped in reverse.
 */
export async function recreateEmpty(db: DdlEngine, shapes: TableShape[]): Promise<void> {
  for (const s of [...shapes].reverse()) await db.run(`DROP TABLE ${qualified(s.schema, s.table)}`);
  for (const s of shapes) {
    await db.run(createSql(s, s.schema, s.table));
    for (const i of s.indexes) await db.run(indexSql(i, s.schema, s.table));
    if (s.comment !== null) await db.run(`COMMENT ON TABLE ${qualified(s.schema, s.table)} IS ${quoteLiteral(s.comment)}`);
    for (const c of s.columns) if (c.comment !== null) await db.run(`COMMENT ON COLUMN ${qualified(s.schema, s.table)}.${quoteIdent(c.name)} IS ${quoteLiteral(c.comment)}`);
  }
}
