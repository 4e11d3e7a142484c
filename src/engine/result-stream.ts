import { type DuckDBDataChunk, type DuckDBMaterializedResult, type DuckDBResult, ResultReturnType } from '@duckdb/node-api';
import type { EngineColumn, EngineStream } from './engine.types.js';

/**
 * Wraps a streaming DuckDB result. DuckDB silently ends a stream when its connection runs
 * another query, so before that happens the owner calls `detach()`, which pulls the rest of
 * the chunks into memory; later reads come from there. That is the one place jammi buffers
 * a result, and only when a client interleaves two open portals on one connection.
 */
export class DuckDBResultStream implements EngineStream {
  readonly columns: EngineColumn[];
  readonly changedRows: number | null;
  private done = false;
  private buffered: DuckDBDataChunk[] | null = null;

  constructor(
    private readonly result: DuckDBResult,
    private readonly onFinish: (s: DuckDBResultStream) => void,
  ) {
    const names = result.columnNames();
    const types = result.columnTypes();
    this.columns = names.map((name, i) => ({ name, type: types[i] }));
    this.changedRows = result.returnType === ResultReturnType.CHANGED_ROWS ? result.rowsChanged : null;
  }

  get finished(): boolean {
    return this.done;
  }

  async next(): Promise<DuckDBDataChunk | null> {
    if (this.buffered) {
      const c = this.buffered.shift() ?? null;
      if (!c) this.finish();
      return c;
    }
    if (this.done) return null;
    let chunk: DuckDBDataChunk | null;
    try {
      chunk = await this.result.fetchChunk();
    } catch (e) {
      this.finish();
      throw e;
    }
    if (!chunk || chunk.rowCount === 0) {
      this.finish();
      return null;
    }
    return chunk;
  }

  /** Pull the remaining chunks into memory so the connection can run something else. */
  async detach(): Promise<void> {
    if (this.done || this.buffered) return;
    const rest: DuckDBDataChunk[] = [];
    for (;;) {
      const c = await this.result.fetchChunk();
      if (!c || c.rowCount === 0) break;
      rest.push(c);
    }
    this.buffered = rest;
    this.onFinish(this);
  }

  close(): void {
    this.buffered = [];
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onFinish(this);
  }
}

/**
 * A result DuckDB ran to completion in one call. Used only for statements whose size is
 * bounded by a small LIMIT: one trip to DuckDB's thread instead of one per chunk plus one
 * to learn the end, and nothing ties it to the connection afterwards.
 */
export class MaterializedStream implements EngineStream {
  readonly columns: EngineColumn[];
  readonly changedRows: number | null;
  private index = 0;

  constructor(private readonly result: DuckDBMaterializedResult) {
    const names = result.columnNames();
    const types = result.columnTypes();
    this.columns = names.map((name, i) => ({ name, type: types[i] }));
    this.changedRows = result.returnType === ResultReturnType.CHANGED_ROWS ? result.rowsChanged : null;
  }

  async next(): Promise<DuckDBDataChunk | null> {
    while (this.index < this.result.chunkCount) {
      const c = this.result.getChunk(this.index++);
      if (c.rowCount > 0) return c;
    }
    return null;
  }

  close(): void {
    this.index = this.result.chunkCount;
  }
}
