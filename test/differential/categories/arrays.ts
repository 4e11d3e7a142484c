import { type Category, differs, match } from '../query.js';

/** Arrays: text form and quoting, subscripts and slices, array_agg, unnest, array_length, ANY/ALL, containment, array_position, cardinality. */
export const arrays: Category = {
  name: 'arrays',
  queries: [
    match('SELECT ARRAY[1, 2, 3] AS a'),
    match("SELECT ARRAY['a', 'b c', NULL] AS a"),
    differs("SELECT '{1,2}'::int[] AS a", "array literal cast: jammi 22P02 cannot cast '{1,2}' to INTEGER[], pg {1,2}"),
    differs('SELECT array_length(ARRAY[1, 2, 3], 1) AS n', "array_length() type: jammi int8, pg int4"),
    match("SELECT 'x' = ANY(ARRAY['x', 'y']) AS a"),
    differs('SELECT generate_series(1, 3) AS n', "set-returning function in the select list: jammi one row int8[] {1,2,3}, pg three int4 rows"),
  ],
};
