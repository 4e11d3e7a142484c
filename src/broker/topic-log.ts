import type { DuckDBValue } from '@duckdb/node-api';
import { type EngineConnection, type EngineParam, type EnginePrepared, quoteIdent, TOPICS_SCHEMA, USER_CATALOG } from '../engine/index.js';
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
export const INSERT_BATCH = 200;

/**
 * Read every row of a statement's result. `whole` runs it to completion in one engine call
 * (an autocommit INSERT has then committed when this returns).
 */
export async function queryRows(conn: EngineConnection, sql: string, params: EngineParam[] = [], whole = false): Promise<DuckDBValue[][]> {
  const prepared = await conn.prepare(sql);
  try {
    const stream = await prepared.stream(params, whole);
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
export async function appendToLog(conn: EngineConnection, def: TopicDef, first: number, producedAt: string, rows: readonly (string | null)[][], cache?: StatementCache): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  const width = def.columns.length + 2;
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    const sql = () => {
      const tuples = batch.map((_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(', ')})`);
      return `INSERT INTO ${logTable(def.name)} VALUES ${tuples.join(', ')} RETURNING *`;
    };
    const params = batch.flatMap((r, i) => [text(String(first + start + i)), text(producedAt), ...r.map(text)]);
    const returned = cache ? await cache.rows(conn, `${def.topicId}:${batch.length}`, sql, params) : await queryRows(conn, sql(), params, true);
    for (const row of returned) out.push({ offset: rowOffset(row), json: eventJson(def, row), row });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Prepared appends kept for one connection (by topic id and row count), so a steady stream of
 * publishes is not re-planned each time. A statement that fails is dropped (its topic may be gone).
 */
export class StatementCache {
  private readonly stmts = new Map<string, EnginePrepared>();

  constructor(private readonly size = 32) {}

  async rows(conn: EngineConnection, key: string, sql: () => string, params: EngineParam[]): Promise<DuckDBValue[][]> {
    let stmt = this.stmts.get(key);
    if (stmt) this.stmts.delete(key);
    else stmt = await conn.prepare(sql());
    try {
      const stream = await stmt.stream(params, true);
      const rows: DuckDBValue[][] = [];
      for (let chunk = await stream.next(); chunk; chunk = await stream.next()) rows.push(...chunk.getRows());
      this.stmts.set(key, stmt);
      if (this.stmts.size > this.size) {
        const [oldest, old] = this.stmts.entries().next().value as [string, EnginePrepared];
        this.stmts.delete(oldest);
        old.close();
      }
      return rows;
    } catch (e) {
      stmt.close();
      throw e;
    }
  }

  clear(): void {
    for (const s of this.stmts.values()) s.close();
    this.stmts.clear();
  }
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
