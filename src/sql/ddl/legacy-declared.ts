import { META_SCHEMA, USER_CATALOG, quoteIdent, quoteLiteral } from '../../engine/index.js';
import { declare } from './declared-columns.js';
import type { DdlEngine, DdlOutcome } from './ddl.types.js';
import { metaOrEmpty, tableExists } from './engine-catalog.js';
import { engineSchema, type TableMeta, writeMetaSql } from './table-meta.js';

/**
 * Data directories written before declared column types joined the DDL records kept them in
 * a table of their own (`_jammi_meta.declared_columns`, one row per column, Postgres schema
 * names): its rows are folded into the records and the table dropped, once, at start.
 * Remove when no data directory from before this change is left (they are from one day of development).
 */
export async function migrateDeclaredColumns(db: DdlEngine): Promise<DdlOutcome> {
  const found = await db.rows(
    `SELECT 'x' FROM duckdb_tables() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(META_SCHEMA)} AND table_name = 'declared_columns'`,
  );
  if (!found.length) return { notices: [] };
  const legacy = `${quoteIdent(USER_CATALOG)}.${quoteIdent(META_SCHEMA)}.declared_columns`;
  const rows = await db.rows(`SELECT schema_name, table_name, column_name, type_name, CAST(type_oid AS VARCHAR), CAST(typmod AS VARCHAR), default_expr FROM ${legacy}`);
  const metas = new Map<string, TableMeta>();
  for (const [pgSchemaName, table, column, name, oid, typmod, dflt] of rows) {
    const schema = engineSchema(pgSchemaName!);
    const key = `${schema}\u0000${table}`;
    let meta = metas.get(key);
    if (!meta) {
      // Rows of a table dropped since are left behind.
      if (!(await tableExists(db, schema, table!))) continue;
      meta = await metaOrEmpty(db, schema, table!);
      metas.set(key, meta);
    }
    declare(meta, { column: column!, name: name!, oid: oid === null ? null : Number(oid), typmod: Number(typmod), default: dflt });
  }
  for (const meta of metas.values()) for (const sql of writeMetaSql(meta)) await db.run(sql);
  await db.run(`DROP TABLE ${legacy}`);
  return { notices: [] };
}
