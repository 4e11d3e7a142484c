import type { NotificationHub, TopicBroker } from '../broker/index.js';
import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { ResultTablesRepo, type ServerInfo, systemTables } from '../catalog/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { type Engine, SOURCES_CATALOG, TOPICS_SCHEMA } from '../engine/index.js';
import type { Logger } from '../log/index.js';
import type { ModelRegistry } from '../models/index.js';
import type { SourceRegistry } from '../sources/index.js';
import type { NameResolver, PlanCache } from '../sql/index.js';
import type { TableDdlRegistry } from '../sql/ddl/index.js';
import type { MutableTables, VectorIndexes } from '../store/index.js';
import { catalogRelation, type PgCatalog } from '../pg-catalog/index.js';
import type { WritableColumn } from '../sql/index.js';

/** Everything a session needs from the server, passed in by the composition root. */
export interface SessionServices {
  engine: Engine;
  sources: SourceRegistry;
  /** Embedding models: hash-384 and those registered with jammi.register_model. */
  models: ModelRegistry;
  catalogDb: Database.Database;
  serverInfo: ServerInfo;
  /** DuckDB's own option names (a client setting one gets 42501). */
  engineOptions: ReadonlySet<string>;
  log: Logger;
  /** Plans of recent query texts, shared by all sessions. */
  planCache: PlanCache;
  /** LISTEN/NOTIFY channels across the server's sessions. */
  notifications: NotificationHub;
  /** Topics: their registry and logs, and the backend that carries their events. */
  broker: TopicBroker;
  /** The DDL records of writable tables (declared types, constraint names, identity columns), as committed. */
  tableDdl: TableDdlRegistry;
  /** Writable tables: DuckDB's tables with their declared Postgres types, and their registry. */
  tables: MutableTables;
  /** The HNSW indexes of writable tables (pgvector's CREATE INDEX … USING hnsw), in memory. */
  vectorIndexes: VectorIndexes;
  /** The emulated pg_catalog and information_schema (set once the services exist: it reads them). */
  pgCatalog: PgCatalog;
}

/** The catalog lookups of one session, filtered by its tenant. */
export function createResolver(services: SessionServices, tenant: () => string | null): NameResolver {
  return {
    sourceTable(schema, table) {
      const r = services.sources.resolve(schema, table, tenant());
      return r ? { catalog: SOURCES_CATALOG, schema: r.source, table: r.table } : null;
    },
    isSource(schema) {
      return services.sources.get(schema, tenant()) !== null;
    },
    tableDdl: services.tableDdl,
    embeddingTable(source, table) {
      const src = services.sources.get(source, tenant());
      if (!src || src.tables.length === 0) throw new PgError(SqlStates.undefined_table, `source "${source}" does not exist`);
      const repo = new ResultTablesRepo(services.catalogDb);
      const rec = table === undefined ? repo.latestReady(source, tenant()) : repo.visible(table, tenant());
      if (table !== undefined) {
        if (!rec) throw new PgError(SqlStates.undefined_table, `embedding table "${table}" does not exist`);
        if (rec.sourceId !== source) throw new PgError(SqlStates.invalid_parameter_value, `embedding table "${table}" belongs to source "${rec.sourceId}", not "${source}"`);
        if (rec.status !== 'ready') throw new PgError(SqlStates.object_not_in_prerequisite_state, `embedding table "${table}" is ${rec.status}, not ready`);
      }
      if (!rec || rec.dimensions === null) return null;
      const loc = services.sources.resolve(source, src.tables[0].name, tenant());
      if (!loc) throw new PgError(SqlStates.undefined_table, `source "${source}" does not exist`);
      return {
        name: rec.tableName,
        source,
        view: { catalog: SOURCES_CATALOG, schema: loc.source, table: loc.table },
        keyColumn: rec.keyColumn,
        keyType: src.tables[0].columns.find((c) => c.name === rec.keyColumn)?.duckdbType ?? 'VARCHAR',
        columns: src.tables[0].columns.map((c) => c.name),
        dimensions: rec.dimensions,
        model: rec.modelId,
        parquetPath: rec.parquetPath,
        indexDir: dirname(rec.parquetPath),
        builtAt: String(rec.indexParams.built_at ?? ''),
      };
    },
    versionString() {
      const i = services.serverInfo;
      return `PostgreSQL ${i.serverVersion} (jammi ${i.version}) on ${process.arch === 'x64' ? 'x86_64' : process.arch}-pc-linux-gnu, compiled by jammi, 64-bit`;
    },
    writableTable(schema, table) {
      return services.tables.table(schema, table)?.columns ?? (schema === TOPICS_SCHEMA ? services.broker.registry.logColumns(table, tenant()) : null);
    },
    catalogRelation(schema, name) {
      return catalogColumns(schema, name);
    },
    relationOid(schema, table) {
      if (schema === 'pg_catalog' || schema === 'information_schema') return catalogRelation(schema, table)?.oid ?? null;
      // The catalog reader plans views' queries with a resolver made before the catalog exists.
      return services.tables.table(schema, table) ? (services.pgCatalog?.relationOid(schema, table) ?? null) : null;
    },
    systemTable(name) {
      const t = systemTables.get(name);
      if (!t) return null;
      return { columns: t.columns, rows: () => t.rows(services.catalogDb, tenant(), services.serverInfo) };
    },
  };
}

const catalogColumnCache = new Map<string, readonly WritableColumn[] | null>();

/** An emulated catalog relation's columns as the planner sees them (cached: the data never changes while running). */
function catalogColumns(schema: 'pg_catalog' | 'information_schema', name: string): readonly WritableColumn[] | null {
  const key = `${schema}.${name}`;
  let cols = catalogColumnCache.get(key);
  if (cols === undefined) {
    const rel = catalogRelation(schema, name);
    cols = rel ? rel.columns.map((c) => ({ name: c.name, oid: c.oid, typmod: c.typmod })) : null;
    catalogColumnCache.set(key, cols);
  }
  return cols;
}
