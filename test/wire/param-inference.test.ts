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
