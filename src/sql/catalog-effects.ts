import { deparseSync } from 'pgsql-deparser';
import { USER_CATALOG } from '../engine/index.js';
import { type AstFields, type AstNode, nameList } from './ast.js';
import { declaredType, type DeclaredType, isSerial } from './declared-type.js';

/** A column as a client declared it: its Postgres type and DEFAULT as written. */
export interface DeclaredColumn extends DeclaredType {
  column: string;
  /** The DEFAULT expression in Postgres's spelling (`nextval('t_id_seq'::regclass)` for serial), or null. */
  default: string | null;
}

/** A table of the user catalog, by its Postgres schema name (`public` for DuckDB's `main`). */
export interface TableName {
  schema: string;
  table: string;
}

/**
 * What a DDL statement does to the declared column types jammi keeps beside DuckDB's own
 * (which lose varchar(n), char(n), jsonb vs json, serial…). Applied in the statement's own
 * transaction, so they commit and roll back with it.
 */
export type CatalogOp =
  /** A new table: its declarations replace any left from an earlier table of that name. `ifMissing`: only if the table did not exist. */
  | { op: 'create'; target: TableName; columns: DeclaredColumn[]; ifMissing: boolean }
  | { op: 'drop_table'; target: TableName }
  | { op: 'drop_schema'; schema: string }
  | { op: 'add_column'; target: TableName; column: DeclaredColumn; ifMissing: boolean }
  | { op: 'drop_column'; target: TableName; column: string }
  | { op: 'alter_type'; target: TableName; column: DeclaredColumn }
  | { op: 'set_default'; target: TableName; column: string; default: string | null }
  | { op: 'rename_column'; target: TableName; column: string; to: string }
  | { op: 'rename_table'; target: TableName; to: string }
  | { op: 'set_schema'; target: TableName; to: string };

/** A statement that may change the user catalog's tables: its declaration ops, then a reconcile after commit. */
export interface CatalogEffect {
  ops: CatalogOp[];
}

/** Postgres's name for DuckDB's default schema. */
const toPgSchema = (s: string | undefined) => (!s || s === 'main' ? 'public' : s);

/** The table a RangeVar names in the user catalog, or null (a temp table, another catalog). */
function tableOf(rv: AstFields | undefined): TableName | null {
  if (!rv?.relname || rv.relpersistence === 't') return null;
  if (rv.catalogname && rv.catalogname !== USER_CATALOG) return null;
  return { schema: toPgSchema(rv.schemaname as string | undefined), table: rv.relname as string };
}

/** The table a DROP's name list names (`t`, `s.t`, `jammi.s.t`), or null. */
function namedTable(names: string[]): TableName | null {
  if (names.length === 3 && names[0] !== USER_CATALOG) return null;
  const [schema, table] = names.length === 1 ? [undefined, names[0]] : names.slice(-2);
  return { schema: toPgSchema(schema), table };
}

function constraints(def: AstFields): AstFields[] {
  return ((def.constraints ?? []) as AstNode[]).map((c) => c.Constraint).filter(Boolean) as AstFields[];
}

/** Deparse a DEFAULT expression; null when the deparser cannot spell it. */
function spell(expr: AstNode | undefined): string | null {
  if (!expr) return null;
  try {
    return deparseSync(expr);
  } catch {
    return null;
  }
}

/** A ColumnDef as declared; serial columns get Postgres's sequence default. */
function declaredColumn(def: AstFields, table: TableName): DeclaredColumn {
  const column = def.colname as string;
  const type = declaredType(def.typeName as AstFields);
  const dflt = constraints(def).find((c) => c.contype === 'CONSTR_DEFAULT');
  const seq = table.schema === 'public' ? `${table.table}_${column}_seq` : `${table.schema}.${table.table}_${column}_seq`;
  const spelled = isSerial(def.typeName as AstFields) ? `nextval('${seq.replace(/'/g, "''")}'::regclass)` : spell(dflt?.raw_expr as AstNode | undefined);
  return { column, ...type, default: spelled };
}

