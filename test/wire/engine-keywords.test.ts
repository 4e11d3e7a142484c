/** Names that are keywords to DuckDB but plain names to Postgres (`at`, `columns`, `map`, `show`) work unquoted. */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

describe('DuckDB-only keywords as names', () => {
  it('are columns, tables and aliases in DDL, DML and queries, simple and extended', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE show (id int PRIMARY KEY, at timestamptz DEFAULT now(), columns text, map int)');
    expect((await c.query("INSERT INTO show (id, columns, map) VALUES (1, 'c', 2) RETURNING id, columns, map")).rows).toEqual([{ id: 1, columns: 'c', map: 2 }]);
    await c.query('UPDATE show SET map = map + $1 WHERE columns = $2', [1, 'c']);
    const r = await c.query('SELECT s.id, s.map AS by, columns, at IS NOT NULL AS has_at FROM show s ORDER BY at');
    expect(r.rows).toEqual([{ id: 1, by: 3, columns: 'c', has_at: true }]);
    expect(r.fields.map((f) => f.name)).toEqual(['id', 'by', 'columns', 'has_at']);
  });
});
