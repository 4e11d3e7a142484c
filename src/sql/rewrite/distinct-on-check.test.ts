import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { checkDistinctOn } from './distinct-on-check.js';

beforeAll(async () => {
  await initParser();
});

const check = (sql: string) => () => checkDistinctOn(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });

describe('checkDistinctOn', () => {
  it('accepts DISTINCT ON matching the leading ORDER BY items, by expression, position or output name', () => {
    for (const sql of [
      'select distinct on (a) a, b from t order by a, b desc',
      'select distinct on (a, b) a, b, c from t order by b, a, c',
      'select distinct on (t.a) a, b from t order by a',
      'select distinct on (1) a, b from t order by a, b',
      'select distinct on (lower(s)) s as k, b from t order by lower(s), b',
      'select distinct on (k) lower(s) as k from t order by lower(s)',
      'select distinct on (a) a from t',
      'select distinct a from t order by a',
    ]) {
      expect(check(sql)().changed).toBe(false);
    }
  });

  it('refuses DISTINCT ON that the ORDER BY does not start with, with 42P10', () => {
    const err = expect.objectContaining({ code: '42P10', message: 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions' });
    expect(check('select distinct on (s) id from t order by id')).toThrow(err);
    expect(check('select distinct on (a, b) a from t order by a, c, b')).toThrow(err);
    expect(check('select * from (select distinct on (a) a from t order by b, a) x')).toThrow(err);
  });
});
