import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBTableFunction } from '@duckdb/node-api';
import { EngineConnection } from './engine-connection.js';
import type { EngineColumn } from './engine.types.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { VectorStaging } from './vector-staging.js';
import { installPgFunctions } from './pg-functions/index.js';
import { type NativeSpec, registerNative } from './pg-functions/native.js';

export interface EngineOptions {
  dataDir: string;
  /** Directories whose files clients may read (file sources must live under one). */
  fileRoots: string[];
  threads: number;
  memoryLimit: string;
}

/** The attached in-memory catalog that holds one schema of views per source. */
export const SOURCES_CATALOG = 'jammi_sources';

/** The database file's catalog (DuckDB names it after the file): where clients' tables live, in schema `main`. */
export const USER_CATALOG = 'jammi';

/**
 * The DuckDB instance: `jammi.duckdb` in the data dir, locked down so queries reach only
 * the file roots, plus an in-memory catalog of source views rebuilt at every start.
 */
export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly admin: DuckDBConnection,
    readonly fileRoots: readonly string[],
    /** `<dataDir>/results`: result tables' folders (inside DuckDB's allowed directories). */
    readonly resultsDir: string,
  ) {}

  /** Open the database and lock it down. The order of the SETs is forced by DuckDB (see docs/decisions/0002). */
  static async open(opts: EngineOptions): Promise<Engine> {
    mkdirSync(opts.dataDir, { recursive: true });
    const resultsDir = path.resolve(opts.dataDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const options: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (opts.threads > 0) options.threads = String(opts.threads);
    if (opts.memoryLimit) options.memory_limit = opts.memoryLimit;
    const instance = await DuckDBInstance.create(path.resolve(opts.dataDir, `${USER_CATALOG}.duckdb`), options);
    const admin = await instance.connect();
    await admin.run(`ATTACH ':memory:' AS ${SOURCES_CATALOG}`);
    await installPgFunctions(admin);
    // Postgres semantics DuckDB offers as settings (every connection inherits them):
    // NULLs sort last ascending and first descending; integer / integer truncates.
    await admin.run(`SET GLOBAL default_null_order = 'nulls_last_on_asc_first_on_desc'`);
    await admin.run('SET GLOBAL integer_division = true');
    const roots = [...new Set([resultsDir, ...opts.fileRoots.map((r) => path.resolve(r))])];
    // allowed_directories can only be set while external access is on, and access can
    // never be re-enabled: after this line no query reads outside `roots`.
    await admin.run(`SET allowed_directories = [${roots.map((r) => quoteLiteral(r.endsWith('/') ? r : r + '/')).join(', ')}]`);
    await admin.run('SET enable_external_access = false');
    return new Engine(instance, admin, roots, resultsDir);
  }

  /** A fresh connection for one client session. */
  async connect(): Promise<EngineConnection> {
    return new EngineConnection(await this.instance.connect());
  }

  /** A scratch table of vectors on its own connection (see VectorStaging); the caller closes it. */
  async openVectorStaging(dimensions: number): Promise<VectorStaging> {
    return VectorStaging.open(await this.instance.connect(), dimensions);
  }

  /** Whether a path lies under one of the file roots. */
  isUnderRoots(p: string): boolean {
    const abs = path.resolve(p);
    return this.fileRoots.some((r) => abs === r || abs.startsWith(r.endsWith('/') ? r : r + '/'));
  }

  /** Column names and types of a query, without running it. */
  async describe(sql: string): Promise<EngineColumn[]> {
    const stmt = await this.admin.prepare(sql);
    try {
      const cols: EngineColumn[] = [];
      for (let i = 0; i < stmt.columnCount; i++) cols.push({ name: stmt.columnName(i), type: stmt.columnType(i) });
      return cols;
    } finally {
      stmt.destroySync();
    }
  }

  /** Names of DuckDB's own configuration options (which clients may not set). */
  async settingNames(): Promise<Set<string>> {
    const r = await this.admin.runAndReadAll('SELECT lower(name) FROM duckdb_settings()');
    return new Set(r.getRows().map((row) => String(row[0])));
  }

  /** Rows of a server-side query on the admin connection (committed state), as plain JS values. */
  async readRows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.admin.runAndReadAll(sql);
    return reader.getRowObjectsJS();
  }

  /** Run a server-side statement on the admin connection. */
  async exec(sql: string): Promise<void> {
    await this.admin.run(sql);
  }

  /** Register native (JS) scalar functions, visible to every connection. */
  registerNatives(specs: readonly NativeSpec[]): void {
    for (const spec of specs) registerNative(this.admin, spec);
  }

  /** Register a native (JS) table function, visible to every connection. */
  registerTableFunction(fn: DuckDBTableFunction): void {
    this.admin.registerTableFunction(fn);
  }

  /** Create (or replace) the view `source.table` over `selectSql`. */
  async createSourceView(source: string, table: string, selectSql: string): Promise<void> {
    await this.admin.run(`CREATE SCHEMA IF NOT EXISTS ${SOURCES_CATALOG}.${quoteIdent(source)}`);
    await this.admin.run(`CREATE OR REPLACE VIEW ${SOURCES_CATALOG}.${quoteIdent(source)}.${quoteIdent(table)} AS ${selectSql}`);
  }

  /** Drop every view of a source. */
  async dropSource(source: string): Promise<void> {
    await this.admin.run(`DROP SCHEMA IF EXISTS ${SOURCES_CATALOG}.${quoteIdent(source)} CASCADE`);
  }

  close(): void {
    this.admin.closeSync();
    this.instance.closeSync();
  }
}
