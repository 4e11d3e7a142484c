import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { EngineStream } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { type ResultTypeHints, tagWithCount } from '../sql/index.js';
import type { ProtocolOutput } from '../wire/index.js';
import { type ResultColumn, type RowEncoder, resultColumnsOf } from './row-encoder.js';

/**
 * What one pump of a row source ended with: done (with the rows this pump wrote, where the
 * source counts them), or suspended at the limit, having written exactly `limit` rows.
 */
export type PumpResult = { done: true; tag: string; rows?: number } | { done: false };

/**
 * The rows of one executing statement, pulled in pieces so Execute's row limit and
 * socket backpressure both work. `columns` is null for statements without rows.
 */
export interface RowSource {
  readonly columns: ResultColumn[] | null;
  /** Rows go out in binary whatever the client asked (FETCH from a BINARY cursor). */
  readonly binary?: boolean;
  /** Write up to `limit` rows (0 = all). */
  pump(out: ProtocolOutput, encoder: RowEncoder | null, limit: number, isCancelled: () => boolean): Promise<PumpResult>;
  close(): void;
}

/** A statement that only completes with a tag (SET, BEGIN, CREATE TABLE…). */
export class TagSource implements RowSource {
  readonly columns = null;
  constructor(private readonly tag: string) {}
  async pump(): Promise<PumpResult> {
    return { done: true, tag: this.tag };
  }
  close(): void {}
}

/** Rows computed by jammi itself (admin functions, SHOW). */
export class ValuesSource implements RowSource {
  private next = 0;
  constructor(
    readonly columns: ResultColumn[],
    private readonly rows: unknown[][],
    private readonly verb = 'SELECT',
  ) {}
  async pump(out: ProtocolOutput, encoder: RowEncoder | null, limit: number): Promise<PumpResult> {
    let sent = 0;
    while (this.next < this.rows.length && (limit === 0 || sent < limit)) {
      encoder?.writeRow(this.rows[this.next++], out.ser);
      sent++;
    }
    if (this.next < this.rows.length) return { done: false };
    return { done: true, tag: this.verb === 'SHOW' ? 'SHOW' : tagWithCount(this.verb, sent), rows: sent };
  }
  close(): void {}
}

/**
 * Rows streamed from DuckDB chunk by chunk. Rows are encoded as chunks arrive and the
 * output is flushed under backpressure, so memory stays at about one chunk.
 */
export class EngineSource implements RowSource {
  readonly columns: ResultColumn[] | null;
  private chunk: DuckDBDataChunk | null = null;
  private row = 0;

  constructor(
    private readonly stream: EngineStream,
    private readonly verb: string,
    returnsRows: boolean,
    columnTypes?: ResultTypeHints,
  ) {
    this.columns = returnsRows ? resultColumnsOf(stream.columns, columnTypes) : null;
  }

  async pump(out: ProtocolOutput, encoder: RowEncoder | null, limit: number, isCancelled: () => boolean): Promise<PumpResult> {
    if (!this.columns) return { done: true, tag: tagWithCount(this.verb, await this.countOnly()) };
    let sent = 0;
    for (;;) {
      if (isCancelled()) {
        this.stream.close();
        throw new PgError(SqlStates.query_canceled, 'canceling statement due to user request');
      }
      if (!this.chunk || this.row >= this.chunk.rowCount) {
        this.chunk = await this.stream.next();
        this.row = 0;
        if (!this.chunk) return { done: true, tag: tagWithCount(this.verb, sent), rows: sent };
      }
      const want = limit === 0 ? this.chunk.rowCount - this.row : Math.min(limit - sent, this.chunk.rowCount - this.row);
      encoder?.writeChunk(this.chunk, this.row, this.row + want, out.ser);
      this.row += want;
      sent += want;
      await out.flushIfFull();
      // Like Postgres, a portal that hits the limit is suspended even if no rows remain;
      // the next Execute then completes it with zero rows.
      if (limit !== 0 && sent >= limit) return { done: false };
    }
  }

  /** DML without RETURNING: DuckDB reports the count as rows-changed or as one "Count" row. */
  private async countOnly(): Promise<number> {
    let count = this.stream.changedRows ?? 0;
    for (;;) {
      const c = await this.stream.next();
      if (!c) break;
      if (this.stream.changedRows === null && this.stream.columns.length === 1 && this.stream.columns[0].name === 'Count' && c.rowCount > 0) {
        count = Number(c.getColumnVector(0).getItem(0));
      }
    }
    return count;
  }

  close(): void {
    this.stream.close();
  }
}
