import { systemTables } from '../catalog/index.js';
import { quoteLiteral, UNREGISTERED_SCHEMAS, USER_CATALOG } from '../engine/index.js';
import type { CatalogReader, CatalogSnapshot, SnapshotColumn, SnapshotRelation } from '../pg-catalog/index.js';
import type { SessionServices } from '../session/index.js';
import { parseStatements, pgSchema, resultTypeHints } from '../sql/index.js';
import { createResolver } from '../session/index.js';
import { descForOid } from '../types/index.js';
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
  const resolver = createResolver(services as SessionServices, () => null);
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
      const seqRows = await engine.readRows(`SELECT schema_name, sequence_name, CAST(start_value AS VARCHAR) AS start_value, CAST(increment_by AS VARCHAR) AS increment_by,
         CAST(min_value AS VARCHAR) AS min_value, CAST(max_value AS VARCHAR) AS max_value, cycle FROM duckdb_sequences() WHERE ${userScope} AND NOT temporary ORDER BY 1, 2`);
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
      const views = viewRows.map((v): SnapshotRelation & { definition: string } => {
        const definition = String(v.sql ?? '').replace(/^CREATE (OR REPLACE )?VIEW [^ ]+ (\([^)]*\) )?AS /i, '').replace(/;\s*$/, '');
        const hints = declaredViewTypes(definition, resolver);
        return {
          schema: pgSchema(String(v.schema_name)),
          name: String(v.view_name),
          definition,
          comment: (v.comment as string | null) ?? undefined,
          // Postgres cannot prove a view's column NOT NULL: every one is nullable.
          columns: viewCols
            .filter((c) => c.schema_name === v.schema_name && c.table_name === v.view_name)
            .map((c, i) => withHint(column(String(c.column_name), String(c.data_type)), hints?.[i])),
        };
      });
      const ddl = services.tableDdl;
      const ownedBy = new Map<string, { table: string; column: string; kind: string }>();
      for (const meta of ddl.all()) for (const id of meta.identity) ownedBy.set(`${meta.schema}.${id.sequence}`, { table: meta.table, column: id.column, kind: id.kind });
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
          start: String(r.start_value),
          increment: String(r.increment_by),
          min: String(r.min_value),
          max: String(r.max_value),
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

/**
 * The declared types of a view's columns where its query passes a table column through
 * (`SELECT name FROM authors` keeps varchar(50)): the planner's result-type hints over the
 * stored query, which names tables as the engine does (`jammi.main.authors`).
 */
function declaredViewTypes(definition: string, resolver: ReturnType<typeof createResolver>): readonly ({ oid?: number; typmod?: number } | null)[] | undefined {
  try {
    const [stmt] = parseStatements(definition);
    return stmt ? resultTypeHints(stmt.ast, resolver)?.columns : undefined;
  } catch {
    return undefined;
  }
}

/** A view column with the declared type its hint gives, when the hint's type encodes the same way. */
function withHint(c: SnapshotColumn, hint: { oid?: number; typmod?: number } | null | undefined): SnapshotColumn {
  if (!hint || hint.oid === undefined || descForOid(hint.oid).kind !== descForOid(c.oid).kind) return c;
  return { ...c, oid: hint.oid, typmod: hint.typmod ?? c.typmod };
}
