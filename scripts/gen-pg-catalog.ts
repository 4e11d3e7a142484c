// Regenerate the static pg_catalog data jammi ships (pg-catalog/pg15/) from a real
// PostgreSQL 15:   npx tsx scripts/gen-pg-catalog.ts [postgres://postgres@127.0.0.1:5432/test]
//
// For every table and view of pg_catalog and information_schema it records the columns (name, type OID, typmod,
// as a RowDescription reports them: a domain's base type);
// for the catalogs of built-in objects (types, functions, operators, …) it records the rows of
// a freshly created database, so no user object is in them. Values are written as JSON with
// Postgres's array types as JSON arrays, one newline-delimited gzip file per table, which the
// server loads into DuckDB at start. A stamp file names the PostgreSQL version.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import pg from 'pg';

const url = process.argv[2] ?? process.env.JAMMI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const outDir = new URL('../pg-catalog/pg15/', import.meta.url);

/** Catalogs of built-in objects: their rows are shipped (users' objects come from jammi's own catalog). */
const staticRows = new Set([
  'pg_aggregate', 'pg_am', 'pg_amop', 'pg_amproc', 'pg_attrdef', 'pg_attribute', 'pg_cast', 'pg_class', 'pg_collation',
  'pg_constraint', 'pg_conversion', 'pg_description', 'pg_extension', 'pg_index', 'pg_language', 'pg_namespace', 'pg_opclass',
  'pg_operator', 'pg_opfamily', 'pg_proc', 'pg_range', 'pg_tablespace', 'pg_ts_config', 'pg_ts_config_map', 'pg_ts_dict',
  'pg_ts_parser', 'pg_ts_template', 'pg_type',
]);

/** Per-server rows that must not be shipped (machine-specific or about the generating server's users). */
const noRows = new Set(['pg_statistic', 'pg_largeobject', 'pg_authid', 'pg_database', 'pg_db_role_setting', 'pg_auth_members', 'pg_shdepend', 'pg_shdescription', 'pg_depend', 'pg_init_privs']);

/** How a column of a given Postgres type is selected so that to_json gives the shape DuckDB will load. */
function selectExpr(col: string, type: string): string {
  const q = `"${col}"`;
  switch (type) {
    case 'int2vector':
      return `${q}::int2[]`;
    case 'oidvector':
      return `${q}::oid[]`;
    case 'regproc':
    case 'regtype':
    case 'regclass':
    case 'pg_node_tree':
    case 'aclitem':
    case 'pg_ndistinct':
    case 'pg_dependencies':
    case 'pg_mcv_list':
    case 'anyarray':
    case 'pg_lsn':
    case 'xid':
    case 'bytea':
      return `${q}::text`;
    case '_aclitem':
      return `${q}::text[]`;
    default:
      return q;
  }
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const scratch = 'jammi_catalog_gen';
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.query(`CREATE DATABASE ${scratch} TEMPLATE template0`);
  const u = new URL(url);
  u.pathname = `/${scratch}`;
  const db = new pg.Client({ connectionString: u.toString() });
  await db.connect();
  try {
    const version = (await db.query('SHOW server_version')).rows[0].server_version as string;
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const rels = await db.query(
      `SELECT n.nspname, c.relname, c.relkind::text AS relkind, c.oid::int AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'v') ORDER BY n.nspname DESC, c.relname`,
    );
    const tables: { schema: string; name: string; oid: number; kind: string; columns: { name: string; type: string; oid: number; typmod: number; notnull: boolean }[]; rows: number }[] = [];
    for (const { nspname, relname, relkind, oid } of rels.rows as { nspname: string; relname: string; relkind: string; oid: number }[]) {
      const cols = await db.query(
        `SELECT a.attname, COALESCE(b.typname, t.typname) AS typname, COALESCE(b.oid, t.oid)::int AS oid,
                CASE WHEN b.oid IS NULL THEN a.atttypmod ELSE t.typtypmod END AS typmod, a.attnotnull
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON b.oid = t.typbasetype
         WHERE a.attrelid = (quote_ident($2) || '.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [relname, nspname],
      );
      const columns = (cols.rows as { attname: string; typname: string; oid: number; typmod: number; attnotnull: boolean }[]).map((r) => ({ name: r.attname, type: r.typname, oid: r.oid, typmod: r.typmod, notnull: r.attnotnull }));
      let lines: string[] = [];
      if (nspname === 'pg_catalog' && staticRows.has(relname) && !noRows.has(relname)) {
        const list = columns.map((c) => `${selectExpr(c.name, c.type)} AS "${c.name}"`).join(', ');
        const r = await db.query(`SELECT row_to_json(x)::text AS j FROM (SELECT ${list} FROM pg_catalog.${relname}) x`);
        lines = (r.rows as { j: string }[]).map((row) => row.j);
      }
      if (lines.length) writeFileSync(new URL(`${relname}.ndjson.gz`, outDir), gzipSync(lines.join('\n') + '\n', { level: 9 }));
      tables.push({ schema: nspname, name: relname, oid, kind: relkind, columns, rows: lines.length });
    }
    // What pg_get_function_result/arguments print for built-in functions (psql \\df, JDBC getFunctions).
    const procdefs = await db.query(
      `SELECT row_to_json(x)::text AS j FROM (SELECT oid::text AS oid, pg_get_function_result(oid) AS result, pg_get_function_arguments(oid) AS arguments,
              pg_get_function_identity_arguments(oid) AS identity_arguments FROM pg_proc ORDER BY oid) x`,
    );
    writeFileSync(new URL('procdefs.ndjson.gz', outDir), gzipSync((procdefs.rows as { j: string }[]).map((r) => r.j).join('\n') + '\n', { level: 9 }));
    writeFileSync(new URL('tables.json', outDir), JSON.stringify({ postgres: version, generatedBy: 'scripts/gen-pg-catalog.ts', tables }, null, 1) + '\n');
    console.log(`pg-catalog/pg15: ${tables.length} relations from PostgreSQL ${version}, ${tables.reduce((s, t) => s + t.rows, 0)} rows`);
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

await main();
