import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { DdlContext, DdlEngine, DdlProgram } from './ddl.types.js';
import { indexTable, loadMeta, metaOrEmpty, referencingTables, tableExists, viewExists } from './engine-catalog.js';
import { readShape, rebuild } from './table-shape.js';
import { deleteMetaSql, engineSchema, META_TABLE, qualified, type TableMeta, writeMetaSql } from './table-meta.js';
import { USER_CATALOG, quoteIdent, quoteLiteral } from '../../engine/index.js';

/** Run the DDL rewrites for their refusals only (sources, system tables, jammi's schema): the program names tables itself. */
export function guard(ast: AstNode, ctx: DdlContext): void {
  void ctx.engineSql(ast);
}

const notice = (message: string) => new PgError(SqlStates.successful_completion, message, {}, 'NOTICE');

/** A DROP object's name: `t`, `s.t` or `jammi.s.t` (the catalog was checked by the write guard). */
function objectName(obj: AstNode): { schema: string | undefined; name: string } {
  const names = nameList(obj.List?.items as AstNode[]);
  const name = names[names.length - 1];
  return { schema: names.length >= 2 ? names[names.length - 2] : undefined, name };
}

interface DropTarget {
  schema: string;
  table: string;
  temp: boolean;
}

/** Foreign keys from tables outside `targets` that reference one of them, with their names. */
async function outsideReferences(db: DdlEngine, targets: DropTarget[]): Promise<{ from: TableMeta | undefined; fromSchema: string; fromTable: string; to: string; constraint: string }[]> {
  const out: { from: TableMeta | undefined; fromSchema: string; fromTable: string; to: string; constraint: string }[] = [];
  const inSet = (s: string, t: string) => targets.some((x) => !x.temp && x.schema === s && x.table === t);
  for (const t of targets) {
    if (t.temp) continue;
    for (const r of await referencingTables(db, t.schema, t.table)) {
      if (inSet(r.schema, r.table)) continue;
      const meta = await loadMeta(db, r.schema, r.table);
      const fks = meta?.constraints.filter((c) => c.kind === 'foreign' && c.references?.table === t.table) ?? [];
      for (const fk of fks.length ? fks : [{ name: `${r.table}_fkey` }]) out.push({ from: meta, fromSchema: r.schema, fromTable: r.table, to: t.table, constraint: fk.name });
    }
  }
  return out;
}

/** Drop order: a table referenced by another table of the set goes after it. */
async function dropOrder(db: DdlEngine, targets: DropTarget[]): Promise<DropTarget[]> {
  const refs = new Map<DropTarget, Set<string>>();
  for (const t of targets) refs.set(t, new Set(t.temp ? [] : (await referencingTables(db, t.schema, t.table)).map((r) => `${r.schema}.${r.table}`)));
  const left = [...targets];
  const order: DropTarget[] = [];
  while (left.length) {
    const i = left.findIndex((t) => !left.some((o) => o !== t && !o.temp && refs.get(t)!.has(`${o.schema}.${o.table}`)));
    order.push(...left.splice(i < 0 ? 0 : i, 1));
  }
  return order;
}

/**
 * DROP TABLE [IF EXISTS] t1, t2 [CASCADE | RESTRICT]: every name is checked first (42P01, or a
 * notice with IF EXISTS); tables of the list that reference each other are dropped in an order
 * DuckDB accepts; serial and identity sequences go with their table. A foreign key from a
 * table outside the list blocks the drop (2BP01); with CASCADE that table is rebuilt without
 * it (0A000 when other tables reference that table in turn).
 */
