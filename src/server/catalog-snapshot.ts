import { systemTables } from '../catalog/index.js';
import { quoteLiteral, UNREGISTERED_SCHEMAS, USER_CATALOG } from '../engine/index.js';
import type { CatalogReader, CatalogSnapshot, SnapshotColumn, SnapshotRelation } from '../pg-catalog/index.js';
import type { SessionServices } from '../session/index.js';
import { pgSchema } from '../sql/index.js';
import { EngineTypes } from '../store/index.js';

/** Schemas of the user catalog that are not clients' own (DuckDB's `main` is `public`, shown by Postgres's row). */
const hidden = ['main', 'pg_catalog', 'information_schema', ...UNREGISTERED_SCHEMAS];
const userScope = `database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name NOT IN (${hidden.filter((s) => s !== 'main').map(quoteLiteral).join(', ')})`;

type Row = Record<string, unknown>;

/**
 * The catalog reader of a running server: jammi's objects as the emulated pg_catalog shows
 * them, from the writable tables' registry, the sources, the topics, the system tables and
 * DuckDB's own catalog (views, schemas, sequences, enums), all as committed.
 */
export function catalogReader(services: Omit<SessionServices, 'pgCatalog'>): CatalogReader {
  const types = new EngineTypes(services.engine);
  const column = (name: string, duckdbType: string, nullable = true): SnapshotColumn => {
    const t = types.get(duckdbType).desc;
    return { name, oid: t.oid, typmod: t.typmod, nullable };
  };
  return {
    generation: () => `${services.sources.version}.${services.tables.reconciles}.${services.tables.version}.${services.broker.registry.version}`,
    async read(): Promise<CatalogSnapshot> {
      const engine = services.engine;
      const schemas = (await engine.readRows(`SELECT schema_name FROM duckdb_schemas() WHERE ${userScope} AND NOT internal AND schema_name <> 'main' ORDER BY 1`)).map((r) => String(r.schema_name));
      const viewRows = await engine.readRows(`SELECT schema_name, view_name, sql, comment FROM duckdb_views() WHERE ${userScope} AND NOT internal ORDER BY 1, 2`);
      const viewCols = await engine.readRows(
        `SELECT c.schema_name, c.table_name, c.column_name, c.data_type, c.is_nullable FROM duckdb_columns() c JOIN duckdb_views() v
           ON v.database_name = c.database_name AND v.schema_name = c.schema_name AND v.view_name = c.table_name
         WHERE c.database_name = ${quoteLiteral(USER_CATALOG)} AND NOT v.internal ORDER BY c.schema_name, c.table_name, c.column_index`,
      );
      const seqRows = await engine.readRows(`SELECT schema_name, sequence_name, start_value, increment_by, min_value, max_value, cycle FROM duckdb_sequences() WHERE ${userScope} AND NOT temporary ORDER BY 1, 2`);
      const enumRows = await engine.readRows(`SELECT schema_name, type_name FROM duckdb_types() WHERE ${userScope} AND NOT internal AND logical_type = 'ENUM' ORDER BY 1, 2`);
      const sources = services.sources.list(null);
      const topicNames = services.broker.registry.names();
      const qualifiedEnums = enumRows.map((r) => `${USER_CATALOG}."${String(r.schema_name)}"."${String(r.type_name)}"`);
      await types.learn([
        ...viewCols.map((r) => String(r.data_type)),
        ...sources.flatMap((s) => s.tables.flatMap((t) => t.columns.map((c) => c.duckdbType))),
        ...[...systemTables.values()].flatMap((t) => t.columns.map((c) => c.type.replace('TEXT', 'VARCHAR'))),
        ...qualifiedEnums,
      ]);
      const views = viewRows.map((v): SnapshotRelation & { definition: string } => ({
        schema: pgSchema(String(v.schema_name)),
        name: String(v.view_name),
        definition: String(v.sql ?? '').replace(/^CREATE (OR REPLACE )?VIEW [^ ]+ (\([^)]*\) )?AS /i, ''),
        comment: (v.comment as string | null) ?? undefined,
        columns: viewCols.filter((c) => c.schema_name === v.schema_name && c.table_name === v.view_name).map((c) => column(String(c.column_name), String(c.data_type), c.is_nullable !== false)),
      }));
      const ddl = services.tableDdl;
      const ownedBy = new Map<string, { table: string; column: string }>();
      for (const meta of ddl.all()) for (const id of meta.identity) ownedBy.set(`${meta.schema}.${id.sequence}`, { table: meta.table, column: id.column });
      return {
        schemas,
        tables: services.tables.all(),
        views,
        sources: sources.map((s) => ({
          name: s.sourceId,
          uri: s.uri,
          tables: s.tables.map((t) => ({ schema: s.sourceId, name: t.name, columns: t.columns.map((c) => column(c.name, c.duckdbType, c.nullable)) })),
        })),
        topics: topicNames.map((name) => ({
          schema: 'topics',
          name,
          columns: (services.broker.registry.logColumns(name, null) ?? []).map((c) => ({ ...c, nullable: true })),
        })),
        systemTables: [...systemTables.values()].map((t) => ({ schema: 'jammi', name: t.name, columns: t.columns.map((c) => column(c.name, c.type.replace('TEXT', 'VARCHAR'))) })),
        sequences: seqRows.map((r: Row) => ({
          schema: pgSchema(String(r.schema_name)),
          name: String(r.sequence_name),
          start: Number(r.start_value),
          increment: Number(r.increment_by),
          min: Number(r.min_value),
          max: Number(r.max_value),
          cycle: Boolean(r.cycle),
          ownedBy: ownedBy.get(`${String(r.schema_name)}.${String(r.sequence_name)}`),
        })),
        enums: enumRows.map((r, i) => ({ schema: pgSchema(String(r.schema_name)), name: String(r.type_name), labels: types.get(qualifiedEnums[i]).enumLabels ?? [] })),
      };
    },
  };
}

/** Identity kinds of a table's columns (`always`, `by default`, `serial`), from its DDL record. */
export function identityOf(services: Omit<SessionServices, 'pgCatalog'>): (schema: string, table: string) => Map<string, string> {
  return (schema, table) => new Map((services.tableDdl.get(schema === 'public' ? 'main' : schema, table)?.identity ?? []).map((i) => [i.column, i.kind]));
}
