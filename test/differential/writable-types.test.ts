/**
 * Writable tables against the real PostgreSQL 15 (JAMMI_TEST_PG_URL): the same table, with a
 * column of every type issue 3 lists, created and filled by the same statements on both, must
 * describe its result columns with the same type OIDs and typmods and print the same text.
 * PostgreSQL's side lives in a throwaway schema.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPostgresUrl, startTestServer, type TestServer } from '../helpers/jammi.js';
import { connectRaw, differences, type Outcome, outcomeOf } from './compare.js';

const pgUrl = realPostgresUrl();

const setup = [
  "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
  `CREATE TABLE w_types (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, n numeric(10,2), f4 float4, f8 float8,
     t text, vc varchar(20), c char(3), by bytea, u uuid, d date, tm time, ts timestamp, tz timestamptz, iv interval,
     j json, jb jsonb, ia int[], ta text[], fa float4[], m mood)`,
  `INSERT INTO w_types VALUES
     (1, true, 1, 10, 100, 1.5, 1.5, 2.25, 'alpha', 'Alpha', 'ab', '\\x0102', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-01-15',
      '10:30:00', '2024-01-15 10:30:00', '2024-01-15 10:30:00+00', '1 day 02:03:04', '{"a": 1}', '{"b": [1, 2]}',
      ARRAY[1, 2], ARRAY['x', 'y z'], ARRAY[0.5, 1.25]::float4[], 'ok'),
     (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
];

/** The enum column: Postgres reports the enum type's own OID, jammi reports text (25). */
const ENUM_COLUMN = 'm';

/** The outcome with the enum column's type left out of the comparison. */
function withoutEnumType(o: Outcome): Outcome {
  return o.ok ? { ...o, columns: o.columns.map((c) => (c.name === ENUM_COLUMN ? { ...c, oid: 0 } : c)) } : o;
}

describe.skipIf(!pgUrl)('writable tables: declared types against PostgreSQL', () => {
  let server: TestServer;
  let jammi: pg.Client;
  let postgres: pg.Client;
  const schema = `jammi_writable_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    server = await startTestServer();
    jammi = await connectRaw(server.url);
    postgres = await connectRaw(pgUrl!);
    await postgres.query(`CREATE SCHEMA ${schema}`);
    await postgres.query(`SET search_path TO ${schema}`);
    for (const sql of setup) {
      await postgres.query(sql);
      await jammi.query(sql);
    }
  });

  afterAll(async () => {
    await postgres?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await postgres?.end();
    await jammi?.end();
    await server?.stop();
  });

  async function compare(sql: string): Promise<{ jammi: Outcome; postgres: Outcome }> {
    // RESET ALL would drop the search path: keep the session as set up.
    return { jammi: await outcomeOf(jammi, sql), postgres: await outcomeOf(postgres, sql) };
  }

  it.each([
    'SELECT * FROM w_types ORDER BY id',
    'SELECT vc, c, n, jb, j, i2, tz, ta, m FROM w_types u ORDER BY u.id',
    'SELECT u.vc, u.jb, v.c FROM w_types u JOIN w_types v ON v.id = u.id ORDER BY u.id',
    'SELECT * FROM (SELECT * FROM w_types) s ORDER BY id',
  ])('%s: same types, typmods and text', async (sql) => {
    const r = await compare(sql);
    expect(differences(withoutEnumType(r.jammi), withoutEnumType(r.postgres))).toEqual([]);
  });

  it('RETURNING * reports the declared types', async () => {
    const sql = "INSERT INTO w_types (id, vc, c, n, jb) VALUES (3, 'v', 'xyz', 12.34, '{\"k\": true}') RETURNING *";
    const r = await compare(sql);
    expect(differences(withoutEnumType(r.jammi), withoutEnumType(r.postgres))).toEqual([]);
  });

  it('an enum column reports text (25) in jammi, where PostgreSQL reports the enum type', async () => {
    const r = await compare('SELECT m FROM w_types WHERE id = 1');
    expect(r.jammi.ok && r.jammi.columns[0].oid).toBe(25);
    expect(r.postgres.ok && r.postgres.columns[0].oid).toBeGreaterThan(16383);
    expect(r.jammi.ok && r.jammi.rows).toEqual(r.postgres.ok && r.postgres.rows);
  });
});
