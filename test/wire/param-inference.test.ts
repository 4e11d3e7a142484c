/**
 * Untyped parameters (what node-postgres sends) typed from context as Postgres does, where
 * DuckDB alone cannot type the statement.
 */
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

describe('parameters typed from context', () => {
  it('generate_series bounds take the type of the other bound', async () => {
    const r = await jammi.client.query({ text: 'SELECT n FROM generate_series(1, $1) AS g(n)', values: [3], rowMode: 'array' });
    expect(r.rows).toEqual([[1], [2], [3]]);
    expect(r.fields[0].dataTypeID).toBe(23);
    const days = await jammi.client.query({ text: "SELECT count(*)::int AS n FROM generate_series($1, '2024-01-05'::date, $2)", values: ['2024-01-01', '1 day'] });
    expect(days.rows).toEqual([{ n: 5 }]);
  });
});

describe('parameters typed from the other operand of an operator', () => {
  it('n + $1, nm * $1 and price - $1 take the column types, in UPDATE, SELECT and DELETE', async () => {
    const c = jammi.client;
    await c.query('CREATE TABLE op_params (id int PRIMARY KEY, n int, nm numeric(10,2), price float8, day date)');
    await c.query("INSERT INTO op_params VALUES (1, 10, 2.50, 1.5, '2024-01-01'), (2, 20, 4.00, 3.0, '2024-02-01')");
    await c.query('UPDATE op_params SET n = n + $1, nm = nm * $2 WHERE id = $3', [5, '2', 1]);
    expect((await c.query('SELECT n, nm::text AS nm FROM op_params WHERE id = 1')).rows).toEqual([{ n: 15, nm: '5.00' }]);
    const r = await c.query({ text: 'SELECT id, n - $1 AS d FROM op_params WHERE price * $2 > 4 ORDER BY id', values: [1, 2], rowMode: 'array' });
    expect(r.rows).toEqual([[2, 19]]);
    expect(r.fields[1].dataTypeID).toBe(23);
    // A subquery types its parameter from its own FROM.
    const s = await c.query('SELECT id FROM op_params WHERE id IN (SELECT id FROM op_params o WHERE o.n * $1 > $2) ORDER BY id', [2, 30]);
    expect(s.rows).toEqual([{ id: 2 }]);
    expect((await c.query('DELETE FROM op_params WHERE n + $1 > 20 RETURNING id', [1])).rows).toEqual([{ id: 2 }]);
  });
});
