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

/** A column of a writable table: its Postgres type as declared, merged with DuckDB's metadata. */
export interface MutableColumn {
  name: string;
  /** The type as format_type() prints it: `character varying(20)`, `numeric(10,2)`, `jsonb`, `text[]`, an enum's name. */
  type: string;
  /** The type OID jammi reports on the wire (an enum reports text, 25). */
  oid: number;
  typmod: number;
  nullable: boolean;
  /** The DEFAULT expression, in Postgres's spelling where the client declared it, else DuckDB's. */
  default: string | null;
  /** DuckDB's own type for the column. */
  duckdbType: string;
  /** An enum column's labels, in order. */
  enumLabels?: string[];
  comment?: string;
}

/** A table constraint, as DuckDB enforces it. */
export interface MutableConstraint {
  name: string;
  type: 'PRIMARY KEY' | 'UNIQUE' | 'CHECK' | 'FOREIGN KEY';
  columns: string[];
  /** A CHECK's condition. */
  expression?: string;
  /**
   * A FOREIGN KEY's referenced table (always in the same schema: DuckDB allows no other),
   * columns, and ON DELETE / ON UPDATE actions as pg_constraint codes (a no action, r restrict,
   * c cascade, n set null, d set default) when jammi recorded them.
   */
  references?: { schema: string; table: string; columns: string[]; onDelete?: string; onUpdate?: string };
}

/** An index of a writable table: its primary key, a UNIQUE constraint or a CREATE INDEX. */
export interface MutableIndex {
  name: string;
  /** Column names, or an expression's text. */
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** A Postgres-style definition: `CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`. */
  definition: string;
  /** The access method when it is not btree: pgvector's `hnsw` (pg_class.relam). */
  method?: 'hnsw';
}

/** A writable table as DuckDB has it, with declared Postgres types. */
export interface MutableTableDef {
  /** Postgres schema name (`public` for DuckDB's `main`). */
  schema: string;
  table: string;
  columns: MutableColumn[];
  primaryKey: string[];
  constraints: MutableConstraint[];
  indexes: MutableIndex[];
  comment?: string;
}

/** One registered writable table (`mutable_tables` with its `mutable_table_indexes`). */
export interface MutableTableRecord extends MutableTableDef {
  id: string;
  backendKind: string;
  createdAt: string;
  updatedAt: string;
  tenantId: string | null;
}

/** One row of the `models` catalog table, decoded. */
export interface ModelRecord {
  modelId: string;
  name: string;
  /** `embedding` for every model jammi registers today. */
  modelType: string;
  task: string;
  /** The provider: `builtin` (hash-384) or `http`. */
  backend: string;
  /** For an HTTP model, its endpoint URL as given. */
  source: string | null;
  dimensions: number | null;
  status: string;
  /** The options given at registration (secrets included: `_jammi_models` hides `api_key`). */
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  tenantId: string | null;
}
