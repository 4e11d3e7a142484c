import type { SourceRecord, SourcesRepo, SourceTable } from '../catalog/index.js';
import type { Engine } from '../engine/index.js';
import { PG_FUNCTIONS_CATALOG, SOURCES_CATALOG, TOPICS_SCHEMA, quoteIdent } from '../engine/index.js';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { pgTypeNameOf } from '../types/index.js';
import { planFileSource } from './file-source.js';

/** Names a source may not take: they would shadow schemas clients rely on. */
const reservedNames = new Set(['public', 'main', 'jammi', 'pg_catalog', 'information_schema', 'temp', 'pg_temp', 'system', TOPICS_SCHEMA, SOURCES_CATALOG, PG_FUNCTIONS_CATALOG]);

/** Check a source name: a plain lowercase identifier so `name.table` works unquoted. */
export function validateSourceName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new PgError(SqlStates.invalid_name, `invalid source name "${name}"`, {
      hint: 'A source name is a lowercase identifier: letters, digits and underscores, starting with a letter or underscore, at most 63 characters.',
    });
  }
  if (reservedNames.has(name) || name.startsWith('pg_') || name.startsWith('_jammi')) {
    throw new PgError(SqlStates.reserved_name, `source name "${name}" is reserved`);
  }
}

/** How the SQL layer sees a source's table. */
export interface ResolvedSourceTable {
  source: string;
  table: string;
}

/**
 * Sources: the catalog rows plus their views in DuckDB. Every change keeps the two in step:
 * a failure leaves the catalog exactly as it was.
 */
export class SourceRegistry {
  /** Sources whose files could not be opened at startup, with the reason (queries get it as an error). */
  private readonly unavailable = new Map<string, PgError>();
  private changes = 0;

  /** Increases on every change to the set of sources or their tables (plan-cache key). */
  get version(): number {
    return this.changes;
  }

  constructor(
    private readonly repo: SourcesRepo,
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /** Recreate every source's views (the in-memory catalog starts empty at each start). */
  async loadAll(): Promise<void> {
    this.changes++;
    for (const src of this.repo.listAll()) {
      try {
        await this.materialize(src.sourceId, src.uri, src.options);
        this.unavailable.delete(src.sourceId);
      } catch (e) {
        const err = toPgError(e);
        this.unavailable.set(src.sourceId, err);
        this.log.warn(`source ${src.sourceId} is unavailable: ${err.message}`);
      }
    }
  }

  list(tenant: string | null): SourceRecord[] {
    return this.repo.list(tenant);
  }

  get(name: string, tenant: string | null): SourceRecord | null {
    return this.repo.get(name, tenant);
  }

  /** Register a source, discover its schema and persist it. */
  async add(name: string, uri: string, options: Record<string, unknown>, tenant: string | null): Promise<SourceRecord> {
    validateSourceName(name);
    this.changes++;
    if (this.repo.existsGlobally(name)) throw new PgError(SqlStates.duplicate_object, `source "${name}" already exists`);
    const tables = await this.materialize(name, uri, options);
    try {
      return this.repo.insert({ sourceId: name, kind: 'file', uri, format: (tables.format ?? null), tables: tables.tables, options, tenantId: tenant });
    } catch (e) {
      await this.engine.dropSource(name).catch(() => undefined);
      throw e;
    }
  }

  /** Unregister a source and drop its views. */
  async remove(name: string, tenant: string | null): Promise<SourceRecord> {
    const src = this.repo.get(name, tenant);
    if (!src) throw new PgError(SqlStates.undefined_object, `source "${name}" does not exist`);
    if (!this.repo.delete(name, tenant)) throw new PgError(SqlStates.insufficient_privilege, `source "${name}" belongs to another tenant`);
    this.changes++;
    await this.engine.dropSource(name);
    this.unavailable.delete(name);
    return src;
  }

  /** Re-read a source's files and schema (after files were added or changed). */
  async refresh(name: string, tenant: string | null): Promise<SourceRecord> {
    const src = this.repo.get(name, tenant);
    if (!src) throw new PgError(SqlStates.undefined_object, `source "${name}" does not exist`);
    this.changes++;
    const { tables } = await this.materialize(name, src.uri, src.options, false);
    this.repo.updateTables(name, tables);
    this.unavailable.delete(name);
    return this.repo.get(name, tenant)!;
  }

  /**
   * Resolve `schema.table` to a source table visible to `tenant`; null when `schema` is not a
   * source. Throws 42P01 when the source exists but has no such table.
   */
  resolve(schema: string, table: string, tenant: string | null): ResolvedSourceTable | null {
    const src = this.repo.get(schema, tenant);
    if (!src) return null;
    const bad = this.unavailable.get(schema);
    if (bad) throw new PgError(bad.code, `source "${schema}" is unavailable: ${bad.message}`, bad.fields);
    if (!src.tables.some((t) => t.name === table)) throw new PgError(SqlStates.undefined_table, `relation "${schema}.${table}" does not exist`);
    return { source: schema, table };
  }

  /** Plan, create the views and describe them; on failure nothing is left behind. */
  private async materialize(
    name: string,
    uri: string,
    options: Record<string, unknown>,
    dropOnFailure = true,
  ): Promise<{ tables: SourceTable[]; format: SourceRecord['format'] }> {
    const plan = planFileSource(uri, options, (p) => this.engine.isUnderRoots(p));
    try {
      await this.engine.createSourceView(name, plan.tableName, plan.scanSql);
      const cols = await this.engine.describe(`SELECT * FROM ${SOURCES_CATALOG}.${quoteIdent(name)}.${quoteIdent(plan.tableName)}`);
      const table: SourceTable = {
        name: plan.tableName,
        columns: cols.map((c) => ({ name: c.name, duckdbType: c.type.toString(), pgType: pgTypeNameOf(c.type), nullable: true })),
      };
      return { tables: [table], format: plan.format };
    } catch (e) {
      if (dropOnFailure) await this.engine.dropSource(name).catch(() => undefined);
      const err = toPgError(e);
      if (err.code === SqlStates.internal_error || err.message.includes(plan.location)) throw err;
      throw new PgError(err.code, `cannot read source "${name}" at "${plan.location}": ${err.message}`, err.fields);
    }
  }
}
