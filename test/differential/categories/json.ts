import { type Category, differs, match } from '../query.js';

/** json and jsonb: the types, text output, operators, constructors, aggregation and expansion functions. */
export const json: Category = {
  name: 'json',
  queries: [
    match(`SELECT '{"a": 1}'::json AS j, '[1,2,3]'::json AS k`),
    differs(`SELECT '{"a": 1}'::jsonb AS j`, "jsonb: jammi 42704 type \"jsonb\" does not exist, pg jsonb {\"a\": 1}"),
    differs(`SELECT '{"a": {"b": 2}}'::json -> 'a' AS j, '{"a": "x"}'::json ->> 'a' AS s`, "json -> output: jammi {\"b\":2} (re-serialized), pg {\"b\": 2} (input text kept)"),
    differs('SELECT x FROM generate_series(1, 3) x', 'function alias as column: jammi json {"generate_series":1} (the whole row), pg int4 1'),
  ],
};
