import { PG_CATALOG_DB } from './relations.js';

/**
 * Postgres's catalog functions, as DuckDB macros in the emulated catalog (`jammi_pgcat.main`):
 * they read the emulated tables, so they are created after them. `{c}` stands for
 * `jammi_pgcat.main`. The rewrite src/sql/rewrite/catalog-functions.ts routes calls here
 * (qualified `pg_catalog.f(…)` or not).
 * @see https://www.postgresql.org/docs/15/functions-info.html
 */

/** A native lookup function (src/pg-catalog/catalog-lookups.ts). */
const n = (name: string) => `jammi_pg_catalog_${name}`;

export const catalogMacrosSql: readonly string[] = [
  `CREATE MACRO {c}.format_type(t, m) AS ${n('format_type')}(t, m)`,
  // Every object is owned by role 10, which is the session's role.
  // Postgres's public schema belongs to pg_database_owner (6171).
  `CREATE MACRO {c}.pg_get_userbyid(o) AS CASE WHEN o = 10 THEN getvariable('jammi_user') WHEN o = 6171 THEN 'pg_database_owner' ELSE 'unknown (OID=' || o || ')' END`,
  `CREATE MACRO {c}.pg_table_is_visible(r) AS ${n('class_visible')}(r)`,
  `CREATE MACRO {c}.pg_type_is_visible(t) AS ${n('type_visible')}(t)`,
  // Built-in functions, operators, classes and collations are all in pg_catalog, which is always searched.
  ...['pg_function_is_visible', 'pg_operator_is_visible', 'pg_opclass_is_visible', 'pg_opfamily_is_visible', 'pg_collation_is_visible', 'pg_conversion_is_visible'].map((f) => `CREATE MACRO {c}.${f}(o) AS true`),
  `CREATE MACRO {c}.pg_ts_config_is_visible(f) AS true`,
  // jammi stores expression trees as their SQL text, so "decompiling" one is the identity.
  `CREATE MACRO {c}.pg_get_expr(e, r) AS e, (e, r, p) AS e`,
  `CREATE MACRO {c}.pg_get_indexdef(i) AS ${n('indexdef')}(i, 0), (i, k, p) AS ${n('indexdef')}(i, k)`,
  `CREATE MACRO {c}.pg_get_constraintdef(o) AS ${n('constraintdef')}(o), (o, p) AS ${n('constraintdef')}(o)`,
  `CREATE MACRO {c}.pg_get_viewdef(o) AS ${n('viewdef')}(o), (o, p) AS ${n('viewdef')}(o)`,
  `CREATE MACRO {c}.pg_get_function_result(f) AS ${n('procdef')}(f, 'result')`,
  `CREATE MACRO {c}.pg_get_function_arguments(f) AS ${n('procdef')}(f, 'arguments')`,
  `CREATE MACRO {c}.pg_get_function_identity_arguments(f) AS ${n('procdef')}(f, 'identity')`,
  // pg_get_serial_sequence with constant arguments is answered at rewrite time (src/sql/rewrite/serial-sequence.ts), others here.
  `CREATE MACRO {c}._pg_get_serial_sequence(t, col) AS ${n('serial_sequence')}(t, col)`,
  `CREATE MACRO {c}.pg_get_triggerdef(o) AS CAST(NULL AS VARCHAR), (o, p) AS CAST(NULL AS VARCHAR)`,
  `CREATE MACRO {c}.pg_get_ruledef(o) AS CAST(NULL AS VARCHAR), (o, p) AS CAST(NULL AS VARCHAR)`,
  `CREATE MACRO {c}.pg_get_partkeydef(o) AS CAST(NULL AS VARCHAR)`,
  `CREATE MACRO {c}.pg_get_statisticsobjdef_columns(o) AS CAST(NULL AS VARCHAR)`,
  `CREATE MACRO {c}.pg_get_function_sqlbody(o) AS CAST(NULL AS VARCHAR)`,
  `CREATE MACRO {c}.obj_description(o) AS ${n('description')}(o, 1259, 0), (o, cat) AS ${n('description')}(o, ${n('class_oid')}(cat), 0)`,
  `CREATE MACRO {c}.col_description(r, k) AS ${n('description')}(r, 1259, k)`,
  `CREATE MACRO {c}.shobj_description(o, cat) AS CAST(NULL AS VARCHAR)`,
  // Every client is its database's owner: every privilege check passes (jammi has no roles).
  ...['has_table_privilege', 'has_schema_privilege', 'has_database_privilege', 'has_function_privilege', 'has_sequence_privilege', 'has_any_column_privilege', 'has_type_privilege', 'has_language_privilege', 'has_tablespace_privilege', 'has_foreign_data_wrapper_privilege', 'has_server_privilege', 'pg_has_role'].map(
    (f) => `CREATE MACRO {c}.${f}(a, b) AS true, (a, b, p) AS true`,
  ),
  `CREATE MACRO {c}.has_column_privilege(a, b, p) AS true, (a, b, col, p) AS true`,
  `CREATE MACRO {c}.pg_encoding_to_char(e) AS CASE WHEN e = 6 THEN 'UTF8' WHEN e = 0 THEN 'SQL_ASCII' ELSE '' END`,
  `CREATE MACRO {c}.pg_char_to_encoding(s) AS CASE WHEN upper(s) IN ('UTF8', 'UTF-8') THEN 6 WHEN upper(s) = 'SQL_ASCII' THEN 0 ELSE -1 END`,
  `CREATE MACRO {c}.getdatabaseencoding() AS 'UTF8'`,
  `CREATE MACRO {c}.pg_tablespace_location(t) AS ''`,
  `CREATE MACRO {c}.pg_is_in_recovery() AS false`,
  `CREATE MACRO {c}.pg_is_other_temp_schema(n) AS false`,
  `CREATE MACRO {c}.pg_my_temp_schema() AS CAST(0 AS BIGINT)`,
  // Sizes: jammi does not report storage per relation (DuckDB shares one file); Postgres says 0 for an empty relation.
  ...['pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size'].map((f) => `CREATE MACRO {c}.${f}(r) AS CAST(0 AS BIGINT), (r, fork) AS CAST(0 AS BIGINT)`),
  `CREATE MACRO {c}.pg_database_size(d) AS CAST(0 AS BIGINT)`,
  `CREATE MACRO {c}.pg_size_pretty(b) AS CASE
     WHEN abs(b) < 10240 THEN b || ' bytes'
     WHEN abs(b) < 10485760 THEN round(b / 1024) || ' kB'
     WHEN abs(b) < 10737418240 THEN round(b / 1048576) || ' MB'
     WHEN abs(b) < 10995116277760 THEN round(b / 1073741824) || ' GB'
     ELSE round(b / 1099511627776) || ' TB' END`,
  `CREATE MACRO {c}.pg_relation_is_publishable(r) AS false`,
  // jammi has no partitioned tables: every relation is its own root, alone in its tree.
  `CREATE MACRO {c}.pg_partition_ancestors(r) AS TABLE SELECT CAST(r AS BIGINT) AS relid`,
  `CREATE MACRO {c}._pg_partition_ancestors_list(r) AS [CAST(r AS BIGINT)]`,
  `CREATE MACRO {c}.pg_partition_root(r) AS CAST(r AS BIGINT)`,
  `CREATE MACRO {c}.pg_partition_tree(r) AS TABLE SELECT CAST(r AS BIGINT) AS relid, CAST(NULL AS BIGINT) AS parentrelid, true AS isleaf, 0 AS level`,
  `CREATE MACRO {c}.pg_options_to_table(o) AS TABLE SELECT split_part(x, '=', 1) AS option_name, substr(x, strpos(x, '=') + 1) AS option_value FROM (SELECT unnest(o) AS x)`,
  `CREATE MACRO {c}.pg_get_keywords() AS TABLE SELECT * FROM (VALUES ('select', 'R', 'reserved')) k(word, catcode, catdesc) WHERE false`,
  `CREATE MACRO {c}.array_upper(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN CAST(len(a) AS INTEGER) END`,
  `CREATE MACRO {c}.array_lower(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN CAST(1 AS INTEGER) END`,
  `CREATE MACRO {c}._pg_expandarray(a) AS TABLE SELECT unnest(a) AS x, CAST(unnest(range(1, len(a) + 1)) AS INTEGER) AS n`,
  // _pg_expandarray in a select list (pgJDBC's getPrimaryKeys, getIndexInfo): its (x, n) records, unnested there.
  `CREATE MACRO {c}._pg_expandarray_list(a) AS list_transform(range(1, len(a) + 1), lambda i: {'x': a[i], 'n': CAST(i AS INTEGER)})`,
];

