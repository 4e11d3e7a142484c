import { USER_CATALOG, quoteIdent, quoteLiteral } from '../../engine/index.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { nextvalDefault } from './column-def.js';
import type { DdlEngine } from './ddl.types.js';
import { qualified } from './table-meta.js';

/** A sequence's options as DuckDB keeps them. */
export interface SequenceOptions {
  start: string;
  min: string;
  max: string;
  increment: string;
  cycle: boolean;
  /** The last value handed out, or null before the first nextval. */
  last: string | null;
}

export async function sequenceOptions(db: DdlEngine, schema: string, name: string): Promise<SequenceOptions | null> {
  const rows = await db.rows(
    `SELECT CAST(start_value AS VARCHAR), CAST(min_value AS VARCHAR), CAST(max_value AS VARCHAR), CAST(increment_by AS VARCHAR), CAST(cycle AS VARCHAR), CAST(last_value AS VARCHAR) FROM duckdb_sequences() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND sequence_name = ${quoteLiteral(name)}`,
  );
  if (!rows.length) return null;
  const [start, min, max, increment, cycle, last] = rows[0];
  return { start: start!, min: min!, max: max!, increment: increment!, cycle: cycle === 'true', last };
}

/**
 * Make a sequence start again at `next` (its own start value when undefined). DuckDB cannot
 * alter a sequence, so it is dropped and created again, the defaults that use it detached
 * and reattached around that, all in the caller's transaction.
 */
export async function restartSequence(db: DdlEngine, schema: string, name: string, users: readonly { table: string; column: string }[], next?: bigint): Promise<void> {
  const o = await sequenceOptions(db, schema, name);
  if (!o) throw new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`);
  const start = next ?? BigInt(o.start);
  for (const u of users) await db.run(`ALTER TABLE ${qualified(schema, u.table)} ALTER COLUMN ${quoteIdent(u.column)} DROP DEFAULT`);
  await db.run(`DROP SEQUENCE ${qualified(schema, name)}`);
  await db.run(sequenceSql(qualified(schema, name), o, start));
  for (const u of users) await db.run(`ALTER TABLE ${qualified(schema, u.table)} ALTER COLUMN ${quoteIdent(u.column)} SET DEFAULT ${nextvalSql(schema, name)}`);
}

/** The `nextval('<seq>')` default of a serial or identity column, as engine SQL. */
export function nextvalSql(schema: string, seq: string): string {
  const call = nextvalDefault(schema, seq).FuncCall;
  const arg = (call.args as { A_Const: { sval: { sval: string } } }[])[0].A_Const.sval.sval;
  return `nextval(${quoteLiteral(arg)})`;
}

/** CREATE SEQUENCE with a sequence's options, starting at `start`. */
export function sequenceSql(qualifiedName: string, o: SequenceOptions, start: bigint): string {
  return `CREATE SEQUENCE ${qualifiedName} INCREMENT BY ${o.increment} MINVALUE ${o.min} MAXVALUE ${o.max} START WITH ${start}${o.cycle ? ' CYCLE' : ''}`;
}
