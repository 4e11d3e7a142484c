import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoDir } from '../../src/server/index.js';
import { realPostgresUrl, startTestServer, type TestServer } from '../helpers/jammi.js';
import { connectRaw, differences, type Outcome, outcomeOf } from './compare.js';
import { type DifferentialQuery, queries, sourceQueries } from './queries.js';

/**
 * Differential tests: the same SQL against jammi and a real PostgreSQL 15 (JAMMI_TEST_PG_URL),
 * compared on column names, type OIDs, typmods and the rows' text. See queries.ts for how
 * 'match' and 'known-difference' entries are judged.
 */
const pgUrl = realPostgresUrl();

/** Fail on jammi internal errors whatever the entry's status: XX000 is a bug, never a known difference. */
function expectNoInternalError(sql: string, o: Outcome): void {
  const internal = !o.ok && o.code === 'XX000';
  expect(internal, `jammi raised an internal error (XX000) for: ${sql}`).toBe(false);
}

/** Assert a 'match' entry matches exactly and a 'known-difference' entry still differs. */
function judge(q: DifferentialQuery, diff: string[]): void {
  if (q.status === 'match') {
    expect(diff, `jammi differs from PostgreSQL for: ${q.sql}`).toEqual([]);
  } else {
    const stillDiffers = diff.length > 0;
    expect(stillDiffers, `now matches PostgreSQL, promote it to 'match' in queries.ts: ${q.sql} (was: ${q.note})`).toBe(true);
  }
}

describe('differential query list', () => {
  test('every entry is well formed and unique', () => {
    const bad = [...queries, ...sourceQueries].filter((q) => (q.status === 'known-difference') !== Boolean(q.note?.trim()));
    expect(bad.map((q) => q.sql)).toEqual([]);
    const all = [...queries, ...sourceQueries].map((q) => q.sql);
    expect(all.filter((s, i) => all.indexOf(s) !== i)).toEqual([]);
  });
});

describe.skipIf(!pgUrl)('differential: jammi vs PostgreSQL', () => {
  let server: TestServer;
  let jammi: pg.Client;
  let postgres: pg.Client;

  beforeAll(async () => {
    server = await startTestServer();
    jammi = await connectRaw(server.url);
    postgres = await connectRaw(pgUrl!);
  });

  afterAll(async () => {
    await jammi?.end();
    await postgres?.end();
    await server?.stop();
  });

  describe('literals, expressions and VALUES queries', () => {
    for (const q of queries) {
      test(`[${q.status}] ${q.sql}`, async () => {
        const j = await outcomeOf(jammi, q.sql);
        const p = await outcomeOf(postgres, q.sql);
        expectNoInternalError(q.sql, j);
        judge(q, differences(j, p));
      });
    }
  });

  describe('queries over the demo sources', () => {
    /** The demo data as temp tables in PostgreSQL: same rows, same column types as jammi reports. */
    beforeAll(async () => {
      await postgres.query(
        'CREATE TEMP TABLE trips (trip_id bigint, city text, started_at timestamp, distance_km numeric(6,2), fare numeric(8,2), passengers int)',
      );
      await postgres.query('CREATE TEMP TABLE cities (name text, country text, population bigint)');
      const trips = await jammi.query<string[]>({ text: 'SELECT trip_id, city, started_at, distance_km, fare, passengers FROM trips.trips', rowMode: 'array' });
      expect(trips.rowCount).toBe(2000);
      const batch = 400;
      for (let i = 0; i < trips.rows.length; i += batch) {
        const chunk = trips.rows.slice(i, i + batch);
        const values = chunk.map((_, r) => `(${Array.from({ length: 6 }, (_, c) => `$${r * 6 + c + 1}`).join(', ')})`).join(', ');
        await postgres.query(`INSERT INTO pg_temp.trips VALUES ${values}`, chunk.flat());
      }
      // cities straight from the CSV file (plain, unquoted fields), not through jammi.
      const [header, ...lines] = readFileSync(path.join(demoDir(), 'cities.csv'), 'utf8').trim().split(/\r?\n/);
      expect(header).toBe('name,country,population');
      for (const line of lines) await postgres.query('INSERT INTO pg_temp.cities VALUES ($1, $2, $3)', line.split(','));
    });

    const forJammi = (sql: string) => sql.replaceAll('{trips}', 'trips.trips').replaceAll('{cities}', 'cities.cities');
    const forPostgres = (sql: string) => sql.replaceAll('{trips}', 'pg_temp.trips').replaceAll('{cities}', 'pg_temp.cities');

    for (const q of sourceQueries) {
      test(`[${q.status}] ${q.sql}`, async () => {
        const j = await outcomeOf(jammi, forJammi(q.sql));
        const p = await outcomeOf(postgres, forPostgres(q.sql));
        expectNoInternalError(q.sql, j);
        // The PostgreSQL side must itself work: a failure there is a broken test, not a difference.
        expect(p.ok ? null : p, `PostgreSQL failed: ${q.sql}`).toBeNull();
        judge(q, differences(j, p, { types: false }));
      });
    }
  });
});
