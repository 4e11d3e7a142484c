/**
 * A client's prepared statement keeps working however many other queries the session runs:
 * jammi shares DuckDB prepared statements through a small per-connection cache, and an entry
 * evicted while a client statement holds it must not be freed under it.
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

describe('prepared statements and the engine cache', () => {
  it('a named statement survives eviction of its cached plan by 100 other queries', async () => {
    const named = { name: 'held', text: 'SELECT x * $1::int AS y FROM (VALUES (1), (2)) AS t(x) ORDER BY x', values: [3] };
    expect((await jammi.client.query(named)).rows).toEqual([{ y: 3 }, { y: 6 }]);
    for (let i = 0; i < 100; i++) {
      const r = await jammi.client.query(`SELECT x + ${i} AS z FROM (VALUES (1)) AS t(x)`);
      expect(r.rows[0].z).toBe(1 + i);
    }
    expect((await jammi.client.query({ ...named, values: [5] })).rows).toEqual([{ y: 5 }, { y: 10 }]);
    await jammi.client.query('DEALLOCATE ALL').catch(() => undefined);
    expect((await jammi.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
