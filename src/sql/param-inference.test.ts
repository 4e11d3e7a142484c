import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from './index.js';
import { paramInfo } from './param-inference.js';

beforeAll(async () => {
  await initParser();
});

const info = (sql: string) => {
  const i = paramInfo(parseStatements(sql)[0].ast);
  return { count: i.count, inferred: Object.fromEntries(i.inferred) };
};

describe('paramInfo', () => {
  it('counts parameters by the highest $n, wherever they stand', () => {
    expect(info('select 1').count).toBe(0);
    expect(info('select * from t where a = $3 and b in (select c from u where d = $1)').count).toBe(3);
    expect(info('insert into t values ($1, $2) returning $2').count).toBe(2);
  });

  it('infers what Postgres infers from a cast or an operator with a constant', () => {
    expect(info('select $1::int, $2::text[], $3::bigint').inferred).toEqual({ 0: 23, 1: 1009, 2: 20 });
    expect(info("select $1 + 1, 2.5 * $2, $3 = 'x', true = $4").inferred).toEqual({ 0: 23, 1: 1700, 2: 25, 3: 16 });
    expect(info('select $1 + $2, $3').inferred).toEqual({});
  });

  it('types generate_series bounds from a typed sibling, and a date/time step as interval', () => {
    expect(info('select * from generate_series(1, $1)').inferred).toEqual({ 0: 23 });
    expect(info("select * from generate_series($1, '2024-01-05'::date, $2)").inferred).toEqual({ 0: 1082, 1: 1186 });
    expect(info('select * from generate_series($1, $2)').inferred).toEqual({});
  });

  it('answers a repeated statement from its memo (the same object)', () => {
    const ast = parseStatements('select $1::int')[0].ast;
    expect(paramInfo(ast)).toBe(paramInfo(ast));
  });
});
