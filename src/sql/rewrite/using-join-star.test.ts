import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteUsingJoinStar } from './using-join-star.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteUsingJoinStar, sql);

describe('rewriteUsingJoinStar', () => {
  it("lists the join columns first, then each side's others, when both sides are subqueries", () => {
    expect(normalizeSql(rewrite('select * from (select 1 as a, 2 as k) t1 natural join (select 2 as k, 3 as b) t2').sql)).toBe(
      normalizeSql('select k, t1.a, t2.b from (select 1 as a, 2 as k) t1 natural join (select 2 as k, 3 as b) t2'),
    );
    expect(normalizeSql(rewrite('select * from (values (1, 2)) t1(a, k) full join (select k, count(*) from u group by k) t2 using (k)').sql)).toBe(
      normalizeSql('select k, t1.a, t2.count from (values (1, 2)) t1(a, k) full join (select k, count(*) from u group by k) t2 using (k)'),
    );
  });

  it('uses DuckDB’s COLUMNS selector for a USING join of tables', () => {
    expect(normalizeSql(rewrite('select * from a join b using (k, j) where x > 1').sql)).toBe(
      normalizeSql("select k, j, columns(c -> (c not in ('k', 'j'))) from a join b using (k, j) where x > 1"),
    );
    expect(normalizeSql(rewrite('select * from a left join b using (k)').sql)).toBe(normalizeSql("select k, columns(c -> (c not in ('k'))) from a left join b using (k)"));
  });

  it('leaves FULL and NATURAL joins of tables, nested joins and explicit select lists alone', () => {
    for (const sql of [
      'select * from a full join b using (k)',
      'select * from a natural join b',
      'select * from a join b using (k) join c using (j)',
      'select a.*, k from a join b using (k)',
      'select * from a join b on a.k = b.k',
      'select * from (select * from a) x natural join (select 1 as k) y',
    ]) {
      expect(rewrite(sql).changed).toBe(false);
    }
  });
});
