import { PgError, SqlStates } from '../../errors/index.js';
import { quoteIdent } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { addColumn, alterType, columnDefault, dropColumn, dropNotNull, setNotNull } from './alter-columns.js';
import { addConstraint, dropConstraint, renameConstraint } from './alter-constraints.js';
import { type AlterState, finish, notice, requireColumn, target } from './alter-state.js';
import type { DdlContext, DdlEngine, DdlOutcome, DdlProgram } from './ddl.types.js';
import { guard } from './drop.js';
import { indexTable, metaOrEmpty, relationExists, tableColumns, tableConstraints, tableExists, tableIndexes } from './engine-catalog.js';
import { indexSql, readShape, rebuild, refuseIfReferenced, renameColumnIn, renameInShape, withoutIndexes } from './table-shape.js';
import { deleteMetaSql, engineSchema, qualified, writeMetaSql } from './table-meta.js';
import { nextvalSql, sequenceOptions, sequenceSql } from './sequences.js';
import { parseSync } from 'libpg-query';

/** ALTER TABLE subcommands Postgres accepts that change nothing jammi keeps (ownership, storage, statistics). */
const noOps = new Set(['AT_ChangeOwner', 'AT_SetStatistics', 'AT_SetStorage', 'AT_SetCompression', 'AT_ClusterOn', 'AT_DropCluster', 'AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_ReplicaIdentity', 'AT_ValidateConstraint']);

/**
 * The table an ALTER names, resolved in the engine: 42P01, or a notice with IF EXISTS. A
 * temporary table (which keeps no record) gets DuckDB's own ALTER, the statement as written.
 */
async function open(db: DdlEngine, ctx: DdlContext, rel: AstFields, missingOk: boolean, ast: AstNode): Promise<AlterState | DdlOutcome> {
  const schema = engineSchema(rel.schemaname as string | undefined);
  const table = rel.relname as string;
  if (!rel.schemaname && (await tableExists(db, 'main', table, true))) {
    await db.run(ctx.engineSql(ast));
    return { notices: [] };
  }
  if (!(await tableExists(db, schema, table))) {
    if (missingOk) return { notices: [notice(`relation "${table}" does not exist, skipping`)] };
    throw new PgError(SqlStates.undefined_table, `relation "${table}" does not exist`);
  }
  return { db, ctx, schema, table, meta: await metaOrEmpty(db, schema, table), notices: [] };
}

const isState = (x: AlterState | DdlOutcome): x is AlterState => 'meta' in x;

async function runCommand(st: AlterState, cmd: AstFields): Promise<void> {
  const subtype = cmd.subtype as string;
  switch (subtype) {
    case 'AT_AddColumn':
      return addColumn(st, cmd);
    case 'AT_DropColumn':
      return dropColumn(st, cmd);
    case 'AT_ColumnDefault':
      return columnDefault(st, cmd);
    case 'AT_SetNotNull':
      return setNotNull(st, cmd.name as string);
    case 'AT_DropNotNull':
      return dropNotNull(st, cmd.name as string);
    case 'AT_AlterColumnType':
      return alterType(st, cmd);
    case 'AT_AddConstraint':
      return addConstraint(st, cmd);
    case 'AT_DropConstraint':
      return dropConstraint(st, cmd);
    default:
      if (noOps.has(subtype)) return;
      throw new PgError(SqlStates.feature_not_supported, `ALTER TABLE … ${subtype.replace(/^AT_/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()} is not supported`);
  }
}

/**
 * ALTER TABLE [IF EXISTS] t cmd, cmd…: each command in turn, in the statement's transaction
 * (DuckDB takes one command per statement), then the table's record is written.
 */
export function planAlterTable(ast: AstNode, ctx: DdlContext): DdlProgram {
  guard(ast, ctx);
  const f = ast.AlterTableStmt as AstFields;
  const cmds = ((f.cmds ?? []) as AstNode[]).map((c) => c.AlterTableCmd as AstFields);
  return async (db) => {
    const st = await open(db, ctx, f.relation as AstFields, Boolean(f.missing_ok), ast);
    if (!isState(st)) return st;
    for (const cmd of cmds) {
      await runCommand(st, cmd);
      st.meta.columns = await tableColumns(db, st.schema, st.table);
    }
    await finish(st);
    return { notices: st.notices };
  };
}

/** ALTER TABLE … RENAME TO: indexes recreated on the new name; the record moves with the table. */
async function renameTable(st: AlterState, to: string): Promise<void> {
  if (await relationExists(st.db, st.schema, to)) throw new PgError(SqlStates.duplicate_table, `relation "${to}" already exists`);
  await refuseIfReferenced(st.db, st.schema, st.table, 'rename');
  // DuckDB keeps a renamed table's old name in the bookkeeping of the tables its foreign keys
  // reference (it then cannot drop them): such a table is created again under the new name.
  if ((await tableConstraints(st.db, st.schema, st.table)).some((c) => c.type === 'FOREIGN KEY')) await rebuild(st.db, await readShape(st.db, st.meta), 'rename', to);
  else await withoutIndexes(st.db, st.meta, () => st.db.run(`ALTER TABLE ${target(st)} RENAME TO ${quoteIdent(to)}`), (i) => i, to);
  await st.db.run(deleteMetaSql(st.schema, st.table));
  st.table = to;
}

