import { PgError, SqlStates } from '../../errors/index.js';
import type { AstNode } from '../ast.js';
import { reconcileWithEngine, takenNames } from './create-table.js';
import type { DdlContext, DdlEngine } from './ddl.types.js';
import { relationNames, tableColumns } from './engine-catalog.js';
import type { ConstraintShape, TableShape } from './table-shape.js';
import { qualified, type TableMeta, writeMetaSql } from './table-meta.js';

/** One ALTER statement's work on one table: the engine, the table's record as it changes, notices. */
export interface AlterState {
  db: DdlEngine;
  ctx: DdlContext;
  schema: string;
  /** The table's name (changes with RENAME TO). */
  table: string;
  meta: TableMeta;
  notices: PgError[];
}

/** The table, quoted for engine SQL. */
export const target = (st: AlterState) => qualified(st.schema, st.table);

/** A statement fragment (a type, an expression, a constraint) as engine SQL, after jammi's DDL rewrites. */
export const fragment = (st: AlterState, node: AstNode) => st.ctx.engineSql(node);

export const notice = (message: string) => new PgError(SqlStates.successful_completion, message, {}, 'NOTICE');

/** Names the schema already uses: records (the table's own current ones included) and relations. */
export async function takenFor(st: AlterState): Promise<Set<string>> {
  const taken = takenNames(st.ctx.meta, st.schema);
  for (const c of st.meta.constraints) if (c.name) taken.add(c.name);
  for (const n of await relationNames(st.db, st.schema)) taken.add(n);
  return taken;
}

/** 42703 for a column the table lacks. */
export function requireColumn(st: AlterState, column: string): void {
  if (!st.meta.columns.includes(column)) throw new PgError(SqlStates.undefined_column, `column "${column}" of relation "${st.table}" does not exist`);
}

/** The records of a rebuilt table's constraints: its table constraints in their new order, then the index-backed ones. */
export function constraintsAfter(st: AlterState, shape: TableShape): void {
  st.meta.constraints = [...shape.constraints.flatMap((c: ConstraintShape) => (c.meta ? [c.meta] : [])), ...st.meta.constraints.filter((c) => c.index)];
}

/** After the commands: the record's columns and check expressions as DuckDB now has them, written in the transaction. */
export async function finish(st: AlterState): Promise<void> {
  st.meta.schema = st.schema;
  st.meta.table = st.table;
  st.meta.columns = await tableColumns(st.db, st.schema, st.table);
  await reconcileWithEngine(st.db, st.meta);
  for (const sql of writeMetaSql(st.meta)) await st.db.run(sql);
}
