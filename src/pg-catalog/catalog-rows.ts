import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBType,
  DuckDBTableFunction,
  type DuckDBValue,
  FLOAT,
  INTEGER,
  INTERVAL,
  LIST,
  listValue,
  SMALLINT,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import { catalogDataDir, catalogRelations, type CatalogRelation, engineTypeOf } from './relations.js';

/** A row of a catalog table as plain JS values (OIDs as numbers, arrays as arrays). */
export type CatalogRow = Record<string, unknown>;

/** The name of the table function that scans a catalog table's rows. */
export const ROWS_FUNCTION = 'jammi_pg_catalog_rows';

const engineTypes: Record<string, DuckDBType> = {
  BOOLEAN,
  SMALLINT,
  INTEGER,
  BIGINT,
  FLOAT,
  DOUBLE,
  VARCHAR,
  TIMESTAMPTZ,
  INTERVAL,
  'SMALLINT[]': LIST(SMALLINT),
  'BIGINT[]': LIST(BIGINT),
  'FLOAT[]': LIST(FLOAT),
  'DOUBLE[]': LIST(DOUBLE),
  'BOOLEAN[]': LIST(BOOLEAN),
  'VARCHAR[]': LIST(VARCHAR),
};

/** Convert one JS value to what a column of this engine type holds. */
function toEngine(type: string, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'BIGINT':
      return BigInt(v as number | string);
    case 'SMALLINT':
    case 'INTEGER':
    case 'FLOAT':
    case 'DOUBLE':
      return Number(v);
    case 'BOOLEAN':
      return Boolean(v);
    case 'VARCHAR':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'TIMESTAMPTZ':
    case 'INTERVAL':
      // No shipped row has a value here (pg_authid.rolvaliduntil is NULL).
      return null;
    default: {
      const el = type.slice(0, -2);
      return listValue((v as unknown[]).map((x) => toEngine(el, x)));
    }
  }
}

/** One table's rows, kept column by column as engine values (what a scan hands DuckDB). */
interface TableData {
  rel: CatalogRelation;
  types: string[];
  columns: DuckDBValue[][];
  count: number;
}

/**
 * The rows of every emulated catalog table, in memory, served to DuckDB by one table function
 * (`jammi_pg_catalog_rows('pg_class')`) behind the catalog's views. A scan reads whatever the
 * rows are when it starts, whatever the reader's transaction: like Postgres's catalog
 * snapshots at READ COMMITTED, a table created and committed elsewhere is seen at once
 * (a DuckDB table would show a transaction begun earlier the old rows).
 */
export class CatalogRows {
  private readonly tables = new Map<string, TableData>();
  private staticRows: Map<string, CatalogRow[]> | null = null;

  /** The built-in objects' rows of a table, read from the shipped data the first time. */
  builtin(name: string): CatalogRow[] {
    if (!this.staticRows) {
      this.staticRows = new Map();
      for (const rel of catalogRelations()) {
        if (rel.schema !== 'pg_catalog' || rel.rows === 0) continue;
        this.staticRows.set(rel.name, readNdjson(`${rel.name}.ndjson.gz`));
      }
    }
    return this.staticRows.get(name) ?? [];
  }

  /** Built-in rows converted to engine values once per table (a refresh converts only jammi's own rows). */
  private readonly builtinColumns = new Map<string, DuckDBValue[][]>();

  /** Set a table's rows: its built-in rows followed by `live`. */
  set(rel: CatalogRelation, live: readonly CatalogRow[]): void {
    const types = rel.columns.map((c) => engineTypeOf(c.type));
    let fixed = this.builtinColumns.get(rel.name);
    if (!fixed) {
      const rows = this.builtin(rel.name);
      fixed = rel.columns.map((c, i) => rows.map((r) => toEngine(types[i], r[c.name])));
      this.builtinColumns.set(rel.name, fixed);
    }
    const columns = rel.columns.map((c, i) => (live.length ? [...fixed[i], ...live.map((r) => toEngine(types[i], r[c.name]))] : fixed[i]));
    this.tables.set(rel.name, { rel, types, columns, count: (fixed[0]?.length ?? 0) + live.length });
  }

  /** The table function serving the rows (registered once, at start). */
  tableFunction(): DuckDBTableFunction {
    return DuckDBTableFunction.create({
      name: ROWS_FUNCTION,
      parameterTypes: [VARCHAR],
      supportsProjectionPushdown: true,
      bindFunction: (info) => {
        const name = String(info.getParameter(0));
        const rel = catalogRelations().find((r) => r.schema === 'pg_catalog' && r.name === name);
        if (!rel) return info.setError(`no catalog table ${name}`);
        for (const c of rel.columns) info.addResultColumn(c.name, engineTypes[engineTypeOf(c.type)]);
        info.setBindData({ name });
      },
      initFunction: (info) => {
        const { name } = info.bindData as { name: string };
        // The scan keeps the data it started with; a refresh replaces the object, not its arrays.
        info.setInitData({ data: this.tables.get(name) ?? null, next: 0, columns: info.getColumnIndexes() });
        info.setMaxThreads(1);
      },
      mainFunction: (info, out) => {
        const st = info.initData as { data: TableData | null; next: number; columns: number[] };
        const n = st.data ? Math.min(2048, st.data.count - st.next) : 0;
        out.rowCount = n;
        if (n <= 0) return;
        st.columns.forEach((ci, k) => out.setColumnValues(k, st.data!.columns[ci].slice(st.next, st.next + n)));
        st.next += n;
      },
    });
  }
}

/** The rows of a shipped newline-delimited JSON file. */
export function readNdjson(file: string): CatalogRow[] {
  const text = gunzipSync(readFileSync(path.join(catalogDataDir(), file))).toString('utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CatalogRow);
}
