import type { DuckDBDataChunk, DuckDBType } from '@duckdb/node-api';

/** A result column as DuckDB reports it. */
export interface EngineColumn {
  name: string;
  type: DuckDBType;
}

/** A value bound to a statement parameter: text cast by DuckDB, bytes for BLOBs, or NULL. */
export type EngineParam = { kind: 'text'; value: string } | { kind: 'bytes'; value: Uint8Array } | null;

/** A running query whose chunks are pulled one at a time. */
export interface EngineStream {
  readonly columns: EngineColumn[];
  /** Rows changed, for statements that report a count instead of rows. */
  readonly changedRows: number | null;
  /** The next chunk, or null at the end. */
  next(): Promise<DuckDBDataChunk | null>;
  /** Stop early; later `next()` calls return null. */
  close(): void;
}
