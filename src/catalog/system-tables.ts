import type Database from 'better-sqlite3';

/**
 * SQL type names used for system-table columns. They are spelled so both DuckDB and
 * Postgres accept them in a CAST; the planner renders rows with these casts.
 */
export type SystemColumnType = 'TEXT' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'JSON' | 'TIMESTAMPTZ' | 'TEXT[]';

export interface SystemColumn {
  name: string;
  type: SystemColumnType;
}

/** A read-only, tenant-filtered view of catalog rows, resolvable as `_jammi_<name>`. */
export interface SystemTable {
  name: string;
  columns: SystemColumn[];
  /** Rows in column order; JSON columns hold text, TEXT[] columns hold string arrays. */
  rows(db: Database.Database, tenant: string | null, info: ServerInfo): unknown[][];
}

/** Facts about the running server shown in `_jammi_server_info`. */
export interface ServerInfo {
  version: string;
  serverVersion: string;
  startedAt: string;
  catalogVersion: number;
  features: string[];
  storageBackends: string[];
  /** The offset a topic's next event gets (the broker keeps it; null for an unknown topic). */
  topicNextOffset?: (name: string) => number | null;
}

const c = (name: string, type: SystemColumnType = 'TEXT'): SystemColumn => ({ name, type });

/** Build a table whose rows come from one tenant-filtered SELECT over the catalog. */
function fromQuery(name: string, columns: SystemColumn[], sql: string, post?: (row: unknown[]) => unknown[]): SystemTable {
  return {
    name,
    columns,
    rows(db, tenant) {
      const rows = db.prepare(sql).raw().all(tenant) as unknown[][];
      return post ? rows.map(post) : rows;
    },
  };
}

const tenantFilter = '(tenant_id IS NULL OR tenant_id = ?)';

