/** A column as discovered in a source, with the Postgres type name a client will see. */
export interface SourceColumn {
  name: string;
  /** DuckDB's type spelling, e.g. BIGINT, VARCHAR, DECIMAL(10,2). */
  duckdbType: string;
  /** The Postgres type name, e.g. int8, text, numeric(10,2). */
  pgType: string;
  nullable: boolean;
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
}

export type SourceKind = 'file' | 'postgres' | 'mysql' | 'sqlite';
export type FileFormat = 'parquet' | 'csv' | 'json';

/** One row of the `sources` catalog table, decoded. */
export interface SourceRecord {
  sourceId: string;
  kind: SourceKind;
  uri: string;
  format: FileFormat | null;
  tables: SourceTable[];
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  tenantId: string | null;
}
