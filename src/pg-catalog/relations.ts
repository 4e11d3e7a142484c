import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../catalog/index.js';

/**
 * The relations of pg_catalog and information_schema as PostgreSQL 15 defines them, read from
 * the data scripts/gen-pg-catalog.ts generates from a real server (pg-catalog/pg15/).
 */

/** A column of an emulated catalog relation. */
export interface CatalogColumn {
  name: string;
  /** The storage type's Postgres name (a domain's base type: `sql_identifier` is `name`). */
  type: string;
  /** The type OID Postgres reports for the column (a domain's own OID). */
  oid: number;
  typmod: number;
}

export interface CatalogRelation {
  schema: 'pg_catalog' | 'information_schema';
  name: string;
  /** Its OID in PostgreSQL 15 (what `tableoid` and `'pg_class'::regclass` give). */
  oid: number;
  /** `r` table, `v` view, as in Postgres. */
  kind: string;
  columns: CatalogColumn[];
  /** Rows shipped with jammi (built-in objects). */
  rows: number;
}

/** The DuckDB catalog holding the emulated relations, attached in memory. */
export const PG_CATALOG_DB = 'jammi_pgcat';
/** DuckDB schemas of that catalog: DuckDB reserves the names pg_catalog and information_schema. */
export const ENGINE_SCHEMA_OF = { pg_catalog: 'main', information_schema: 'info' } as const;

/** The folder of the shipped data. */
export function catalogDataDir(): string {
  return path.join(packageRoot(), 'pg-catalog', 'pg15');
}

let relations: Map<string, CatalogRelation> | null = null;
let postgresVersion = '';

const keyOf = (schema: string, name: string) => `${schema}.${name}`;

function load(): Map<string, CatalogRelation> {
  if (!relations) {
    const data = JSON.parse(readFileSync(path.join(catalogDataDir(), 'tables.json'), 'utf8')) as { postgres: string; tables: CatalogRelation[] };
    postgresVersion = data.postgres;
    relations = new Map(data.tables.map((t) => [keyOf(t.schema, t.name), t]));
  }
  return relations;
}

/** Every emulated relation. */
export function catalogRelations(): CatalogRelation[] {
  return [...load().values()];
}

/** The PostgreSQL version the data was generated from. */
export function catalogPostgresVersion(): string {
  load();
  return postgresVersion;
}

/** An emulated relation by schema (`pg_catalog` or `information_schema`) and name. */
export function catalogRelation(schema: string, name: string): CatalogRelation | undefined {
  return load().get(keyOf(schema, name));
}

/** How DuckDB stores a column of this Postgres type. */
export function engineTypeOf(pgType: string): string {
  switch (pgType) {
    case 'bool':
      return 'BOOLEAN';
    case 'int2':
      return 'SMALLINT';
    case 'int4':
      return 'INTEGER';
    case 'int8':
    case 'oid':
      return 'BIGINT';
    case 'float4':
      return 'FLOAT';
    case 'float8':
      return 'DOUBLE';
    case 'numeric':
      return 'DOUBLE';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'interval':
      return 'INTERVAL';
    case 'int2vector':
    case '_int2':
      return 'SMALLINT[]';
    case 'oidvector':
    case '_oid':
      return 'BIGINT[]';
    case '_float4':
      return 'FLOAT[]';
    case '_float8':
      return 'DOUBLE[]';
    case '_bool':
      return 'BOOLEAN[]';
    case '_text':
    case '_name':
    case '_char':
    case '_aclitem':
    case '_regtype':
      return 'VARCHAR[]';
    default:
      // name, text, "char", regproc, pg_node_tree, aclitem, …: their text.
      return 'VARCHAR';
  }
}

/** The table's columns as DuckDB DDL. */
export function engineColumnsSql(rel: CatalogRelation): string {
  return rel.columns.map((c) => `"${c.name}" ${engineTypeOf(c.type)}`).join(', ');
}

/** `jammi_pgcat.main."pg_class"`: where a relation lives in DuckDB. */
export function engineRelationName(rel: Pick<CatalogRelation, 'schema' | 'name'>): string {
  return `${PG_CATALOG_DB}.${ENGINE_SCHEMA_OF[rel.schema]}."${rel.name}"`;
}