/** ALTER TABLE … RENAME [COLUMN] a TO b: indexes recreated with the new column name; records renamed. */
async function renameColumn(st: AlterState, from: string, to: string): Promise<void> {
  requireColumn(st, from);
  if (st.meta.columns.includes(to)) throw new PgError(SqlStates.duplicate_column, `column "${to}" of relation "${st.table}" already exists`);
  await refuseIfReferenced(st.db, st.schema, st.table, `rename column "${from}"`);
  if ((await tableConstraints(st.db, st.schema, st.table)).some((c) => c.type === 'FOREIGN KEY' && c.columns.includes(from))) {
    // DuckDB cannot rename a column of a foreign key: the table is created again.
    const shape = await readShape(st.db, st.meta);
    renameInShape(shape, from, to);
    await rebuild(st.db, shape, `rename column "${from}"`);
  } else {
    await withoutIndexes(st.db, st.meta, () => st.db.run(`ALTER TABLE ${target(st)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`), (i) => renameColumnIn(structuredClone(i), from, to));
  }
  const rename = (c: string) => (c === from ? to : c);
  for (const c of st.meta.constraints) c.columns = c.columns.map(rename);
  for (const i of st.meta.identity) i.column = rename(i.column);
  st.meta.generated = st.meta.generated?.map(rename);
  for (const d of st.meta.declared ?? []) d.column = rename(d.column);
  for (const v of st.meta.vectorIndexes ?? []) Object.assign(v, { column: rename(v.column), key: rename(v.key) });
}

/** ALTER INDEX … RENAME TO: DuckDB cannot rename an index, so it is created again under the new name. */
async function renameIndex(db: DdlEngine, rel: AstFields, to: string, missingOk: boolean): Promise<DdlOutcome> {
  const name = rel.relname as string;
  const owner = await indexTable(db, name, rel.schemaname ? engineSchema(rel.schemaname as string) : undefined);
  if (!owner) {
    if (missingOk) return { notices: [notice(`relation "${name}" does not exist, skipping`)] };
    throw new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`);
  }
  if (await relationExists(db, owner.schema, to)) throw new PgError(SqlStates.duplicate_table, `relation "${to}" already exists`);
  const index = (await tableIndexes(db, owner.schema, owner.table)).find((i) => i.name === name)!;
  const stmt = (parseSync(index.sql) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
  stmt.IndexStmt.idxname = to;
  await db.run(`DROP INDEX ${qualified(owner.schema, name)}`);
  await db.run(indexSql(stmt, owner.schema, owner.table));
  const meta = await metaOrEmpty(db, owner.schema, owner.table);
  const c = meta.constraints.find((x) => x.index && x.name === name);
  if (c) {
    c.name = to;
    for (const sql of writeMetaSql(meta)) await db.run(sql);
  }
  return { notices: [] };
}

/**
 * ALTER TABLE … SET SCHEMA s: DuckDB cannot move a table, so it is created again in the other
 * schema (rows, constraints, indexes, comments); its serial and identity sequences stay where
 * they are, and its record moves with it.
 */
export function planSetSchema(ast: AstNode, ctx: DdlContext): DdlProgram | null {
  const f = ast.AlterObjectSchemaStmt as AstFields;
  if (f.objectType !== 'OBJECT_TABLE') return null;
  guard(ast, ctx);
  const to = engineSchema(f.newschema as string);
  return async (db) => {
    const st = await open(db, ctx, f.relation as AstFields, Boolean(f.missing_ok), ast);
    if (!isState(st)) return st;
    if (to === st.schema) return { notices: [] };
    if (await relationExists(db, to, st.table)) throw new PgError(SqlStates.duplicate_table, `relation "${st.table}" already exists in schema "${f.newschema as string}"`);
    const shape = await readShape(db, st.meta);
    // Owned sequences move with the table, as in Postgres: created in the new schema where the old ones stand.
    for (const i of st.meta.identity) {
      const o = await sequenceOptions(db, st.schema, i.sequence);
      if (!o) continue;
      await db.run(sequenceSql(qualified(to, i.sequence), o, o.last === null ? BigInt(o.start) : BigInt(o.last) + BigInt(o.increment)));
      shape.columns.find((c) => c.name === i.column)!.default = nextvalSql(to, i.sequence);
    }
    await rebuild(db, shape, 'move', undefined, to);
    for (const i of st.meta.identity) await db.run(`DROP SEQUENCE IF EXISTS ${qualified(st.schema, i.sequence)}`);
    await db.run(deleteMetaSql(st.schema, st.table));
    const from = { schema: st.schema, table: st.table };
    st.schema = to;
    await finish(st);
    return { notices: st.notices, renamed: [{ from, to: { schema: to, table: st.table } }] };
  };
}

/** RenameStmt for tables, columns, constraints and indexes; null for other objects (DuckDB's own). */
export function planRename(ast: AstNode, ctx: DdlContext): DdlProgram | null {
  const f = ast.RenameStmt as AstFields;
  const kind = f.renameType as string;
  if (!['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_INDEX'].includes(kind)) return null;
  if (kind === 'OBJECT_COLUMN' && f.relationType !== 'OBJECT_TABLE') return null;
  guard(ast, ctx);
  const to = f.newname as string;
  const missingOk = Boolean(f.missing_ok);
  return async (db) => {
    if (kind === 'OBJECT_INDEX') return renameIndex(db, f.relation as AstFields, to, missingOk);
    const st = await open(db, ctx, f.relation as AstFields, missingOk, ast);
    if (!isState(st)) return st;
    const from = { schema: st.schema, table: st.table };
    if (kind === 'OBJECT_TABLE') await renameTable(st, to);
    else if (kind === 'OBJECT_COLUMN') await renameColumn(st, f.subname as string, to);
    else await renameConstraint(st, f.subname as string, to);
    await finish(st);
    return { notices: st.notices, ...(kind === 'OBJECT_TABLE' ? { renamed: [{ from, to: { schema: st.schema, table: to } }] } : {}) };
  };
}
