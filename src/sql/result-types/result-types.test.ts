import { beforeAll, describe, expect, it } from 'vitest';
import { initParser, parseStatements } from '../index.js';
import { resultTypeHints } from './index.js';

beforeAll(async () => {
  await initParser();
});

const full = (sql: string) => resultTypeHints(parseStatements(sql)[0].ast);
const hints = (sql: string) => full(sql)?.columns;

describe('resultTypeHints', () => {
  it('takes type and typmod from casts, as Postgres reports them', () => {
    expect(hints("select 'a'::varchar(10), 'b'::varchar, 'c'::char(4), 'd'::char, 'e'::bpchar, 'f'::name, 'g'::pg_catalog.name")).toEqual([
      { oid: 1043, typmod: 14 },
      { oid: 1043, typmod: -1 },
      { oid: 1042, typmod: 8 },
      { oid: 1042, typmod: 5 },
      { oid: 1042, typmod: -1 },
      { oid: 19, typmod: -1 },
      { oid: 19, typmod: -1 },
    ]);
    expect(hints("select 1::numeric(6,2), 2::numeric(5), '1.5'::numeric, cast('{}' as jsonb), '[]'::json")).toEqual([
      { oid: 1700, typmod: (6 << 16) + 2 + 4 },
      { oid: 1700, typmod: (5 << 16) + 4 },
      { oid: 1700, typmod: -1 },
      { oid: 3802, typmod: -1 },
      { oid: 114, typmod: -1 },
    ]);
  });

  it('reports typmod -1 for computed expressions and nothing for column references', () => {
    expect(hints('select n, sum(n), n + 1 from t group by n')).toEqual([null, { typmod: -1 }, { typmod: -1 }]);
    expect(hints('insert into t values (1) returning id, id * 2')).toEqual([null, { typmod: -1 }]);
  });

  it('reports typmod -1 for every column read from function calls in FROM', () => {
    expect(full('select * from generate_series(0.5, 2.5) as g(n)')).toEqual({ columns: [], rest: { typmod: -1 } });
    expect(hints('select n, n * 2 from unnest(array[1.5]) as u(n)')).toEqual([{ typmod: -1 }, { typmod: -1 }]);
    expect(full('select * from t, generate_series(1, 2) g')).toBeUndefined();
  });

  it('types the value column of jsonb_each and jsonb_array_elements as jsonb', () => {
    const jsonb = { oid: 3802, typmod: -1 };
    expect(full("select * from jsonb_each('{}')")).toEqual({ columns: [{ typmod: -1 }, jsonb] });
    expect(hints("select key, e.value from jsonb_each('{}') as e")).toEqual([{ typmod: -1 }, jsonb]);
    expect(hints("select v from jsonb_array_elements('[]') as a(v)")).toEqual([jsonb]);
    expect(hints("select value from json_array_elements('[]')")).toEqual([{ typmod: -1 }]);
  });

  it('names every column of a multi-argument unnest unnest, as Postgres does', () => {
    const u = { typmod: -1, name: 'unnest' };
    expect(full("select * from unnest(array[1], array['a'])")).toEqual({ columns: [u, u] });
    expect(full("select * from unnest(array[1], array['a']) with ordinality")).toEqual({ columns: [u, u, { typmod: -1 }] });
    expect(full("select * from unnest(array[1], array['a']) as u(x, y)")).toEqual({ columns: [], rest: { typmod: -1 } });
  });

  it('says nothing when columns cannot be matched to expressions', () => {
    expect(hints('select * from t')).toBeUndefined();
    expect(hints('select a, t.* from t')).toBeUndefined();
    expect(hints('select a from t union select b from u')).toBeUndefined();
    expect(hints('select a from t')).toBeUndefined();
    expect(hints('create table x (a int)')).toBeUndefined();
  });
});