export function planDropTable(ast: AstNode, ctx: DdlContext): DdlProgram {
  guard(ast, ctx);
  const f = ast.DropStmt as AstFields;
  const objects = ((f.objects ?? []) as AstNode[]).map(objectName);
  const missingOk = Boolean(f.missing_ok);
  const cascade = f.behavior === 'DROP_CASCADE';
  return async (db) => {
    const notices: PgError[] = [];
    const targets: DropTarget[] = [];
    for (const o of objects) {
      const schema = engineSchema(o.schema);
      if (o.schema === undefined && (await tableExists(db, 'main', o.name, true))) targets.push({ schema: 'main', table: o.name, temp: true });
      else if (await tableExists(db, schema, o.name)) targets.push({ schema, table: o.name, temp: false });
      else if (await viewExists(db, schema, o.name)) throw new PgError(SqlStates.wrong_object_type, `"${o.name}" is not a table`, { hint: 'Use DROP VIEW to remove a view.' });
      else if (missingOk) notices.push(notice(`table "${o.name}" does not exist, skipping`));
      else throw new PgError(SqlStates.undefined_table, `table "${o.name}" does not exist`);
    }
    const outside = await outsideReferences(db, targets);
    if (outside.length && !cascade) {
      const table = outside[0].to;
      throw new PgError(SqlStates.dependent_objects_still_exist, `cannot drop table ${table} because other objects depend on it`, {
        detail: outside.map((r) => `constraint ${r.constraint} on table ${r.fromTable} depends on table ${r.to}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    // CASCADE drops the referencing foreign keys, as Postgres does: DuckDB cannot drop a
    // constraint, so each referencing table is rebuilt without them.
    for (const from of new Set(outside.map((r) => r.fromTable))) {
      const refs = outside.filter((r) => r.fromTable === from);
      const schema = refs[0].from?.schema ?? refs[0].fromSchema;
      const meta = await metaOrEmpty(db, schema, from);
      const shape = await readShape(db, meta);
      const dropped = (c: { references?: { schema: string; table: string } }) => targets.some((t) => !t.temp && c.references?.table === t.table && c.references.schema === t.schema);
      shape.constraints = shape.constraints.filter((c) => c.type !== 'FOREIGN KEY' || !dropped(c));
      await rebuild(db, shape, `drop the foreign keys of table "${from}"`);
      meta.constraints = meta.constraints.filter((c) => c.kind !== 'foreign' || !dropped(c));
      for (const sql of writeMetaSql(meta)) await db.run(sql);
      for (const r of refs) notices.push(notice(`drop cascades to constraint ${r.constraint} on table ${from}`));
    }
    for (const t of await dropOrder(db, targets)) {
      if (t.temp) {
        await db.run(`DROP TABLE temp.main.${quoteIdent(t.table)}`);
        continue;
      }
      const meta = await loadMeta(db, t.schema, t.table);
      await db.run(`DROP TABLE ${qualified(t.schema, t.table)}`);
      for (const i of meta?.identity ?? []) await db.run(`DROP SEQUENCE IF EXISTS ${qualified(t.schema, i.sequence)}`);
      await db.run(deleteMetaSql(t.schema, t.table));
    }
    return { notices };
  };
}

/**
 * DROP INDEX [IF EXISTS] name: an HNSW index leaves its table's record; an index that backs a unique constraint added by jammi
 * (ALTER TABLE … ADD UNIQUE, CREATE UNIQUE INDEX) leaves the table's record with it; the
 * index of a primary key or UNIQUE constraint declared with the table is 2BP01, as in
 * Postgres (drop the constraint instead).
 */
export function planDropIndex(ast: AstNode, ctx: DdlContext): DdlProgram {
  guard(ast, ctx);
  const f = ast.DropStmt as AstFields;
  const objects = ((f.objects ?? []) as AstNode[]).map(objectName);
  const missingOk = Boolean(f.missing_ok);
  return async (db) => {
    const notices: PgError[] = [];
    for (const o of objects) {
      const schema = o.schema === undefined ? undefined : engineSchema(o.schema);
      const owner = await indexTable(db, o.name, schema);
      if (!owner && (await dropVectorIndex(db, ctx, o.name, schema))) continue;
      if (!owner) {
        const constraint = [...ctx.meta.all()].flatMap((m) => m.constraints.map((c) => ({ m, c }))).find(({ m, c }) => c.name === o.name && !c.index && (c.kind === 'primary' || c.kind === 'unique') && (schema === undefined || m.schema === schema));
        if (constraint) {
          throw new PgError(SqlStates.dependent_objects_still_exist, `cannot drop index ${o.name} because constraint ${o.name} on table ${constraint.m.table} requires it`, {
            hint: `You can drop constraint ${o.name} on table ${constraint.m.table} instead.`,
          });
        }
        if (missingOk) {
          notices.push(notice(`index "${o.name}" does not exist, skipping`));
          continue;
        }
        throw new PgError(SqlStates.undefined_object, `index "${o.name}" does not exist`);
      }
      await db.run(`DROP INDEX ${qualified(owner.schema, o.name)}`);
      const meta = await loadMeta(db, owner.schema, owner.table);
      if (meta?.constraints.some((c) => c.index && c.name === o.name)) {
        meta.constraints = meta.constraints.filter((c) => !(c.index && c.name === o.name));
        for (const sql of writeMetaSql(meta)) await db.run(sql);
      }
    }
    return { notices };
  };
}

/** Remove an HNSW index (pgvector's, kept in its table's DDL record) by name; false when there is none. */
async function dropVectorIndex(db: DdlEngine, ctx: DdlContext, name: string, schema: string | undefined): Promise<boolean> {
  const owner = [...ctx.meta.all()].find((m) => (schema === undefined || m.schema === schema) && m.vectorIndexes?.some((v) => v.name === name));
  if (!owner) return false;
  const meta = await loadMeta(db, owner.schema, owner.table);
  if (!meta?.vectorIndexes?.some((v) => v.name === name)) return false;
  meta.vectorIndexes = meta.vectorIndexes.filter((v) => v.name !== name);
  for (const sql of writeMetaSql(meta)) await db.run(sql);
  return true;
}

/** DROP SCHEMA: DuckDB drops the schema (and with CASCADE its tables); their records go with them. */
export function planDropSchema(ast: AstNode, ctx: DdlContext): DdlProgram {
  const f = ast.DropStmt as AstFields;
  const schemas = ((f.objects ?? []) as AstNode[]).map((o) => o.String?.sval as string);
  const sql = ctx.engineSql(ast);
  return async (db) => {
    await db.run(sql);
    for (const s of schemas) await db.run(`DELETE FROM ${META_TABLE} WHERE schema_name = ${quoteLiteral(engineSchema(s))}`);
    return { notices: [] };
  };
}

/**
 * DROP TYPE [IF EXISTS] t [CASCADE]: DuckDB drops an enum type columns still use (they keep
 * its labels); Postgres refuses (2BP01), and with CASCADE drops those columns, which jammi
 * does not (0A000: drop the columns first).
 */
export function planDropType(ast: AstNode, ctx: DdlContext): DdlProgram {
  guard(ast, ctx);
  const f = ast.DropStmt as AstFields;
  const types = ((f.objects ?? []) as AstNode[]).map((o) => nameList((o.TypeName as AstFields).names as AstNode[]));
  const missingOk = Boolean(f.missing_ok);
  const cascade = f.behavior === 'DROP_CASCADE';
  return async (db) => {
    const notices: PgError[] = [];
    for (const names of types) {
      const name = names[names.length - 1];
      const schema = engineSchema(names.length >= 2 ? names[names.length - 2] : undefined);
      const [found] = await db.rows(
        `SELECT CAST(to_json(labels) AS VARCHAR) FROM duckdb_types() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND type_name = ${quoteLiteral(name)} AND NOT internal`,
      );
      if (!found) {
        if (missingOk) notices.push(notice(`type "${name}" does not exist, skipping`));
        else throw new PgError(SqlStates.undefined_object, `type "${name}" does not exist`);
        continue;
      }
      const spelled = `ENUM(${(JSON.parse(found[0] ?? '[]') as string[]).map(quoteLiteral).join(', ')})`;
      const users = await db.rows(
        `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND (data_type = ${quoteLiteral(spelled)} OR starts_with(data_type, ${quoteLiteral(spelled + '[')}))`,
      );
      if (users.length && !cascade) {
        throw new PgError(SqlStates.dependent_objects_still_exist, `cannot drop type ${name} because other objects depend on it`, {
          detail: users.map(([t, c]) => `column ${c} of table ${t} depends on type ${name}`).join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
      if (users.length) throw new PgError(SqlStates.feature_not_supported, `DROP TYPE ${name} CASCADE would drop columns that use it, which jammi does not do`, { hint: 'Drop or alter those columns first.' });
      await db.run(`DROP TYPE ${qualified(schema, name)}`);
    }
    return { notices };
  };
}
