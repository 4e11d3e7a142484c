import { type Category, differs } from '../query.js';

/** Set-returning functions: generate_series forms, unnest, SRFs in the select list and as FROM items with column aliases. */
export const srf: Category = {
  name: 'srf',
  queries: [
    differs('SELECT * FROM generate_series(1, 3) AS g(n)', "generate_series(int4) column type: jammi int8, pg int4"),
  ],
};