/** Every system table, by its unqualified name. */
export const systemTables: ReadonlyMap<string, SystemTable> = new Map(
  [
    fromQuery(
      '_jammi_sources',
      [c('source_id'), c('source_type'), c('uri'), c('format'), c('status'), c('tables', 'TEXT[]'), c('schema', 'JSON'), c('options', 'JSON'), c('created_at', 'TIMESTAMPTZ'), c('updated_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT source_id, source_type, uri, format, 'active', schema_json, schema_json, options, created_at, updated_at, tenant_id
         FROM sources WHERE ${tenantFilter} ORDER BY source_id`,
      (row) => {
        const schema = JSON.parse((row[5] as string | null) ?? '{"tables":[]}') as { tables: { name: string }[] };
        return [row[0], row[1], row[2], row[3], row[4], schema.tables.map((t) => t.name), row[6], row[7], row[8], row[9], row[10]];
      },
    ),
    fromQuery(
      '_jammi_result_tables',
      [c('table_name'), c('source_id'), c('model_id'), c('task'), c('kind'), c('status'), c('row_count', 'BIGINT'), c('dimensions', 'INTEGER'), c('distance_metric'), c('key_column'), c('text_columns'), c('storage_precision'), c('index_params', 'JSON'), c('parquet_path'), c('error_message'), c('created_at', 'TIMESTAMPTZ'), c('completed_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT table_name, source_id, model_id, task, kind, status, row_count, dimensions, distance_metric, key_column, text_columns,
              storage_precision, index_params, parquet_path, error_message, created_at, completed_at, tenant_id
         FROM result_tables WHERE ${tenantFilter} ORDER BY created_at, table_name`,
    ),
    fromQuery(
      '_jammi_models',
      [c('model_id'), c('name'), c('model_type'), c('task'), c('backend'), c('version', 'INTEGER'), c('dimensions', 'INTEGER'), c('status'), c('metadata', 'JSON'), c('created_at', 'TIMESTAMPTZ'), c('tenant_id')],
      // An HTTP model's api_key stays in the catalog file (jammi needs it) but is never shown.
      `SELECT model_id, name, model_type, task, backend, version, dimensions, status, json_remove(metadata, '$.api_key'), created_at, tenant_id
         FROM models WHERE ${tenantFilter} ORDER BY model_id`,
    ),
    fromQuery(
      '_jammi_mutable_tables',
      [c('id'), c('schema_name'), c('table_name'), c('schema_json', 'JSON'), c('primary_key', 'JSON'), c('backend_kind'), c('order_column'), c('created_at', 'TIMESTAMPTZ'), c('updated_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT id, schema_name, table_name, schema_json, primary_key, backend_kind, order_column, created_at, updated_at, tenant_id
         FROM mutable_tables WHERE ${tenantFilter} ORDER BY schema_name, table_name`,
    ),
    fromQuery(
      '_jammi_mutable_table_indexes',
      [c('table_id'), c('schema_name'), c('table_name'), c('index_name'), c('columns', 'JSON'), c('is_unique', 'BOOLEAN'), c('is_primary', 'BOOLEAN'), c('definition'), c('tenant_id')],
      `SELECT i.table_id, t.schema_name, t.table_name, i.index_name, i.columns, i.is_unique, i.is_primary, i.definition, t.tenant_id
         FROM mutable_table_indexes i JOIN mutable_tables t ON t.id = i.table_id
        WHERE (t.tenant_id IS NULL OR t.tenant_id = ?)
        ORDER BY t.schema_name, t.table_name, i.index_name`,
    ),
    {
      name: '_jammi_topics',
      columns: [c('topic_id'), c('name'), c('schema_json', 'JSON'), c('backing_table'), c('next_offset', 'BIGINT'), c('broker_metadata', 'JSON'), c('created_at', 'TIMESTAMPTZ'), c('tenant_id')],
      rows(db, tenant, info) {
        const rows = db
          .prepare(
            `SELECT topic_id, name, schema_json, 'topics."' || name || '"', name, broker_metadata, created_at, tenant_id
               FROM topics WHERE ${tenantFilter} ORDER BY name`,
          )
          .raw()
          .all(tenant) as unknown[][];
        // The next offset lives in the broker (it moves with every commit), not in the catalog.
        return rows.map((r) => [...r.slice(0, 4), info.topicNextOffset?.(r[4] as string) ?? null, ...r.slice(5)]);
      },
    } satisfies SystemTable,
    fromQuery(
      '_jammi_evidence_channels',
      [c('channel_name'), c('priority', 'INTEGER'), c('created_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT channel_name, priority, created_at, tenant_id FROM evidence_channels WHERE ${tenantFilter} ORDER BY priority, channel_name`,
    ),
    fromQuery(
      '_jammi_evidence_channel_columns',
      [c('channel_name'), c('column_name'), c('column_type'), c('ordinal', 'INTEGER'), c('declared_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT cc.channel_name, cc.column_name, cc.column_type, cc.ordinal, cc.declared_at, cc.tenant_id
         FROM evidence_channel_columns cc
         JOIN evidence_channels ch ON ch.channel_name = cc.channel_name AND ch.tenant_id IS cc.tenant_id
        WHERE (cc.tenant_id IS NULL OR cc.tenant_id = ?)
        ORDER BY ch.priority, cc.channel_name, cc.ordinal`,
    ),
    fromQuery(
      '_jammi_eval_runs',
      [c('run_id'), c('model_id'), c('eval_type'), c('source_id'), c('metrics', 'JSON'), c('config', 'JSON'), c('golden_source'), c('k', 'INTEGER'), c('status'), c('created_at', 'TIMESTAMPTZ'), c('tenant_id')],
      `SELECT run_id, model_id, eval_type, source_id, metrics, config, golden_source, k, status, created_at, tenant_id
         FROM eval_runs WHERE ${tenantFilter} ORDER BY created_at, run_id`,
    ),
    fromQuery(
      '_jammi_eval_per_query',
      [c('eval_run_id'), c('query_id'), c('cohorts', 'JSON'), c('metrics', 'JSON'), c('tenant_id')],
      `SELECT eval_run_id, query_id, cohorts, metrics, tenant_id FROM _jammi_eval_per_query WHERE ${tenantFilter} ORDER BY eval_run_id, query_id`,
    ),
    {
      name: '_jammi_server_info',
      columns: [c('version'), c('server_version'), c('started_at', 'TIMESTAMPTZ'), c('catalog_version', 'INTEGER'), c('features', 'TEXT[]'), c('storage_backends', 'TEXT[]')],
      rows: (_db, _tenant, info) => [[info.version, info.serverVersion, info.startedAt, info.catalogVersion, info.features, info.storageBackends]],
    } satisfies SystemTable,
  ].map((t) => [t.name, t]),
);
