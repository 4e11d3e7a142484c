import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteJsonFunctions } from './json-functions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteJsonFunctions, sql);

describe('rewriteJsonFunctions', () => {
  it('passes the session time zone, then each constructor argument with its type, and makes jsonb from json text', () => {
    expect(normalizeSql(rewrite("select json_build_object('a', x), jsonb_build_array(null), to_json(x) from t").sql)).toBe(
      normalizeSql(
        "select jammi_pg_json_build_object(getvariable('jammi_timezone'), 'a', typeof('a'), x, typeof(x)), " +
          "jammi_pg.main.jsonb_in(jammi_pg_json_build_array(getvariable('jammi_timezone'), null::varchar, typeof(null::varchar))), jammi_pg.main.to_json(x, typeof(x)) from t",
      ),
    );
  });

  it('aggregates over an ordered, filtered list', () => {
    expect(normalizeSql(rewrite('select json_agg(x order by y) filter (where z), jsonb_object_agg(k, v) from t').sql)).toBe(
      normalizeSql(
        'select jammi_pg.main.json_agg(list(x order by y) filter (where z), typeof(list(x order by y) filter (where z))), jammi_pg.main.jsonb_object_agg(list(k), list(v), typeof(list(v))) from t',
      ),
    );
  });

  it('fills jsonb_set and jsonb_insert defaults and keeps simple functions by name', () => {
    expect(normalizeSql(rewrite("select jsonb_set(j, '{a}', '1'), jsonb_insert(j, '{a}', '1'), jsonb_typeof(j)").sql)).toBe(
      normalizeSql("select jammi_pg.main.jsonb_set(j, '{a}', '1', true), jammi_pg.main.jsonb_insert(j, '{a}', '1', false), jammi_pg.main.jsonb_typeof(j)"),
    );
  });

  it('unnests set-returning functions, naming FROM columns as Postgres does', () => {
    expect(normalizeSql(rewrite("select jsonb_object_keys(j) from t").sql)).toBe(normalizeSql('select unnest(jammi_pg.main.jsonb_object_keys(j)) from t'));
    expect(normalizeSql(rewrite("select * from jsonb_array_elements('[1]') e").sql)).toBe(
      normalizeSql("select * from unnest(jammi_pg.main.jsonb_array_elements('[1]')) e(value)"),
    );
    expect(normalizeSql(rewrite("select * from t, json_each(t.j) e").sql)).toBe(
      normalizeSql('select * from t, lateral (select unnest(jammi_pg.main.json_each(t.j), recursive => true)) e'),
    );
  });

  it('leaves window uses and other functions alone', () => {
    expect(rewrite('select json_agg(x) over (), lower(s) from t').changed).toBe(false);
  });
});
