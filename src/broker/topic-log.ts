import type { DuckDBValue } from '@duckdb/node-api';
import { type EngineConnection, type EngineParam, quoteIdent, TOPICS_SCHEMA, USER_CATALOG } from '../engine/index.js';
import { eventJson, rowOffset } from './topic-event.js';
import { OFFSET_COLUMN, PRODUCED_AT_COLUMN, type TopicDef } from './topic-types.js';

/**
 * SQL over a topic's backing table, the durable log: `_offset bigint` (contiguous from 0),
 * `_produced_at timestamptz`, then the topic's columns. Column names are always quoted
 * (`at` is a DuckDB keyword).
 */

/** The log's table as DuckDB names it from any connection. */
export const logTable = (name: string): string => `${USER_CATALOG}.${TOPICS_SCHEMA}.${quoteIdent(name)}`;

/** `CREATE TABLE` of a topic's log. */
export function createLogSql(def: Pick<TopicDef, 'name' | 'columns'>): string {
  const cols = [`${OFFSET_COLUMN} BIGINT NOT NULL`, `${PRODUCED_AT_COLUMN} TIMESTAMPTZ NOT NULL`, ...def.columns.map((c) => `${quoteIdent(c.name)} ${c.type.duckdb}`)];
  return `CREATE TABLE ${logTable(def.name)} (${cols.join(', ')})`;
}

/** Rows appended in one statement (DuckDB binds every value as a parameter). */
const INSERT_BATCH = 200;

/** Read every row of a statement's result. */
export async function queryRows(conn: EngineConnection, sql: string, params: EngineParam[] = []): Promise<DuckDBValue[][]> {
  const prepared = await conn.prepare(sql);
  try {
    const stream = await prepared.stream(params);
    const rows: DuckDBValue[][] = [];
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) rows.push(...chunk.getRows());
    return rows;
  } finally {
    prepared.close();
  }
}

const text = (v: string | null): EngineParam => (v === null ? null : { kind: 'text', value: v });

/** A committed (or about to be committed) event read back from the log. */
export interface LogEvent {
  offset: number;
  json: string;
  /** The row as DuckDB returned it (`_offset`, `_produced_at`, then the columns), for RETURNING. */
  row: DuckDBValue[];
}

/**
 * Append rows (the columns' text values, in order) with offsets `first`, `first + 1`, … and
 * one production time, inside the connection's open transaction; returns the events as the
 * log stores them (so live payloads are byte-for-byte what a replay reads).
 */
export async function appendToLog(conn: EngineConnection, def: TopicDef, first: number, producedAt: string, rows: readonly (string | null)[][]): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  const width = def.columns.length + 2;
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    const tuples = batch.map((_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(', ')})`);
    const params = batch.flatMap((r, i) => [text(String(first + start + i)), text(producedAt), ...r.map(text)]);
    const returned = await queryRows(conn, `INSERT INTO ${logTable(def.name)} VALUES ${tuples.join(', ')} RETURNING *`, params);
    for (const row of returned) out.push({ offset: rowOffset(row), json: eventJson(def, row), row });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** Events with `_offset >= from`, in order, at most `limit`. */
export async function readLog(conn: EngineConnection, def: TopicDef, from: number, limit: number): Promise<LogEvent[]> {
  const rows = await queryRows(conn, `SELECT * FROM ${logTable(def.name)} WHERE ${OFFSET_COLUMN} >= $1::BIGINT ORDER BY ${OFFSET_COLUMN} LIMIT ${Math.max(1, Math.floor(limit))}`, [text(String(from))]);
  return rows.map((row) => ({ offset: rowOffset(row), json: eventJson(def, row), row }));
}

/** The offset the next event of a log gets: one past the highest, or 0. */
export async function nextOffsetOf(conn: EngineConnection, name: string): Promise<number> {
  const rows = await queryRows(conn, `SELECT coalesce(max(${OFFSET_COLUMN}) + 1, 0) FROM ${logTable(name)}`);
  return Number(rows[0][0] as bigint);
}
