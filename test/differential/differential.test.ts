import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoDir } from '../../src/server/index.js';
import { realPostgresUrl, startTestServer, type TestServer } from '../helpers/jammi.js';
import { categories } from './categories/index.js';
import { connectRaw, differences, type Outcome, outcomeOf, restoreSession } from './compare.js';
import { datasetStatements } from './dataset.js';
import { withGeneratedSections } from './known-differences.js';
import type { DifferentialQuery } from './query.js';
import { passRateReport, type Tally } from './report.js';

/**
 * Differential tests: the same SQL against jammi and a real PostgreSQL 15 (JAMMI_TEST_PG_URL),
 * over the same dataset, compared on column names, type OIDs, typmods and the rows' text.
 * Prints the pass rate per category (and writes it to $JAMMI_DIFF_REPORT when set).
 */
const pgUrl = realPostgresUrl();
/** The bar: at least this share of every category's queries identical to Postgres. */
const REQUIRED_PASS_RATE = 0.95;
if (!pgUrl) console.log('differential suite skipped: JAMMI_TEST_PG_URL is not set (it needs a real PostgreSQL 15 to compare against)');

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
    expect(stillDiffers, `now matches PostgreSQL, promote it to 'match': ${q.sql} (was: ${q.note})`).toBe(true);
  }
}

describe('differential query list', () => {
  test('docs/compatibility.md shows the pass rates and every known difference with its reason', () => {
    const doc = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');
    expect(doc, 'run: npx tsx scripts/gen-known-differences.ts').toBe(withGeneratedSections(doc));
  });

  test('every entry is well formed and unique', () => {
    const all = categories.flatMap((c) => c.queries);
    const bad = all.filter((q) => (q.status === 'known-difference') !== Boolean(q.note?.trim()));
    expect(bad.map((q) => q.sql)).toEqual([]);
    const sqls = all.map((q) => q.sql);
    expect(sqls.filter((s, i) => sqls.indexOf(s) !== i)).toEqual([]);
  });
});

describe.skipIf(!pgUrl)('differential: jammi vs PostgreSQL', () => {
  let server: TestServer;
  let jammi: pg.Client;
  let postgres: pg.Client;
  const tallies = new Map<string, Tally>();

  beforeAll(async () => {
    server = await startTestServer();
    jammi = await connectRaw(server.url);
    postgres = await connectRaw(pgUrl!);
    for (const sql of datasetStatements) {
      await postgres.query(sql);
      await jammi.query(sql);
    }
    await loadDemoIntoPostgres(jammi, postgres);
  });

  afterAll(async () => {
    const report = passRateReport(categories, tallies);
    console.log(report);
    if (process.env.JAMMI_DIFF_REPORT) writeFileSync(process.env.JAMMI_DIFF_REPORT, report + '\n');
    await jammi?.end();
    await postgres?.end();
    await server?.stop();
  });

  const forJammi = (sql: string) => sql.replaceAll('{trips}', 'trips.trips').replaceAll('{cities}', 'cities.cities');
  const forPostgres = (sql: string) => sql.replaceAll('{trips}', 'pg_temp.trips').replaceAll('{cities}', 'pg_temp.cities');

  for (const category of categories) {
    describe(category.name, () => {
      for (const q of category.queries) {
        test(`[${q.status}] ${q.sql}`, async () => {
          const j = await outcomeOf(jammi, forJammi(q.sql));
          const p = await outcomeOf(postgres, forPostgres(q.sql));
          // An entry that begins by changing settings (`SET TimeZone …; SELECT …`) leaves none behind.
          if (/^\s*(SET|RESET)\b/i.test(q.sql)) {
            await restoreSession(jammi);
            await restoreSession(postgres);
          }
          const diff = differences(j, p, { types: category.compareTypes ?? true });
          const tally = tallies.get(category.name) ?? { total: 0, matched: 0 };
          tally.total++;
          if (diff.length === 0) tally.matched++;
          tallies.set(category.name, tally);
          expectNoInternalError(q.sql, j);
          judge(q, diff);
        });
      }
    });
  }

  test(`every category matches PostgreSQL on at least ${REQUIRED_PASS_RATE * 100}% of its queries`, () => {
    const below = categories
      .map((c) => ({ name: c.name, tally: tallies.get(c.name) ?? { total: 0, matched: 0 }, size: c.queries.length }))
      .filter(({ tally, size }) => tally.total !== size || tally.matched < REQUIRED_PASS_RATE * size)
      .map(({ name, tally, size }) => `${name}: ${tally.matched}/${size} (ran ${tally.total})`);
    expect(below).toEqual([]);
  });
});

/** The demo sources as temp tables in PostgreSQL: the rows jammi reads, the column types it reports. */
async function loadDemoIntoPostgres(jammi: pg.Client, postgres: pg.Client): Promise<void> {
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
}
