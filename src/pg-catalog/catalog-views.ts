/**
 * Postgres's system views that clients read, defined over the emulated tables in DuckDB SQL
 * (`{c}` is `jammi_pgcat.main`, `{i}` `jammi_pgcat.info`). Each lists exactly the view's
 * columns in Postgres's order; the types clients see come from the relation's metadata
 * (pg-catalog/pg15/tables.json). Per-session values (the user, the database) come from DuckDB
 * variables the session sets on its connection.
 * @see https://www.postgresql.org/docs/15/views.html
 */

/** The engine variable (a MAP of lower-case name to value) holding a session's settings that differ from pg_settings' static rows. */
export const SETTINGS_VARIABLE = 'jammi_settings';
const sessionSettings = `getvariable('${SETTINGS_VARIABLE}')`;

const user = `getvariable('jammi_user')`;
const database = `getvariable('jammi_database')`;

/** Views of pg_catalog, by name. */
export const pgCatalogViews: Record<string, string> = {
  pg_database: `SELECT oid, ${database} AS datname, datdba, encoding, datlocprovider, datistemplate, datallowconn, datconnlimit, datfrozenxid, datminmxid,
    dattablespace, datcollate, datctype, daticulocale, datcollversion, datacl FROM {rows}('pg_database')`,
  pg_roles: `SELECT ${user} AS rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
    '********' AS rolpassword, rolvaliduntil, rolbypassrls, CAST(NULL AS VARCHAR[]) AS rolconfig, oid FROM {c}.pg_authid`,
  pg_user: `SELECT ${user} AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper, rolreplication AS userepl,
    rolbypassrls AS usebypassrls, '********' AS passwd, rolvaliduntil AS valuntil, CAST(NULL AS VARCHAR[]) AS useconfig FROM {c}.pg_authid`,
  pg_shadow: `SELECT ${user} AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper, rolreplication AS userepl,
    rolbypassrls AS usebypassrls, CAST(NULL AS VARCHAR) AS passwd, rolvaliduntil AS valuntil, CAST(NULL AS VARCHAR[]) AS useconfig FROM {c}.pg_authid`,
  pg_group: `SELECT CAST(NULL AS VARCHAR) AS groname, CAST(NULL AS BIGINT) AS grosysid, CAST(NULL AS BIGINT[]) AS grolist WHERE false`,
  pg_tables: `SELECT n.nspname AS schemaname, c.relname AS tablename, ${user} AS tableowner, CAST(NULL AS VARCHAR) AS tablespace,
    c.relhasindex AS hasindexes, c.relhasrules AS hasrules, c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity
    FROM {c}.pg_class c LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')`,
  pg_views: `SELECT n.nspname AS schemaname, c.relname AS viewname, ${user} AS viewowner, {c}.pg_get_viewdef(c.oid) AS definition
    FROM {c}.pg_class c LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v'`,
  pg_matviews: `SELECT n.nspname AS schemaname, c.relname AS matviewname, ${user} AS matviewowner, CAST(NULL AS VARCHAR) AS tablespace,
    c.relhasindex AS hasindexes, c.relispopulated AS ispopulated, CAST(NULL AS VARCHAR) AS definition
    FROM {c}.pg_class c LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'm'`,
  pg_indexes: `SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, CAST(NULL AS VARCHAR) AS tablespace,
    {c}.pg_get_indexdef(i.oid) AS indexdef
    FROM {c}.pg_index x JOIN {c}.pg_class c ON c.oid = x.indrelid JOIN {c}.pg_class i ON i.oid = x.indexrelid
    LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')`,
  // idx_scan counts the searches jammi answered through an HNSW index (a btree index's use is DuckDB's and not counted).
  pg_stat_user_indexes: `SELECT x.indrelid AS relid, x.indexrelid, n.nspname AS schemaname, c.relname, i.relname AS indexrelname,
    jammi_pg_catalog_index_scans(n.nspname, i.relname) AS idx_scan, CAST(0 AS BIGINT) AS idx_tup_read, CAST(0 AS BIGINT) AS idx_tup_fetch
    FROM {c}.pg_index x JOIN {c}.pg_class c ON c.oid = x.indrelid JOIN {c}.pg_class i ON i.oid = x.indexrelid
    LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
  // The settings' static rows, with the session's own values (SET, startup options) from an engine variable.
  pg_settings: `SELECT name, coalesce(map_extract_value(${sessionSettings}, lower(name)), setting) AS setting, unit, category, short_desc,
    extra_desc, context, vartype, CASE WHEN map_extract_value(${sessionSettings}, lower(name)) IS NOT NULL THEN 'session' ELSE source END AS source,
    min_val, max_val, enumvals, boot_val, reset_val, sourcefile, sourceline, pending_restart FROM {rows}('pg_settings')`,
  pg_sequences: `SELECT n.nspname AS schemaname, c.relname AS sequencename, ${user} AS sequenceowner, {c}.format_type(s.seqtypid, NULL) AS data_type,
    s.seqstart AS start_value, s.seqmin AS min_value, s.seqmax AS max_value, s.seqincrement AS increment_by, s.seqcycle AS cycle,
    s.seqcache AS cache_size, CAST(NULL AS BIGINT) AS last_value
    FROM {c}.pg_sequence s JOIN {c}.pg_class c ON c.oid = s.seqrelid LEFT JOIN {c}.pg_namespace n ON n.oid = c.relnamespace`,
};

const yesNo = (cond: string) => `CASE WHEN ${cond} THEN 'YES' ELSE 'NO' END`;

/** Relations a client may see in information_schema: tables, views and foreign tables outside pg_catalog/information_schema. */
const userRelations = `{c}.pg_class c JOIN {c}.pg_namespace nc ON nc.oid = c.relnamespace WHERE nc.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;

/**
 * information_schema's views jammi fills, by name (the others exist, empty). `columns` is ordered
 * as Postgres's scan of pg_attribute returns it (by relation, then attnum): clients such as
 * TypeORM and Knex read a table's columns without ORDER BY and keep the row order.
 */
export const informationSchemaViews: Record<string, string> = {
  schemata: `SELECT ${database} AS catalog_name, n.nspname AS schema_name, ${user} AS schema_owner, CAST(NULL AS VARCHAR) AS default_character_set_catalog,
    CAST(NULL AS VARCHAR) AS default_character_set_schema, CAST(NULL AS VARCHAR) AS default_character_set_name, CAST(NULL AS VARCHAR) AS sql_path
    FROM {c}.pg_namespace n`,
  tables: `SELECT ${database} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name,
    CASE WHEN nc.nspname LIKE 'pg!_temp!_%' ESCAPE '!' THEN 'LOCAL TEMPORARY' WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW'
         WHEN c.relkind = 'f' THEN 'FOREIGN' END AS table_type,
    CAST(NULL AS VARCHAR) AS self_referencing_column_name, CAST(NULL AS VARCHAR) AS reference_generation,
    CAST(NULL AS VARCHAR) AS user_defined_type_catalog, CAST(NULL AS VARCHAR) AS user_defined_type_schema, CAST(NULL AS VARCHAR) AS user_defined_type_name,
    ${yesNo(`c.relkind IN ('r', 'p')`)} AS is_insertable_into, 'NO' AS is_typed, CAST(NULL AS VARCHAR) AS commit_action
    FROM {c}.pg_class c JOIN {c}.pg_namespace nc ON nc.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'f', 'p')`,
  views: `SELECT ${database} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, {c}.pg_get_viewdef(c.oid) AS view_definition,
    'NONE' AS check_option, 'NO' AS is_updatable, 'NO' AS is_insertable_into, 'NO' AS is_trigger_updatable, 'NO' AS is_trigger_deletable,
    'NO' AS is_trigger_insertable_into FROM ${userRelations} AND c.relkind = 'v'`,
  columns: `SELECT ${database} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name,
    CAST(a.attnum AS INTEGER) AS ordinal_position, ad.adbin AS column_default, ${yesNo('NOT a.attnotnull')} AS is_nullable,
    CASE WHEN t.typcategory = 'A' THEN 'ARRAY' WHEN t.typtype = 'e' THEN 'USER-DEFINED'
         WHEN a.atttypid = 1042 THEN 'character' ELSE {c}.format_type(a.atttypid, NULL) END AS data_type,
    CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 4 THEN CAST(a.atttypmod - 4 AS INTEGER) WHEN a.atttypid IN (1560, 1562) AND a.atttypmod > 0 THEN CAST(a.atttypmod AS INTEGER) END AS character_maximum_length,
    CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 4 THEN CAST((a.atttypmod - 4) * 4 AS INTEGER) WHEN a.atttypid IN (25, 1042, 1043) THEN 1073741824 END AS character_octet_length,
    CAST(CASE WHEN a.atttypid = 21 THEN 16 WHEN a.atttypid = 23 THEN 32 WHEN a.atttypid = 20 THEN 64 WHEN a.atttypid = 700 THEN 24 WHEN a.atttypid = 701 THEN 53
         WHEN a.atttypid = 1700 AND a.atttypmod >= 4 THEN ((a.atttypmod - 4) >> 16) END AS INTEGER) AS numeric_precision,
    CAST(CASE WHEN a.atttypid IN (20, 21, 23, 700, 701) THEN 2 WHEN a.atttypid = 1700 THEN 10 END AS INTEGER) AS numeric_precision_radix,
    CAST(CASE WHEN a.atttypid IN (20, 21, 23) THEN 0 WHEN a.atttypid = 1700 AND a.atttypmod >= 4 THEN ((a.atttypmod - 4) & 65535) END AS INTEGER) AS numeric_scale,
    CAST(CASE WHEN a.atttypid = 1082 THEN 0 WHEN a.atttypid IN (1083, 1114, 1184, 1266, 1186) THEN CASE WHEN a.atttypmod >= 0 THEN a.atttypmod & 65535 ELSE 6 END END AS INTEGER) AS datetime_precision,
    CAST(NULL AS VARCHAR) AS interval_type, CAST(NULL AS INTEGER) AS interval_precision,
    CAST(NULL AS VARCHAR) AS character_set_catalog, CAST(NULL AS VARCHAR) AS character_set_schema, CAST(NULL AS VARCHAR) AS character_set_name,
    CAST(NULL AS VARCHAR) AS collation_catalog, CAST(NULL AS VARCHAR) AS collation_schema, CAST(NULL AS VARCHAR) AS collation_name,
    CAST(NULL AS VARCHAR) AS domain_catalog, CAST(NULL AS VARCHAR) AS domain_schema, CAST(NULL AS VARCHAR) AS domain_name,
    ${database} AS udt_catalog, tn.nspname AS udt_schema, t.typname AS udt_name,
    CAST(NULL AS VARCHAR) AS scope_catalog, CAST(NULL AS VARCHAR) AS scope_schema, CAST(NULL AS VARCHAR) AS scope_name,
    CAST(NULL AS INTEGER) AS maximum_cardinality, CAST(a.attnum AS VARCHAR) AS dtd_identifier, 'NO' AS is_self_referencing,
    ${yesNo(`a.attidentity IN ('a', 'd')`)} AS is_identity,
    CASE WHEN a.attidentity = 'a' THEN 'ALWAYS' WHEN a.attidentity = 'd' THEN 'BY DEFAULT' END AS identity_generation,
    CAST(NULL AS VARCHAR) AS identity_start, CAST(NULL AS VARCHAR) AS identity_increment, CAST(NULL AS VARCHAR) AS identity_maximum,
    CAST(NULL AS VARCHAR) AS identity_minimum, 'NO' AS identity_cycle,
    CASE WHEN a.attgenerated <> '' THEN 'ALWAYS' ELSE 'NEVER' END AS is_generated,
    CASE WHEN a.attgenerated <> '' THEN ad.adbin END AS generation_expression,
    ${yesNo(`c.relkind IN ('r', 'p')`)} AS is_updatable
    FROM {c}.pg_attribute a JOIN {c}.pg_class c ON c.oid = a.attrelid JOIN {c}.pg_namespace nc ON nc.oid = c.relnamespace
    LEFT JOIN {c}.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    JOIN {c}.pg_type t ON t.oid = a.atttypid JOIN {c}.pg_namespace tn ON tn.oid = t.typnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')
    ORDER BY c.oid, a.attnum`,
  table_constraints: `SELECT ${database} AS constraint_catalog, nc.nspname AS constraint_schema, k.conname AS constraint_name,
    ${database} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name,
    CASE k.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END AS constraint_type,
    ${yesNo('k.condeferrable')} AS is_deferrable, ${yesNo('k.condeferred')} AS initially_deferred, 'YES' AS enforced, CASE WHEN k.contype = 'u' THEN 'YES' END AS nulls_distinct
    FROM {c}.pg_constraint k JOIN {c}.pg_class c ON c.oid = k.conrelid JOIN {c}.pg_namespace nc ON nc.oid = c.relnamespace
    WHERE k.contype IN ('c', 'f', 'p', 'u')`,
  key_column_usage: `SELECT ${database} AS constraint_catalog, nc.nspname AS constraint_schema, k.conname AS constraint_name,
    ${database} AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name,
    CAST(e.n AS INTEGER) AS ordinal_position,
    CAST(CASE WHEN k.contype = 'f' THEN list_position(pk.conkey, k.confkey[e.n]) END AS INTEGER) AS position_in_unique_constraint
    FROM {c}.pg_constraint k JOIN {c}.pg_class c ON c.oid = k.conrelid JOIN {c}.pg_namespace nc ON nc.oid = c.relnamespace
    CROSS JOIN (SELECT unnest(range(1, 33)) AS n) e
    JOIN {c}.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[e.n]
    LEFT JOIN {c}.pg_constraint pk ON k.contype = 'f' AND pk.conrelid = k.confrelid AND pk.contype IN ('p', 'u') AND pk.conkey = list_sort(k.confkey)
    WHERE k.contype IN ('p', 'u', 'f') AND e.n <= len(k.conkey)`,
  referential_constraints: `SELECT ${database} AS constraint_catalog, nc.nspname AS constraint_schema, k.conname AS constraint_name,
    ${database} AS unique_constraint_catalog, npk.nspname AS unique_constraint_schema, pk.conname AS unique_constraint_name,
    'NONE' AS match_option,
    CASE k.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS update_rule,
    CASE k.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS delete_rule
    FROM {c}.pg_constraint k JOIN {c}.pg_namespace nc ON nc.oid = k.connamespace
    LEFT JOIN {c}.pg_constraint pk ON pk.conrelid = k.confrelid AND pk.contype IN ('p', 'u') AND list_sort(pk.conkey) = list_sort(k.confkey)
    LEFT JOIN {c}.pg_namespace npk ON npk.oid = pk.connamespace
    WHERE k.contype = 'f'`,
  constraint_column_usage: `SELECT ${database} AS table_catalog, nr.nspname AS table_schema, r.relname AS table_name, a.attname AS column_name,
    ${database} AS constraint_catalog, nc.nspname AS constraint_schema, k.conname AS constraint_name
    FROM {c}.pg_constraint k JOIN {c}.pg_namespace nc ON nc.oid = k.connamespace
    JOIN {c}.pg_class r ON r.oid = CASE WHEN k.contype = 'f' THEN k.confrelid ELSE k.conrelid END
    JOIN {c}.pg_namespace nr ON nr.oid = r.relnamespace
    JOIN {c}.pg_attribute a ON a.attrelid = r.oid AND list_contains(CASE WHEN k.contype = 'f' THEN k.confkey ELSE k.conkey END, a.attnum)
    WHERE k.contype IN ('p', 'u', 'f', 'c')`,
  check_constraints: `SELECT ${database} AS constraint_catalog, nc.nspname AS constraint_schema, k.conname AS constraint_name,
    {c}.pg_get_constraintdef(k.oid) AS check_clause FROM {c}.pg_constraint k JOIN {c}.pg_namespace nc ON nc.oid = k.connamespace WHERE k.contype = 'c'`,
  sequences: `SELECT ${database} AS sequence_catalog, n.nspname AS sequence_schema, c.relname AS sequence_name, {c}.format_type(s.seqtypid, NULL) AS data_type,
    CAST(CASE s.seqtypid WHEN 21 THEN 16 WHEN 23 THEN 32 ELSE 64 END AS INTEGER) AS numeric_precision, 2 AS numeric_precision_radix, 0 AS numeric_scale,
    CAST(s.seqstart AS VARCHAR) AS start_value, CAST(s.seqmin AS VARCHAR) AS minimum_value, CAST(s.seqmax AS VARCHAR) AS maximum_value,
    CAST(s.seqincrement AS VARCHAR) AS increment, ${yesNo('s.seqcycle')} AS cycle_option
    FROM {c}.pg_sequence s JOIN {c}.pg_class c ON c.oid = s.seqrelid JOIN {c}.pg_namespace n ON n.oid = c.relnamespace`,
};
