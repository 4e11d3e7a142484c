import type { MutableTableDef } from '../catalog/index.js';

/** A column of a relation that is not a writable table (a source's, a view's, a topic log's). */
export interface SnapshotColumn {
  name: string;
  oid: number;
  typmod: number;
  nullable: boolean;
}

/** A relation described by its columns only. */
export interface SnapshotRelation {
  schema: string;
  name: string;
  columns: SnapshotColumn[];
  comment?: string;
}

export interface SnapshotView extends SnapshotRelation {
  /** The view's query, as shown by pg_get_viewdef. */
  definition: string;
}

export interface SnapshotSequence {
  schema: string;
  name: string;
  /** Bounds as decimal text: they reach past 2^53. */
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** The column whose serial/identity it feeds, and how (`serial`, `always`, `by default`). */
  ownedBy?: { table: string; column: string; kind: string };
}

export interface SnapshotEnum {
  schema: string;
  name: string;
  labels: string[];
}

/**
 * Everything jammi shows in pg_catalog and information_schema besides Postgres's built-in
 * objects, as committed: read by the server (src/server/catalog-snapshot.ts) whenever its
 * catalogs changed, and turned into catalog rows by src/pg-catalog/live-rows.ts.
 */
export interface CatalogSnapshot {
  /** Schemas clients created (CREATE SCHEMA), besides public. */
  schemas: string[];
  tables: MutableTableDef[];
  views: SnapshotView[];
  /** One schema per source; its tables show as foreign tables, the source as a foreign server. */
  sources: { name: string; uri: string; tables: SnapshotRelation[] }[];
  /** Topic logs: tables of schema `topics`. */
  topics: SnapshotRelation[];
  /** The `_jammi_*` system tables: views of schema `jammi`. */
  systemTables: SnapshotRelation[];
  sequences: SnapshotSequence[];
  enums: SnapshotEnum[];
}

/** Reads the current snapshot, and says when it may have changed. */
export interface CatalogReader {
  /** Changes whenever anything the snapshot holds may have changed. */
  generation(): string;
  read(): Promise<CatalogSnapshot>;
}
