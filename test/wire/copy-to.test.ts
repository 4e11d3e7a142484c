/**
 * COPY … TO STDOUT with node-postgres and pg-copy-streams, psql's \copy both ways, and a
 * differential against the real PostgreSQL: the same table contents copied out in text and
 * CSV must be byte-identical, and Postgres's own text, CSV and binary output loaded into
 * jammi with COPY FROM must copy out identically again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPostgresUrl, useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

async function copyOut(client: pg.Client, sql: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(
    client.query(copyTo(sql)),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        parts.push(chunk);
        cb();
      },
    }),
  );
  return Buffer.concat(parts);
}

async function copyIn(client: pg.Client, sql: string, data: Buffer): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from([data]), stream);
  return stream.rowCount ?? -1;
}

describe('COPY TO STDOUT', () => {
  beforeAll(async () => {
    await jammi.client.query('CREATE TABLE o1 (id int, name text, score float8)');
    await jammi.client.query(`INSERT INTO o1 VALUES (1, 'a,b', 1.5), (2, NULL, NULL), (3, E'x"y\\nz', -0.25)`);
  });

  it('writes text, CSV with a header, FORCE_QUOTE and other delimiters/NULL texts', async () => {
    expect((await copyOut(jammi.client, 'COPY o1 TO STDOUT')).toString()).toBe('1\ta,b\t1.5\n2\t\\N\t\\N\n3\tx"y\\nz\t-0.25\n');
    expect((await copyOut(jammi.client, 'COPY o1 (name, id) TO STDOUT WITH CSV HEADER')).toString()).toBe('name,id\n"a,b",1\n,2\n"x""y\nz",3\n');
    expect((await copyOut(jammi.client, "COPY o1 TO STDOUT (FORMAT csv, FORCE_QUOTE (id), NULL 'n/a', DELIMITER ';')")).toString()).toBe('"1";a,b;1.5\n"2";n/a;n/a\n"3";"x""y\nz";-0.25\n');
    expect((await copyOut(jammi.client, "COPY o1 TO STDOUT (DELIMITER '|', HEADER)")).toString()).toBe('id|name|score\n1|a,b|1.5\n2|\\N|\\N\n3|x"y\\nz|-0.25\n');
  });

  it('copies a query, a source table, and binary', async () => {
    expect((await copyOut(jammi.client, 'COPY (SELECT id * 10 AS x FROM o1 WHERE id < 3 ORDER BY id) TO STDOUT')).toString()).toBe('10\n20\n');
    expect((await copyOut(jammi.client, 'COPY cities.cities TO STDOUT (FORMAT csv, HEADER)')).toString().split('\n')[0]).toMatch(/,/);
    const bin = await copyOut(jammi.client, 'COPY (SELECT 7::int4 AS a, NULL::text AS b) TO STDOUT (FORMAT binary)');
    expect(bin.toString('latin1', 0, 11)).toBe('PGCOPY\n\xff\r\n\0');
    // header (19 bytes), one row: 2 fields, int4 7, NULL; then the -1 trailer
    expect(bin.subarray(19).toString('hex')).toBe('0002' + '00000004' + '00000007' + 'ffffffff' + 'ffff');
  });

  it('leaves generated columns out of COPY t TO', async () => {
    await jammi.client.query('CREATE TABLE go (a int, b int GENERATED ALWAYS AS (a + 1) STORED)');
    await jammi.client.query('INSERT INTO go (a) VALUES (1)');
    expect((await copyOut(jammi.client, 'COPY go TO STDOUT')).toString()).toBe('1\n');
  });

  it('refuses what Postgres refuses', async () => {
    await expect(copyOut(jammi.client, 'COPY nope TO STDOUT')).rejects.toMatchObject({ code: '42P01' });
    await expect(copyOut(jammi.client, 'COPY o1 TO STDOUT (FORMAT csv, HEADER match)')).rejects.toMatchObject({ code: '0A000' });
    await expect(copyOut(jammi.client, 'COPY o1 TO STDOUT (FORCE_NOT_NULL (id))')).rejects.toMatchObject({ code: '0A000' });
    await expect(copyOut(jammi.client, 'COPY o1 TO STDOUT (FORMAT csv, FORCE_QUOTE (zz))')).rejects.toMatchObject({ code: '42P10' });
    expect((await jammi.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

describe("psql's \\copy", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jammi-copy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Asynchronous: the server runs in this process and must keep answering while psql waits.
  const psql = async (...args: string[]) => (await promisify(execFile)('psql', [jammi.server.url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8' })).stdout;

  it('loads a CSV file and writes a query out to a file', async () => {
    await jammi.client.query('CREATE TABLE ps1 (id int, city text, pop int)');
    const csv = path.join(dir, 'in.csv');
    writeFileSync(csv, 'id,city,pop\n1,"Rome, IT",2873000\n2,Oslo,\n');
    await psql('-c', `\\copy ps1 from '${csv}' csv header`);
    const out = path.join(dir, 'out.txt');
    await psql('-c', `\\copy (select id, city, pop from ps1 order by id) to '${out}'`);
    expect(readFileSync(out, 'utf8')).toBe('1\tRome, IT\t2873000\n2\tOslo\t\\N\n');
    expect((await psql('-At', '-c', 'select count(*) from ps1')).trim()).toBe('2');
  });
});

const pgUrl = realPostgresUrl();

describe.skipIf(!pgUrl)('COPY compared with PostgreSQL', () => {
  let real: pg.Client;
  const ddl = `CREATE TABLE cmp (i2 int2, i4 int4, i8 int8, n numeric(12,3), f4 real, f8 double precision, b bool, t text, v varchar(20), d date, ts timestamp, tz timestamptz, iv interval, u uuid, by bytea, ai int[], at text[])`;
  const rows = [
    `(1, -2, 9007199254740993, 123.450, 0.1, 1e20, true, E'tab\\there\\nnl \\\\ back "q" ,c', 'vé', '2024-02-29', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.123456+02', '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10', '{1,NULL,3}', '{a,"b c",NULL,""}')`,
    `(NULL, NULL, NULL, NULL, 'NaN', '-Infinity', false, '', NULL, '0001-01-01', NULL, NULL, '-1 days', NULL, '', '{}', NULL)`,
    `(0, 0, 0, -0.5, -0.0, 1.5e-10, NULL, E'\\\\N', '', NULL, '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00+00', '00:00:01', NULL, NULL, NULL, '{"\\\\\\\\"}')`,
    `(32767, 2147483647, -9223372036854775808, 0.001, 3.4e38, 2.2250738585072014e-308, true, 'ünïcødé ✓', 'x', '2024-12-31', '2024-06-30 12:00:00', '2024-06-30 12:00:00-07', '-2 years -3 mons', '00000000-0000-0000-0000-000000000000', '\\x5c', '{-1}', '{NULL}')`,
  ];
  const both = async (sql: string) => {
    await jammi.client.query(sql);
    await real.query(sql);
  };

  beforeAll(async () => {
    real = new pg.Client({ connectionString: pgUrl! });
    await real.connect();
    await both("SET TimeZone = 'UTC'");
    await both('DROP TABLE IF EXISTS cmp');
    await both(ddl);
    await both(`INSERT INTO cmp VALUES ${rows.join(', ')}`);
  });
  afterAll(async () => {
    await real?.query('DROP TABLE IF EXISTS cmp');
    await real?.end();
  });

  for (const options of ['', ' (FORMAT csv, HEADER)', " (FORMAT csv, FORCE_QUOTE *, NULL 'NULL')", " (DELIMITER '|', NULL '')"]) {
    it(`COPY TO STDOUT${options} is byte-identical`, async () => {
      const sql = `COPY cmp TO STDOUT${options}`;
      expect((await copyOut(jammi.client, sql)).toString()).toBe((await copyOut(real, sql)).toString());
      const q = `COPY (SELECT i2 + 1 AS x, upper(t) AS t, ts::date AS d FROM cmp ORDER BY i2 NULLS LAST) TO STDOUT${options}`;
      expect((await copyOut(jammi.client, q)).toString()).toBe((await copyOut(real, q)).toString());
    });
  }

  for (const format of ['text', 'csv', 'binary']) {
    it(`Postgres's ${format} output loaded with COPY FROM copies out identically`, async () => {
      // Binary COPY FROM decodes scalar types only (no arrays).
      const cols = format === 'binary' ? 'i2, i4, i8, n, f4, f8, b, t, v, d, ts, tz, iv, u, by' : '*';
      const data = await copyOut(real, `COPY (SELECT ${cols} FROM cmp) TO STDOUT (FORMAT ${format})`);
      await jammi.client.query('DROP TABLE IF EXISTS cmp_in');
      await jammi.client.query(ddl.replace('CREATE TABLE cmp', 'CREATE TABLE cmp_in'));
      const target = format === 'binary' ? `cmp_in (${cols})` : 'cmp_in';
      expect(await copyIn(jammi.client, `COPY ${target} FROM STDIN (FORMAT ${format})`, data)).toBe(rows.length);
      const back = `COPY (SELECT ${cols} FROM cmp_in) TO STDOUT (FORMAT csv)`;
      expect((await copyOut(jammi.client, back)).toString()).toBe((await copyOut(real, back.replace('cmp_in', 'cmp'))).toString());
    });
  }
});
