import { ARRAY, arrayValue, type DuckDBAppender, type DuckDBArrayType, type DuckDBConnection, FLOAT } from '@duckdb/node-api';
import { quoteLiteral } from './quote.js';

const STAGING = '_jammi_vector_staging';

/**
 * A scratch table of (row id, vector) on a private connection, filled through DuckDB's
 * appender and written out as one Parquet file. Used by embedding-table builds: JS holds one
 * batch at a time; DuckDB's buffer manager holds (and spills) the rest. Rows keep their
 * append order: the Parquet row at position i is the i-th row appended.
 */
export class VectorStaging {
  private readonly type: DuckDBArrayType;
  private closed = false;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    readonly dimensions: number,
  ) {
    this.type = ARRAY(FLOAT, dimensions);
  }

  static async open(conn: DuckDBConnection, dimensions: number): Promise<VectorStaging> {
    try {
      await conn.run(`CREATE TEMP TABLE ${STAGING} (_row_id VARCHAR NOT NULL, vector FLOAT[${dimensions}] NOT NULL)`);
      const appender = await conn.createAppender(STAGING, 'main', 'temp');
      return new VectorStaging(conn, appender, dimensions);
    } catch (e) {
      conn.closeSync();
      throw e;
    }
  }

  /** Append one row (buffered by the appender; flush() makes it visible). */
  append(rowId: string, vector: Float32Array): void {
    this.appender.appendVarchar(rowId);
    this.appender.appendArray(arrayValue(Array.from(vector)), this.type);
    this.appender.endRow();
  }

  flush(): void {
    this.appender.flushSync();
  }

  /**
   * Write every row, in append order, to `file` as Parquet with the constant columns
   * `_source_id`, `model` and `created_at` (`file` must lie under DuckDB's allowed directories).
   */
  async writeParquet(file: string, sourceId: string, model: string, createdAt: Date): Promise<void> {
    this.flush();
    await this.conn.run(
      `COPY (SELECT _row_id, ${quoteLiteral(sourceId)} AS _source_id, vector, ${quoteLiteral(model)} AS model,
                    CAST(${quoteLiteral(createdAt.toISOString())} AS TIMESTAMPTZ) AS created_at
               FROM temp.main.${STAGING} ORDER BY rowid)
         TO ${quoteLiteral(file)} (FORMAT parquet)`,
    );
  }

  /** Drop the scratch table and close the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.appender.closeSync();
    } catch {
      // a failed append leaves the appender unusable; the table goes with the connection
    }
    this.conn.closeSync();
  }
}
