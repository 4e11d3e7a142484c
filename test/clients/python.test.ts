/**
 * Python clients against jammi, compared with the real PostgreSQL 15: psycopg2 + SQLAlchemy 1.4
 * (test/clients/python/sqlalchemy_scenarios.py) and psqlODBC through pyodbc
 * (test/clients/python/odbc_scenarios.py), plus unixODBC's isql. Each scenario prints one JSON
 * line per check; the lines from jammi must equal the lines from PostgreSQL.
 *
 * Needs JAMMI_TEST_PG_URL (a superuser URL: a scratch database is created and dropped there),
 * Debian's /usr/bin/python3 with psycopg2, sqlalchemy and pyodbc, the "PostgreSQL Unicode"
 * ODBC driver and isql. Skips with a printed reason when any is missing.
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';

const PYTHON = '/usr/bin/python3';
const here = path.dirname(fileURLToPath(import.meta.url));
const SA_SCRIPT = path.join(here, 'python', 'sqlalchemy_scenarios.py');
const ODBC_SCRIPT = path.join(here, 'python', 'odbc_scenarios.py');
const SA_SCENARIOS = ['connect', 'create_all', 'reflect', 'orm', 'upsert', 'types', 'errors'];
const ODBC_SCENARIOS = ['connect', 'params', 'catalog'];
const TIMEOUT = 60000;

const pgUrl = process.env.JAMMI_TEST_PG_URL;

function pythonHas(modules: string): boolean {
  const r = spawnSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore', timeout: 20000 });
  return r.status === 0;
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function skipReason(kind: 'sqlalchemy' | 'odbc'): string | null {
  if (!pgUrl) return 'JAMMI_TEST_PG_URL is not set (the scenarios compare jammi with a real PostgreSQL 15)';
  if (kind === 'sqlalchemy' && !pythonHas('psycopg2, sqlalchemy')) return `${PYTHON} lacks psycopg2 or sqlalchemy (apt-get install python3-psycopg2 python3-sqlalchemy)`;
  if (kind === 'odbc') {
    if (!pythonHas('pyodbc')) return `${PYTHON} lacks pyodbc (apt-get install python3-pyodbc)`;
    if (!hasCommand('isql')) return 'isql is missing (apt-get install unixodbc odbc-postgresql)';
  }
  return null;
}

const saSkip = skipReason('sqlalchemy');
const odbcSkip = skipReason('odbc');
if (saSkip) console.warn(`psycopg2/SQLAlchemy client suite skipped: ${saSkip}`);
if (odbcSkip) console.warn(`psqlODBC client suite skipped: ${odbcSkip}`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: TIMEOUT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

interface Check {
  scenario: string;
  check: string;
  value: unknown;
}

/** Run one scenario; its JSON lines, or one synthetic error line when the program itself broke. */
async function scenario(script: string, url: string, name: string): Promise<Check[]> {
  const r = await run(PYTHON, [script, url, name]);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const checks = lines.map((l) => JSON.parse(l) as Check);
  if (checks.length === 0) return [{ scenario: name, check: 'crashed', value: { code: r.code, stderr: r.stderr.trim().split('\n').slice(-5) } }];
  return checks;
}

const errorsOf = (checks: Check[]) => checks.filter((c) => c.check === 'error' || c.check === 'crashed');

/** The real PostgreSQL: a scratch database created for this file and dropped after it. */
function usePostgresScratch(prefix: string) {
  const state = { url: '' };
  let admin: pg.Client | undefined;
  const db = `${prefix}_${process.pid}`;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
    const u = new URL(pgUrl!);
    u.pathname = `/${db}`;
    state.url = u.toString();
  });
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.end();
  });
  return state;
}

function odbcConnectionString(url: string): string {
  const u = new URL(url);
  return `DRIVER={PostgreSQL Unicode};SERVER=${u.hostname};PORT=${u.port || '5432'};DATABASE=${decodeURIComponent(u.pathname.slice(1))};UID=${decodeURIComponent(u.username)};PWD=${decodeURIComponent(u.password)};`;
}

describe.skipIf(saSkip !== null)('psycopg2 + SQLAlchemy 1.4: jammi vs PostgreSQL', () => {
  const postgres = usePostgresScratch('jammi_pyclient_sa');
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const name of SA_SCENARIOS) {
    it(
      name,
      async () => {
        const expected = await scenario(SA_SCRIPT, postgres.url, name);
        expect(errorsOf(expected), 'the scenario fails against PostgreSQL itself').toEqual([]);
        const actual = await scenario(SA_SCRIPT, server.url, name);
        expect(actual).toEqual(expected);
      },
      TIMEOUT,
    );
  }
});

describe.skipIf(odbcSkip !== null)('psqlODBC (pyodbc, isql): jammi vs PostgreSQL', () => {
  const postgres = usePostgresScratch('jammi_pyclient_odbc');
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const name of ODBC_SCENARIOS) {
    it(
      name,
      async () => {
        const expected = await scenario(ODBC_SCRIPT, postgres.url, name);
        expect(errorsOf(expected), 'the scenario fails against PostgreSQL itself').toEqual([]);
        const actual = await scenario(ODBC_SCRIPT, server.url, name);
        expect(actual).toEqual(expected);
      },
      TIMEOUT,
    );
  }

  it(
    'isql runs a query from stdin',
    async () => {
      const query = "select 1 as a, 'x' as b, 2.5::float8 as c\n";
      const isql = (url: string) => run('isql', ['-b', '-d|', '-k', odbcConnectionString(url)], query);
      const expected = await isql(postgres.url);
      expect(expected.stdout).toBe('1|x|2.5\n');
      const actual = await isql(server.url);
      expect({ code: actual.code, stdout: actual.stdout, stderr: actual.stderr }).toEqual({ code: expected.code, stdout: expected.stdout, stderr: expected.stderr });
    },
    TIMEOUT,
  );
});