/** Every name routed to a macro above (the rewrite's list). */
export const CATALOG_FUNCTIONS: ReadonlySet<string> = new Set(
  catalogMacrosSql.map((sql) => /^CREATE MACRO \{c\}\.([a-z_0-9]+)\(/.exec(sql)?.[1]).filter((f): f is string => Boolean(f)),
);

/**
 * Set-returning catalog functions called in a select list (`SELECT pg_partition_ancestors(x)`,
 * as psql does): DuckDB's table macros only work in FROM, so such a call becomes `unnest` of
 * the macro named here, which returns the rows as a list.
 */
export const CATALOG_LIST_FUNCTIONS: Readonly<Record<string, string>> = { pg_partition_ancestors: '_pg_partition_ancestors_list', _pg_expandarray: '_pg_expandarray_list' };

/** The qualified name parts of a catalog function, for a FuncCall's `funcname`. */
export function catalogFunctionName(name: string): string[] {
  return [PG_CATALOG_DB, 'main', name];
}

/**
 * Input and output of the reg* types (`'users'::regclass`, `attrelid::regclass`): a name in
 * Postgres's syntax (optionally schema-qualified, quoted parts case-sensitive) to an OID,
 * searched in pg_catalog then public; an OID to its name, qualified when not visible, or the
 * number itself when no object has it. An unknown name gives NULL where Postgres raises 42P01.
 * The rewrite src/sql/rewrite/reg-casts.ts calls them.
 */
export const regMacrosSql: readonly string[] = ['regclass_in', 'regclass_out', 'regtype_in', 'regtype_out', 'regproc_name', 'regproc_in', 'regproc_out', 'regnamespace_in', 'regnamespace_out'].map(
  (f) => `CREATE MACRO {c}._${f}(s) AS ${n(f)}(s)`,
).concat([
  `CREATE MACRO {c}._regrole_in(s) AS CAST(10 AS BIGINT)`,
  `CREATE MACRO {c}._regrole_out(o) AS CASE WHEN o = 10 THEN getvariable('jammi_user') ELSE CAST(o AS VARCHAR) END`,
]);
