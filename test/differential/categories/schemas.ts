import { type Category, match } from '../query.js';

/**
 * Schemas and session functions: search_path, current_schema(), current_database(),
 * current_user, settings functions. The two servers are reached as different roles and
 * databases (jammi/jammi vs postgres/test), so identity values are compared by relation
 * (`current_user = session_user`) and type, not by value; wire tests check the values.
 */
export const schemas: Category = {
  name: 'schemas',
  queries: [
    // The default schema is public.
    match('SELECT current_schema()'),
    match('SELECT current_schema'),
    match('SELECT pg_catalog.current_schema() AS s'),
    match('SELECT current_schemas(false) AS path'),
    match("SELECT 'public' = ANY (current_schemas(true)) AS has_public, 'pg_catalog' = ANY (current_schemas(true)) AS has_catalog"),
    match('SHOW search_path'),
    match("SELECT current_setting('search_path') AS sp"),
    match('SELECT count(*) AS n FROM public.dt'),
    // Identity: same relations and types as Postgres.
    match('SELECT current_user = session_user AS same, current_user = current_role AS role, user = current_user AS u'),
    match('SELECT current_database() = current_catalog AS same'),
    match('SELECT length(current_user) > 0 AS u, length(current_database()) > 0 AS d'),
    match("SELECT current_user = current_setting('session_authorization') AS same"),
    match('SELECT pg_backend_pid() > 0 AS has_pid'),
    match('SELECT version() LIKE \'PostgreSQL 15.%\' AS pg15'),
    match("SELECT split_part(version(), ' ', 1) AS name"),
    // Settings read by current_setting(): jammi's, not the engine's.
    match("SELECT current_setting('TimeZone') AS tz"),
    match("SELECT current_setting('server_version_num')"),
    match("SELECT current_setting('server_version_num')::int >= 150000 AS v15"),
    match("SELECT current_setting('DateStyle'), current_setting('standard_conforming_strings'), current_setting('integer_datetimes')"),
    match("SELECT current_setting('max_identifier_length')::int AS len"),
    match("SELECT pg_catalog.current_setting('client_encoding') AS ce"),
    match("SELECT current_setting('no_such.setting', true) AS missing"),
    match("SELECT current_setting('IntervalStyle') AS style, current_setting('bytea_output') AS bytea"),
    match("SELECT name FROM (VALUES ('TimeZone'), ('DateStyle')) AS v(name) WHERE current_setting('TimeZone') = 'UTC' ORDER BY name"),
    // set_config() changes the session and answers the new value.
    match("SELECT set_config('application_name', 'diff', false) AS v"),
    match("SELECT set_config('jammi_diff.flag', 'on', false)"),
    match("SELECT current_setting('jammi_diff.flag') AS flag"),
    match("SELECT set_config('application_name', '', false) AS reset"),
    match("SHOW application_name"),
  ],
};
