// Writes the data set as the Parquet file jammi registers as a source.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ARRAY, BIGINT, DuckDBArrayValue, DuckDBDataChunk, DuckDBInstance, FLOAT, INTEGER } from '@duckdb/node-api';
import { row, type DataSet } from './data.js';

/**
 * Writes `id BIGINT, bucket INTEGER, embedding FLOAT[d]` to `file` with in-process DuckDB:
 * rows go through an appender one 2048-row data chunk at a time into a table of an on-disk
 * scratch database (so neither JS nor DuckDB's memory holds the whole set as values), then
 * COPY … TO parquet in id order. Returns seconds taken.
 */
export async function writeParquet(data: DataSet, file: string): Promise<number> {
  const t0 = performance.now();
  const d = data.spec.dimensions;
  mkdirSync(path.dirname(file), { recursive: true });
  const scratch = `${file}.scratch.duckdb`;
  const db = await DuckDBInstance.create(scratch);
  const c = await db.connect();
  try {
    await c.run(`CREATE TABLE vecs (id BIGINT, bucket INTEGER, embedding FLOAT[${d}])`);
    const appender = await c.createAppender('vecs');
    const types = [BIGINT, INTEGER, ARRAY(FLOAT, d)];
    const chunkRows = 2048;
    for (let start = 0; start < data.spec.rows; start += chunkRows) {
      const n = Math.min(chunkRows, data.spec.rows - start);
      const chunk = DuckDBDataChunk.create(types, n);
      const ids: bigint[] = [];
      const buckets: number[] = [];
      const vecs: DuckDBArrayValue[] = [];
      for (let i = start; i < start + n; i++) {
        ids.push(BigInt(i));
        buckets.push(i % 100);
        vecs.push(new DuckDBArrayValue(Array.from(row(data.block, d, i))));
      }
      chunk.setColumns([ids, buckets, vecs]);
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const tmp = `${file}.tmp`;
    await c.run(`COPY (SELECT * FROM vecs ORDER BY id) TO '${tmp.replaceAll("'", "''")}' (FORMAT parquet)`);
    renameSync(tmp, file);
  } finally {
    c.closeSync();
    db.closeSync();
  }
  rmSync(scratch, { force: true });
  rmSync(`${scratch}.wal`, { force: true });
  return (performance.now() - t0) / 1000;
}
