import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteBooleanConditions } from './boolean-conditions.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteBooleanConditions, sql);

describe('rewriteBooleanConditions', () => {
  it('checks conditions whose type only the engine knows, per clause and per AND/OR/NOT operand', () => {
    expect(normalizeSql(rewrite('select 1 from t where flag and not f(x) or x > 1').sql)).toBe(
      normalizeSql('select 1 from t where jammi_pg.main.where_condition(flag) and not jammi_pg.main.where_condition(f(x)) or x > 1'),
    );
    expect(normalizeSql(rewrite('select k from t join u on t.ok group by k having bool_and(v)').sql)).toBe(
      normalizeSql('select k from t join u on jammi_pg.main.join_condition(t.ok) group by k having jammi_pg.main.having_condition(bool_and(v))'),
    );
    expect(normalizeSql(rewrite('delete from t where 1').sql)).toBe(normalizeSql('delete from t where jammi_pg.main.where_condition(1)'));
    expect(normalizeSql(rewrite('update t set a = 1 where (select x from u)').sql)).toBe(normalizeSql('update t set a = 1 where jammi_pg.main.where_condition((select x from u))'));
  });

  it('leaves conditions that are boolean by construction alone', () => {
    const sql = "select 1 from t where a = 1 and b is null and c in (1, 2) and exists (select 1) and d like 'x%' and true and 'true' and null";
    expect(rewrite(sql).changed).toBe(false);
  });
});
