import { beforeAll, describe, expect, it } from 'vitest';
import { applyRewrite, normalizeSql } from '../../../test/helpers/sql.js';
import { initParser } from '../index.js';
import { rewriteLateralLimits } from './lateral-limits.js';

beforeAll(async () => {
  await initParser();
});

const rewrite = (sql: string) => applyRewrite(rewriteLateralLimits, sql);

describe('rewriteLateralLimits', () => {
  it('turns a parameter LIMIT inside a LATERAL subquery into a row_number() filter', () => {
    expect(
      normalizeSql(
        rewrite(
          'select b.id, a.data from book b left join lateral (select json_build_array(a.name) as data from (select * from author a where a.id = b.author_id limit $1) a) a on true where b.title = $2 limit $3',
        ).sql,
      ),
    ).toBe(
      normalizeSql(
        'select b.id, a.data from book b left join lateral (select json_build_array(a.name) as data from (select unnest(jammi_limited.jammi_row) from (select jammi_row, row_number() over () as jammi_row_number from (select * from author a where a.id = b.author_id) jammi_row) jammi_limited where $1 is null or jammi_row_number <= $1) a) a on true where b.title = $2 limit $3',
      ),
    );
  });

  it('leaves constant limits, OFFSET, ORDER BY and non-lateral subqueries alone', () => {
    expect(rewrite('select * from t, lateral (select * from u where u.t = t.id limit 1) s').changed).toBe(false);
    expect(rewrite('select * from t, lateral (select * from u where u.t = t.id limit $1 offset $2) s').changed).toBe(false);
    expect(rewrite('select * from t, lateral (select u.x from u where u.t = t.id order by u.x limit $1) s').changed).toBe(false);
    expect(rewrite('select * from t, (select * from u limit $1) s').changed).toBe(false);
    expect(rewrite('select * from u limit $1').changed).toBe(false);
  });
});
