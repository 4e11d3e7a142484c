import { type Category, differs, match } from '../query.js';

/** Schemas and session functions: search_path, current_schema(), current_database(), current_user, settings functions. */
export const schemas: Category = {
  name: 'schemas',
  queries: [
    match("SELECT current_setting('TimeZone') AS tz"),
    differs("SELECT set_config('application_name', 'diff', false) AS v", "set_config: jammi 42883 function does not exist, pg diff"),
  ],
};
