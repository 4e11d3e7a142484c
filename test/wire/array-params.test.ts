/**
 * Array parameters as drivers send them: node-postgres turns a JS array into the untyped text
 * `{1,2}`, which Postgres types from context (`id = ANY($1)` makes $1 int4[]).
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';
import { fe, parameterDescription, RawClient, types } from '../helpers/raw-client.js';

const jammi = useJammi({ client: true });

const rows = async (sql: string, values: unknown[]) => (await jammi.client.query({ text: sql, values, rowMode: 'array' })).rows;

describe('x = ANY($1) with a JS array', () => {
  it('filters by the elements, typed as the other operand', async () => {
    expect(await rows('select x from generate_series(1, 6) g(x) where x = any($1) order by x', [[2, 4, 9]])).toEqual([[2], [4]]);
    expect(await rows("select s from (values ('a'), ('b c'), (null)) t(s) where s = any($1) order by s", [['b c', "it's", null]])).toEqual([['b c']]);
    expect(await rows('select x from generate_series(1, 3) g(x) where x <> all($1) order by x', [[2]])).toEqual([[1], [3]]);
  });

  it('keeps three-valued logic and the empty array', async () => {
    expect(await rows('select 3 > any($1), 0 > any($1), 1 = any($2), 1 <> all($2)', [[1, null], []])).toEqual([[true, null, false, true]]);
  });

  it('reads typed array parameters and refuses a malformed one with 22P02', async () => {
    expect(await rows('select $1::int[], 2 = any($1::int[])', [[1, 2]])).toEqual([[[1, 2], true]]);
    await expect(jammi.client.query('select 1 = any($1)', ['{1,2'])).rejects.toMatchObject({ code: '22P02' });
  });

  it('describes the parameter as the array of the operand type', async () => {
    const raw = await RawClient.connect(jammi.server.port);
    try {
      raw.send(fe.parse('', 'select name from cities.cities where name = any($1) and population > any($2)'), fe.describe('S', ''), fe.sync());
      const f = await raw.readUntil('Z');
      expect(types(f)).toMatch(/^1 t T Z$/);
      expect(parameterDescription(f[1].body)).toEqual([1009, 1016]);
    } finally {
      raw.close();
    }
  });
});