function alterTableOps(f: AstFields): CatalogOp[] {
  const target = tableOf(f.relation as AstFields);
  if (!target || (f.objtype && f.objtype !== 'OBJECT_TABLE')) return [];
  const ops: CatalogOp[] = [];
  for (const node of (f.cmds ?? []) as AstNode[]) {
    const cmd = node.AlterTableCmd;
    if (!cmd) continue;
    const def = cmd.def as AstNode | undefined;
    switch (cmd.subtype as string) {
      case 'AT_AddColumn':
        if (def?.ColumnDef) ops.push({ op: 'add_column', target, column: declaredColumn(def.ColumnDef, target), ifMissing: Boolean(cmd.missing_ok) });
        break;
      case 'AT_DropColumn':
        ops.push({ op: 'drop_column', target, column: cmd.name as string });
        break;
      case 'AT_AlterColumnType':
        if (def?.ColumnDef) ops.push({ op: 'alter_type', target, column: { column: cmd.name as string, ...declaredType(def.ColumnDef.typeName as AstFields), default: null } });
        break;
      case 'AT_ColumnDefault':
        ops.push({ op: 'set_default', target, column: cmd.name as string, default: spell(def) });
        break;
    }
  }
  return ops;
}

function renameOps(f: AstFields): CatalogOp[] {
  const target = tableOf(f.relation as AstFields);
  if (!target) return [];
  if (f.renameType === 'OBJECT_TABLE') return [{ op: 'rename_table', target, to: f.newname as string }];
  if (f.renameType === 'OBJECT_COLUMN' && f.relationType === 'OBJECT_TABLE') return [{ op: 'rename_column', target, column: f.subname as string, to: f.newname as string }];
  return [];
}

function dropOps(f: AstFields): CatalogOp[] {
  const objects = (f.objects ?? []) as AstNode[];
  if (f.removeType === 'OBJECT_SCHEMA') return objects.map((o) => ({ op: 'drop_schema', schema: o.String?.sval as string }));
  if (f.removeType !== 'OBJECT_TABLE') return [];
  const ops: CatalogOp[] = [];
  for (const o of objects) {
    const target = namedTable(nameList(o.List?.items as AstNode[]));
    if (target) ops.push({ op: 'drop_table', target });
  }
  return ops;
}

/** Statements that change tables of the user catalog without declaring column types. */
const reconcileOnly = new Set(['IndexStmt', 'CommentStmt', 'AlterEnumStmt']);

/**
 * What a statement does to the user catalog's tables, or undefined when it changes none. Reads
 * the statement as the client wrote it (before any rewrite), so declared types survive
 * however the statement is translated for DuckDB.
 */
export function catalogEffectOf(ast: AstNode): CatalogEffect | undefined {
  const create = ast.CreateStmt;
  if (create) {
    const target = tableOf(create.relation as AstFields);
    if (!target) return undefined;
    const columns = ((create.tableElts ?? []) as AstNode[]).filter((e) => e.ColumnDef).map((e) => declaredColumn(e.ColumnDef, target));
    return { ops: [{ op: 'create', target, columns, ifMissing: Boolean(create.if_not_exists) }] };
  }
  const into = (ast.CreateTableAsStmt?.into ?? ast.SelectStmt?.intoClause) as AstFields | undefined;
  if (into) {
    // The columns' types come from the query: DuckDB's types are all there is to know.
    const target = tableOf(into.rel as AstFields);
    return target ? { ops: [{ op: 'create', target, columns: [], ifMissing: Boolean(ast.CreateTableAsStmt?.if_not_exists) }] } : undefined;
  }
  if (ast.AlterTableStmt) return { ops: alterTableOps(ast.AlterTableStmt) };
  if (ast.RenameStmt) return { ops: renameOps(ast.RenameStmt) };
  if (ast.DropStmt) return ['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_SCHEMA', 'OBJECT_TYPE'].includes(ast.DropStmt.removeType as string) ? { ops: dropOps(ast.DropStmt) } : undefined;
  const move = ast.AlterObjectSchemaStmt;
  if (move) {
    const target = move.objectType === 'OBJECT_TABLE' ? tableOf(move.relation as AstFields) : null;
    return { ops: target ? [{ op: 'set_schema', target, to: toPgSchema(move.newschema as string) }] : [] };
  }
  const tag = Object.keys(ast)[0];
  return reconcileOnly.has(tag) ? { ops: [] } : undefined;
}
