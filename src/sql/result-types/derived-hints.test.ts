import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from '../index.js';
import { resultTypeHints } from './index.js';

beforeAll(async () => {
  await initParser();
});

const hints = (sql: string) => resultTypeHints(parseStatements(sql)[0].ast);

describe('result type hints across several select lists', () => {
  it('merges set operation branches: a shared hint stays, differing ones give typmod -1', () => {
    expect(hints('select id, n from t union select 9, 1.5 order by 1')).toEqual({ columns: [{ typmod: -1 }, { typmod: -1 }] });
    expect(hints('select n::numeric(6,1) from t union select 1.5::numeric(6,1)')).toEqual({ columns: [{ oid: 1700, typmod: 393221 }] });
    expect(hints('select n from t union all select n from t union select 2')).toEqual({ columns: [{ typmod: -1 }] });
    expect(hints('select n from t union all select n from u')).toBeUndefined();
    expect(hints('select * from t union select 1')).toBeUndefined();
  });

  it('merges VALUES rows per column', () => {
    expect(hints("values (1, 'a', 1.5), (2, null, null)")).toEqual({ columns: [{ typmod: -1 }, { typmod: -1 }, { typmod: -1 }] });
  });

  it('sees through SELECT * FROM (subquery), as BI tools wrap queries', () => {
    expect(hints('select * from (select sum(n) as s, n from t group by n) q')).toEqual({ columns: [{ typmod: -1 }, null] });
    expect(hints('select * from (values (1.5)) v(x) where x > 1')).toEqual({ columns: [{ typmod: -1 }] });
    expect(hints('select * from (select * from t) q')).toBeUndefined();
    expect(hints('select * from (select * from generate_series(1, 3)) q')).toEqual({ columns: [], rest: { typmod: -1 } });
  });
});
