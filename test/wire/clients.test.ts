/**
 * Real clients against jammi: postgres.js (extended protocol, prepared statements, type
 * fetching at connect) and the psql 15 binary.
 */
import { execFile } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('postgres.js', () => {
  let sql: postgres.Sql;
  beforeAll(() => {
    sql = postgres(server.url, { max: 2, onnotice: () => undefined, connect_timeout: 10 });
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
  });

  it('runs tagged templates with parameters over sources', async () => {
    const rows = await sql`select name, population from cities.cities where population > ${3000000} order by name`;
    expect([...rows]).toEqual([
      { name: 'Berlin', population: '3755251' },
      { name: 'Madrid', population: '3332035' },
    ]);
    const one = await sql`select count(*)::int as n from trips.trips where city = ${'Lisbon'} and passengers >= ${1}`;
    expect(one.count).toBe(1);
    expect(typeof one[0].n).toBe('number');
    const all = await sql`select city, count(*)::int as n from trips.trips group by city`;
    expect(all.reduce((s, r) => s + (r.n as number), 0)).toBe(2000);
    expect(all.find((r) => r.city === 'Lisbon')?.n).toBe(one[0].n);
  });

  it('decodes parameter and result types', async () => {
    const [r] = await sql`select ${41}::int + 1 as a, ${'héllo'} as b, ${true} as c, ${new Date('2024-01-01T10:00:00Z')}::timestamptz as d, ${2.5}::float8 * 2 as e`;
    expect(r).toEqual({ a: 42, b: 'héllo', c: true, d: new Date('2024-01-01T10:00:00Z'), e: 5 });
  });

  it('reuses prepared statements with different parameters', async () => {
    const byName = (name: string) => sql`select country from cities.cities where name = ${name}`;
    expect([...(await byName('Rome'))]).toEqual([{ country: 'IT' }]);
    expect([...(await byName('Paris'))]).toEqual([{ country: 'FR' }]);
    expect([...(await byName('Atlantis'))]).toEqual([]);
  });

  it('reports errors with their SQLSTATE and keeps working', async () => {
    const err = await sql`select * from nope`.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(postgres.PostgresError);
    expect((err as postgres.PostgresError).code).toBe('42P01');
    expect((err as postgres.PostgresError).message).toBe('relation "nope" does not exist');
    const err2 = await sql`select ${'abc'}::int`.catch((e: unknown) => e);
    expect((err2 as postgres.PostgresError).code).toBe('22P02');
    const [ok] = await sql`select 1 as one`;
    expect(ok).toEqual({ one: 1 });
  });

  it('runs transactions with sql.begin, rolling back on a thrown error', async () => {
    await sql`create table pgjs_t(x int)`;
    await sql.begin(async (tx) => {
      await tx`insert into pgjs_t values (${1})`;
      await tx`insert into pgjs_t values (${2})`;
    });
    const failed = await sql
      .begin(async (tx) => {
        await tx`insert into pgjs_t values (${3})`;
        await tx`select * from nope`;
      })
      .catch((e: postgres.PostgresError) => e.code);
    expect(failed).toBe('42P01');
    expect([...(await sql`select x from pgjs_t order by x`)]).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('runs multi-statement simple queries with sql.unsafe', async () => {
    const r = (await sql.unsafe('select 1 as a; select 2 as b')) as unknown as { a?: number; b?: number }[][];
    expect(r.map((x) => [...x])).toEqual([[{ a: 1 }], [{ b: 2 }]]);
  });
});

interface PsqlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run psql against the test server with the PG* environment; never rejects. */
function psql(args: string[], input?: string): Promise<PsqlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'psql',
      ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...args],
      {
        env: { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'jammi', PGDATABASE: 'jammi', PGCONNECT_TIMEOUT: '10', PGSSLMODE: 'prefer' },
        timeout: 20000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('psql', () => {
  it('runs a simple query over a source', async () => {
    const r = await psql(['-c', 'select name, country from cities.cities order by name limit 3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Amsterdam|NL\nBerlin|DE\nLisbon|PT\n');
  });

  it('prints every result of a multi-statement -c', async () => {
    const r = await psql(['-c', "select 1 as a, 'x' as b; select count(*) from trips.trips"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1|x\n2000\n');
  });

  it('runs a script from stdin with transactions and settings', async () => {
    const script = [
      'create table psql_t(x int, t timestamptz);',
      'begin;',
      "insert into psql_t values (1, '2024-01-01 12:00:00+00');",
      'commit;',
      "set timezone = 'Asia/Tokyo';",
      'show timezone;',
      'select x, t from psql_t;',
      '',
    ].join('\n');
    const r = await psql(['-f', '-'], script);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('CREATE TABLE\nBEGIN\nINSERT 0 1\nCOMMIT\nSET\nAsia/Tokyo\n1|2024-01-01 21:00:00+09\n');
  });

  it('shows a server error with its SQLSTATE under VERBOSITY verbose and stops', async () => {
    const r = await psql(['-c', '\\set VERBOSITY verbose', '-c', 'select * from nope', '-c', 'select 1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ERROR: {2}42P01: relation "nope" does not exist\n/);
  });

  it('shows the SQLSTATE of a jammi-specific refusal', async () => {
    const r = await psql(['-c', '\\set VERBOSITY verbose', '-c', "COPY (select 1) TO '/tmp/jammi-psql-copy.csv'"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR: {2}42501: permission denied: /);
  });

  it('reports the server version psql sees', async () => {
    const r = await psql(['-c', 'show server_version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('15.20\n');
  });
});
