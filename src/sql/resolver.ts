import type { SystemColumnType } from '../catalog/index.js';
import type { MetaReader } from './ddl/index.js';

/** A system table as the planner sees it: typed columns and rows fetched at execution time. */
export interface ResolvedSystemTable {
  columns: { name: string; type: SystemColumnType }[];
  rows: () => unknown[][];
}

/** A column of a writable table: the Postgres type it was declared with. */
export interface WritableColumn {
  name: string;
  oid: number;
  typmod: number;
  /** The declared type's name (format_type spelling; an enum's name, schema-qualified outside public). */
  type?: string;
  /** An enum column's labels, in order. */
  enumLabels?: string[];
}

/** The latest ready embedding table of a source, as vector_search needs it. */
export interface EmbeddingTableInfo {
  /** The result table's name (`cities_hash_384`). */
  name: string;
  source: string;
  /** The DuckDB location of the source's table (its view in the sources catalog). */
  view: { catalog: string; schema: string; table: string };
  /** The source column whose text value is each row's `_row_id`. */
  keyColumn: string;
  /** The key column's DuckDB type (the hits are joined to the source on it). */
  keyType: string;
  /** The source table's column names (a pushed-down filter may name only these). */
  columns: string[];
  dimensions: number;
  model: string;
  /** `results/<name>/data.parquet`. */
  parquetPath: string;
  /** The folder of the HNSW sidecar (keys are row positions in data.parquet). */
  indexDir: string;
  /** When the sidecar was (re)built: an index opened before that is stale. */
  builtAt: string;
}

/**
 * The catalog lookups the SQL layer needs, and nothing more, so sql/ stays a set of pure
 * functions over ASTs that tests can drive with a fake.
 */
export interface NameResolver {
  /** The DuckDB location of `schema.table` if `schema` is a source; throws 42P01 for a missing table. */
  sourceTable(schema: string, table: string): { catalog: string; schema: string; table: string } | null;
  /** Whether `schema` names a source. */
  isSource(schema: string): boolean;
  /** A `_jammi_*` system table, or null. */
  systemTable(name: string): ResolvedSystemTable | null;
  /**
   * The columns of the writable table `schema.table` (Postgres schema name, `public` for an
   * unqualified name), in order, as last registered; null when there is no such table.
   */
  writableTable(schema: string, table: string): readonly WritableColumn[] | null;
  /**
   * The columns of an emulated catalog relation (`pg_catalog.pg_class`, `information_schema.tables`)
   * with the types Postgres reports for them, or null when there is no such relation.
   */
  catalogRelation?(schema: 'pg_catalog' | 'information_schema', name: string): readonly WritableColumn[] | null;
  /**
   * The OID pg_class shows for a relation: a writable table's (`public`, `users`) or an emulated
   * catalog relation's (`pg_catalog`, `pg_class`); null when there is no such relation.
   */
  relationOid?(schema: string, table: string): number | null;
  /** What `version()` answers: `PostgreSQL 15.x (jammi …) …`. */
  versionString(): string;
  /**
   * The latest ready embedding table of `source`, or null when it has none; throws 42P01 when
   * there is no such source.
   */
  /**
   * The embedding table a `vector_search` over `source` uses: `table` when named (42P01 if it
   * does not exist, 22023 if it belongs to another source, 55000 if not ready), else the
   * latest ready one, or null.
   */
  embeddingTable?(source: string, table?: string): EmbeddingTableInfo | null;
  /** The committed DDL records of writable tables (constraint names, identity columns); none when absent. */
  tableDdl?: MetaReader;
}
