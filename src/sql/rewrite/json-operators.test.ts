import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteJsonOperators } from './json-operators.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteJsonOperators, sql);

describe('rewriteJsonOperators', () => {
  it('routes extraction to the json or jsonb flavor by what the left operand is', () => {
    expect(normalizeSql(rewrite("select j -> 'a', j ->> 0, j #> '{a,b}', x::jsonb #>> '{a}' from t").sql)).toBe(
      normalizeSql("select jammi_pg.main.json_get(j, 'a'), jammi_pg.main.json_get_text(j, 0), jammi_pg.main.json_path(j, '{a,b}'), jammi_pg.main.jsonb_path_text(x::jsonb, '{a}') from t"),
    );
    expect(normalizeSql(rewrite("select (x::jsonb -> 'a') -> 'b'").sql)).toBe(
      normalizeSql("select jammi_pg.main.jsonb_get(jammi_pg.main.jsonb_get(x::jsonb, 'a'), 'b')"),
    );
  });

  it('turns jsonb-only operators into compatibility functions', () => {
    expect(normalizeSql(rewrite("select j ? 'a', j ?| array['a'], j ?& '{a}', a::jsonb <@ b, a::jsonb || b, a::jsonb - 'k', j #- '{a}' from t").sql)).toBe(
      normalizeSql(
        "select jammi_pg.main.jsonb_exists(j, 'a'), jammi_pg.main.jsonb_exists_any(j, array['a']), jammi_pg.main.jsonb_exists_all(j, '{a}'), jammi_pg.main.jsonb_contains(b, a::jsonb), jammi_pg.main.jsonb_concat(a::jsonb, b), jammi_pg.main.jsonb_delete(a::jsonb, 'k'), jammi_pg.main.jsonb_delete_path(j, '{a}') from t",
      ),
    );
  });

  it('leaves @>, ||, - alone when no operand is jsonb (arrays, text, numbers)', () => {
    expect(rewrite("select ia @> array[1], s || 'x', n - 1, 'x' - a::jsonb from t").changed).toBe(false);
  });
});
