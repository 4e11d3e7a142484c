import { beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/sql.js';
import { initParser, parseStatements } from '../index.js';
import { checkLimitOffset } from './limit-checks.js';

beforeAll(async () => {
  await initParser();
});

const check = (sql: string) => () => checkLimitOffset(structuredClone(parseStatements(sql)[0].ast), { resolver: fakeResolver(), dynamic: false });

describe('checkLimitOffset', () => {
  it('refuses a negative constant LIMIT with 2201W and OFFSET with 2201X, also in subqueries', () => {
    expect(check('select 1 limit -1')).toThrow(expect.objectContaining({ code: '2201W', message: 'LIMIT must not be negative' }));
    expect(check('select 1 fetch first -2 rows only')).toThrow(expect.objectContaining({ code: '2201W' }));
    expect(check('select * from (select 1 offset -1) s')).toThrow(expect.objectContaining({ code: '2201X', message: 'OFFSET must not be negative' }));
  });

  it('accepts zero, positive, NULL and ALL limits unchanged', () => {
    for (const sql of ['select 1 limit 0 offset 0', 'select 1 limit 5', 'select 1 limit null', 'select 1 limit all', 'select 1 limit $1']) {
      expect(check(sql)().changed).toBe(false);
    }
  });
});
