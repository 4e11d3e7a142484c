import type Database from 'better-sqlite3';
import type { Engine } from '../engine/index.js';
import type { Logger } from '../log/index.js';
import { CatalogLookups } from './catalog-lookups.js';
import { type CatalogRow, CatalogRows, readNdjson } from './catalog-rows.js';
import { HNSW_AM_OID, liveDefaults, liveRows, type TypeStorage } from './live-rows.js';
import { OidRegistry } from './oid-registry.js';
import { catalogRelations } from './relations.js';
import type { CatalogReader } from './snapshot.types.js';
import { createCatalog } from './static-load.js';

/** The session's role (OID 10, as Postgres's bootstrap superuser): every client owns every object. */
const roleRow: CatalogRow = { oid: 10, rolname: 'jammi', rolsuper: true, rolinherit: true, rolcreaterole: true, rolcreatedb: true, rolcanlogin: true, rolreplication: false, rolbypassrls: true, rolconnlimit: -1 };

/** pgvector's type and its array type, in schema public where CREATE EXTENSION vector puts them (jammi has them built in). */
const vectorTypeRows: CatalogRow[] = [
  { oid: 16200, typname: 'vector', typnamespace: 2200, typlen: -1, typbyval: false, typtype: 'b', typcategory: 'U', typsubscript: '-', typelem: 0, typarray: 16201, typinput: 'vector_in', typoutput: 'vector_out', typreceive: 'vector_recv', typsend: 'vector_send', typmodin: 'vector_typmod_in', typanalyze: '-', typalign: 'i', typstorage: 'x' },
  { oid: 16201, typname: '_vector', typnamespace: 2200, typlen: -1, typbyval: false, typtype: 'b', typcategory: 'A', typsubscript: 'array_subscript_handler', typelem: 16200, typarray: 0, typinput: 'array_in', typoutput: 'array_out', typreceive: 'array_recv', typsend: 'array_send', typanalyze: 'array_typanalyze', typalign: 'i', typstorage: 'x' },
];

/** pgvector's hnsw access method (jammi builds HNSW indexes on vector columns). */
const hnswAmRow: CatalogRow = { oid: HNSW_AM_OID, amname: 'hnsw', amhandler: 'hnswhandler', amtype: 'i' };

/** The one database (pg_database's view names it after the client's database). */
const databaseRow: CatalogRow = { oid: 16383, datname: 'jammi', datdba: 10, encoding: 6, datlocprovider: 'c', datistemplate: false, datallowconn: true, datconnlimit: -1, datfrozenxid: '0', datminmxid: '1', dattablespace: 1663, datcollate: 'C.UTF-8', datctype: 'C.UTF-8' };

/**
 * The emulated pg_catalog and information_schema. Its relations are created in DuckDB when
 * the server starts; their rows live in memory (catalog-rows.ts): the built-in objects' rows
 * are read from the shipped data the first time a query needs the catalog, and jammi's own
 * objects' rows are rebuilt from the catalog reader before a query whenever they may have
 * changed (a DDL committed, a source was added…).
 */
export class PgCatalog {
  private readonly rows = new CatalogRows();
  private readonly lookups = new CatalogLookups();
  private readonly oids: OidRegistry;
  private storage = new Map<number, TypeStorage>();
  private generation: string | null = null;
  private refreshing: Promise<void> | null = null;

  private constructor(
    catalogDb: Database.Database,
    private readonly reader: CatalogReader,
    private readonly identity: (schema: string, table: string) => Map<string, string>,
    private readonly log: Logger,
    private readonly settings: readonly CatalogRow[],
  ) {
    this.oids = new OidRegistry(catalogDb);
  }

  /** Create the catalog's relations and functions in the engine (server start, before clients connect). */
  static async open(engine: Engine, catalogDb: Database.Database, reader: CatalogReader, identity: (schema: string, table: string) => Map<string, string>, log: Logger, settings: readonly CatalogRow[] = []): Promise<PgCatalog> {
    const c = new PgCatalog(catalogDb, reader, identity, log, settings);
    const started = performance.now();
    engine.registerNatives(c.lookups.natives());
    engine.registerTableFunction(c.rows.tableFunction());
    await createCatalog((sql) => engine.exec(sql));
    log.debug(`pg_catalog emulation created in ${Math.round(performance.now() - started)} ms`);
    return c;
  }

  /** Make the rows current: jammi's objects as they are now. */
  async ensureFresh(): Promise<void> {
    while (this.generation !== this.reader.generation()) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
      await this.refreshing;
    }
  }

  private async refresh(): Promise<void> {
    const generation = this.reader.generation();
    const started = performance.now();
    if (this.storage.size === 0) {
      for (const t of this.rows.builtin('pg_type')) {
        this.storage.set(Number(t.oid), { typlen: Number(t.typlen), typbyval: Boolean(t.typbyval), typalign: String(t.typalign), typstorage: String(t.typstorage), typcollation: Number(t.typcollation) });
      }
    }
    const snapshot = await this.reader.read();
    const live = liveRows(snapshot, this.oids, (oid) => this.storage.get(oid), this.identity);
    live.pg_authid = [roleRow];
    live.pg_database = [databaseRow];
    live.pg_type = [...vectorTypeRows, ...(live.pg_type ?? [])];
    live.pg_am = [hnswAmRow];
    const all = (name: string): CatalogRow[] => [...this.rows.builtin(name), ...(live[name] ?? [])];
    for (const rel of catalogRelations()) {
      // pg_settings' view reads the settings' static rows (the session overlays its own values).
      if (rel.schema === 'pg_catalog' && rel.name === 'pg_settings') this.rows.set(rel, this.settings);
      if (rel.schema !== 'pg_catalog' || rel.kind !== 'r') continue;
      const defaults = liveDefaults[rel.name] ?? {};
      this.rows.set(rel, (live[rel.name] ?? []).map((r) => ({ ...defaults, ...r })));
    }
    this.lookups.update({
      classes: all('pg_class'),
      namespaces: all('pg_namespace'),
      types: all('pg_type'),
      procs: this.rows.builtin('pg_proc'),
      indexdefs: live._jammi_indexdef ?? [],
      constraintdefs: live._jammi_constraintdef ?? [],
      viewdefs: live._jammi_viewdef ?? [],
      serialSequences: live._jammi_serial_sequence ?? [],
      procdefs: this.procdefs ??= readNdjson('procdefs.ndjson.gz'),
      descriptions: all('pg_description'),
    });
    this.generation = generation;
    this.log.debug(`pg_catalog rows refreshed in ${Math.round(performance.now() - started)} ms`);
  }

  private procdefs: CatalogRow[] | null = null;

  /** Where pg_stat_user_indexes.idx_scan comes from: searches answered per index (schema and name). */
  countIndexScans(count: (schema: string, name: string) => number): void {
    this.lookups.indexScans = count;
  }

  /** The OID pg_class shows for a relation of jammi's (`public.users`), assigned now if it has none yet. */
  relationOid(schema: string, name: string): number {
    return this.oids.oidOf(`class:${schema}.${name}`);
  }
}
