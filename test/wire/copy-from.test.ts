/**
 * COPY … FROM STDIN over real connections with node-postgres and pg-copy-streams: text, CSV
 * and binary input, options and legacy spellings, rows split across CopyData messages,
 * column defaults, transactions, and bad input (CopyFail, a bad literal, a wrong field count,
 * a constraint violation mid-stream), each leaving nothing behind and the connection usable.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { useJammi } from '../helpers/jammi.js';

const jammi = useJammi({ client: true });

/** Run a COPY FROM STDIN fed with `chunks` as separate CopyData messages; returns the rows copied. */
async function copyIn(sql: string, chunks: (string | Buffer)[], client: pg.Client = jammi.client): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(
    Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))),
    stream,
  );
  return stream.rowCount ?? -1;
}

const rows = async (sql: string) => (await jammi.client.query({ text: sql, rowMode: 'array' })).rows;
const alive = async () => expect((await jammi.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

describe('COPY FROM STDIN, text format', () => {
  it('loads rows with NULLs and escapes, and answers COPY n', async () => {
    await jammi.client.query('CREATE TABLE t1 (id int, name text, score float8)');
    const n = await copyIn('COPY t1 FROM STDIN', ['1\tplain\t1.5\n', '2\t\\N\t\\N\n3\ttab\\there\\nnew\\\\back\t-2\n4\t\\101\\x42\\103\t0\n']);
    expect(n).toBe(4);
    expect(await rows('SELECT id, name, score FROM t1 ORDER BY id')).toEqual([
      [1, 'plain', 1.5],
      [2, null, null],
      [3, 'tab\there\nnew\\back', -2],
      [4, 'ABC', 0],
    ]);
  });

  it('reads rows split anywhere across CopyData messages', async () => {
    await jammi.client.query('CREATE TABLE t2 (id int, name text)');
    const text = Array.from({ length: 50 }, (_, i) => `${i}\tname ${i} é\\\\x\n`).join('');
    const bytes = Buffer.from(text, 'utf8');
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
    expect(await copyIn('COPY t2 (id, name) FROM STDIN', pieces)).toBe(50);
    expect(await rows('SELECT count(*), min(name), max(id) FROM t2')).toEqual([['50', 'name 0 é\\x', 49]]);
  });

  it('fills columns left out with their defaults (sequences, now())', async () => {
    await jammi.client.query('CREATE SEQUENCE t3_seq');
    await jammi.client.query("CREATE TABLE t3 (id bigint DEFAULT nextval('t3_seq'), name text, at timestamptz DEFAULT now())");
    expect(await copyIn('COPY t3 (name) FROM STDIN', ['a\nb\nc\n'])).toBe(3);
    expect(await rows('SELECT id, name, at IS NOT NULL FROM t3 ORDER BY id')).toEqual([
      ['1', 'a', true],
      ['2', 'b', true],
      ['3', 'c', true],
    ]);
  });

  it('stops at the end marker and reads CRLF line ends, custom delimiters and NULL text', async () => {
    await jammi.client.query('CREATE TABLE t4 (a int, b text)');
    expect(await copyIn('COPY t4 FROM stdin', ['1\tx\n2\ty\n\\.\n3\tignored\n'])).toBe(2);
    expect(await copyIn("COPY t4 FROM STDIN WITH (DELIMITER '|', NULL 'nil')", ['5|a\\|b\r\n', '6|nil\r\n'])).toBe(2);
    expect(await rows('SELECT a, b FROM t4 ORDER BY a')).toEqual([
      [1, 'x'],
      [2, 'y'],
      [5, 'a|b'],
      [6, null],
    ]);
  });

  it('loads many batches (several MB) as one transaction', async () => {
    await jammi.client.query('CREATE TABLE t5 (id bigint, name text, score float8, ts timestamptz)');
    const chunks: string[] = [];
    for (let b = 0; b < 40; b++) {
      let s = '';
      for (let i = b * 5000; i < (b + 1) * 5000; i++) s += `${i}\tname_${i}\t${i / 4}\t2026-11-22 10:${String(i % 60).padStart(2, '0')}:00+00\n`;
      chunks.push(s);
    }
    expect(await copyIn('COPY t5 FROM STDIN', chunks)).toBe(200000);
    expect(await rows("SELECT count(*), sum(id), max(score), min(ts)::text FROM t5")).toEqual([['200000', '19999900000', 49999.75, '2026-11-22 10:00:00+00']]);
  });
});

describe('COPY FROM STDIN, CSV format', () => {
  it('reads quotes, embedded line ends, a header and the legacy WITH CSV HEADER spelling', async () => {
    await jammi.client.query('CREATE TABLE c1 (id int, name text, note text)');
    const csv = 'id,name,note\n1,"a, b","say ""hi"""\n2,"two\nlines",\n3,"",plain\n';
    expect(await copyIn('COPY c1 FROM STDIN WITH CSV HEADER', [csv.slice(0, 20), csv.slice(20)])).toBe(3);
    expect(await rows('SELECT id, name, note FROM c1 ORDER BY id')).toEqual([
      [1, 'a, b', 'say "hi"'],
      [2, 'two\nlines', null],
      [3, '', 'plain'],
    ]);
  });

  it('takes DELIMITER, NULL, QUOTE, ESCAPE, FORCE_NULL and FORCE_NOT_NULL', async () => {
    await jammi.client.query('CREATE TABLE c2 (a int, b text, c text)');
    const sql = "COPY c2 FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL 'NA', QUOTE '''', ESCAPE '\\', FORCE_NULL (b), FORCE_NOT_NULL (c))";
    expect(await copyIn(sql, ["1;'it\\'s';NA\n", "2;'NA';'x;y'\n", '3;NA;\n'])).toBe(3);
    expect(await rows('SELECT a, b, c FROM c2 ORDER BY a')).toEqual([
      [1, "it's", 'NA'],
      [2, null, 'x;y'],
      [3, null, ''],
    ]);
  });

  it('checks HEADER MATCH against the column names', async () => {
    await jammi.client.query('CREATE TABLE c3 (a int, b text)');
    expect(await copyIn('COPY c3 FROM STDIN (FORMAT csv, HEADER match)', ['a,b\n1,x\n'])).toBe(1);
    await expect(copyIn('COPY c3 FROM STDIN (FORMAT csv, HEADER match)', ['a,c\n1,x\n'])).rejects.toMatchObject({
      code: '22P04',
      message: 'column name mismatch in header line field 2: got "c", expected "b"',
    });
    await alive();
  });
});

describe('COPY FROM STDIN, binary format', () => {
  it('decodes PGCOPY rows per column type', async () => {
    await jammi.client.query('CREATE TABLE b1 (id int4, name text, score float8, ok bool, big int8)');
    const field = (b: Buffer | null) => {
      const len = Buffer.alloc(4);
      len.writeInt32BE(b ? b.length : -1);
      return b ? Buffer.concat([len, b]) : len;
    };
    const int4 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b;
    };
    const float8 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(n);
      return b;
    };
    const int8 = (n: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(n);
      return b;
    };
    const row = (cells: (Buffer | null)[]) => Buffer.concat([Buffer.from([0, cells.length]), ...cells.map(field)]);
    const data = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.alloc(8),
      row([int4(1), Buffer.from('one\ttab'), float8(0.5), Buffer.from([1]), int8(9007199254740993n)]),
      row([int4(2), null, null, Buffer.from([0]), null]),
      Buffer.from([0xff, 0xff]),
    ]);
    expect(await copyIn('COPY b1 FROM STDIN (FORMAT binary)', [data.subarray(0, 13), data.subarray(13, 40), data.subarray(40)])).toBe(2);
    expect(await rows('SELECT id, name, score, ok, big::text FROM b1 ORDER BY id')).toEqual([
      [1, 'one\ttab', 0.5, true, '9007199254740993'],
      [2, null, null, false, null],
    ]);
    await expect(copyIn('COPY b1 FROM STDIN (FORMAT binary)', [Buffer.from('not a copy file')])).rejects.toMatchObject({ code: '22P04', message: 'COPY file signature not recognized' });
    await alive();
  });
});

describe('COPY FROM STDIN, bad input', () => {
  it('CopyFail cancels the COPY with 57014 and keeps nothing', async () => {
    await jammi.client.query('CREATE TABLE e1 (id int)');
    const stream = jammi.client.query(copyFrom('COPY e1 FROM STDIN'));
    stream.write('1\n2\n');
    const failed = new Promise((resolve) => stream.on('error', resolve));
    stream.destroy(new Error('client gave up'));
    expect(await failed).toMatchObject({ code: '57014', message: 'COPY from stdin failed: client gave up' });
    expect(await rows('SELECT count(*) FROM e1')).toEqual([['0']]);
  });

  it('a bad literal names its line and column (22P02) and keeps nothing', async () => {
    await jammi.client.query('CREATE TABLE e2 (id int, name text)');
    await expect(copyIn('COPY e2 FROM STDIN', ['1\ta\n2\tb\n', 'x3\tc\n4\td\n'])).rejects.toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "x3"',
      where: 'COPY e2, line 3, column id: "x3"',
    });
    expect(await rows('SELECT count(*) FROM e2')).toEqual([['0']]);
    await alive();
  });

  it('a bad literal in a later batch of a large stream is found too', async () => {
    await jammi.client.query('CREATE TABLE e3 (id int, name text)');
    let big = '';
    for (let i = 1; i <= 300000; i++) big += i === 250001 ? `${i}\tbad\textra\n` : `${i}\tname_${i}\n`;
    await expect(copyIn('COPY e3 FROM STDIN', [big])).rejects.toMatchObject({ code: '22P04', message: 'extra data after last expected column', where: 'COPY e3, line 250001: "250001\tbad\textra"' });
    let ts = '';
    for (let i = 1; i <= 300000; i++) ts += i === 280000 ? `oops\tx\n` : `${i}\tname_${i}\n`;
    await expect(copyIn('COPY e3 FROM STDIN', [ts])).rejects.toMatchObject({ code: '22P02', where: 'COPY e3, line 280000, column id: "oops"' });
    expect(await rows('SELECT count(*) FROM e3')).toEqual([['0']]);
    await alive();
  });

  it('a value DuckDB refuses in a plain-looking column is reported as Postgres reports it', async () => {
    await jammi.client.query('CREATE TABLE e7 (id bigint, at timestamptz)');
    let data = '';
    for (let i = 1; i <= 200000; i++) data += `${i}\t${i === 190000 ? '2024-02-30 10:00:00' : '2024-02-28 10:00:00+00'}\n`;
    await expect(copyIn('COPY e7 FROM STDIN', [data])).rejects.toMatchObject({
      code: '22008',
      message: 'date/time field value out of range: "2024-02-30 10:00:00"',
      where: 'COPY e7, line 190000, column at: "2024-02-30 10:00:00"',
    });
    expect(await rows('SELECT count(*) FROM e7')).toEqual([['0']]);
  });

  it('a wrong field count is 22P04 with the line', async () => {
    await jammi.client.query('CREATE TABLE e4 (a int, b text, c text)');
    await expect(copyIn('COPY e4 FROM STDIN', ['1\tx\ty\n2\tz\n'])).rejects.toMatchObject({ code: '22P04', message: 'missing data for column "c"', where: 'COPY e4, line 2: "2\tz"' });
    await expect(copyIn('COPY e4 FROM STDIN (FORMAT csv)', ['1,x,y,w\n'])).rejects.toMatchObject({ code: '22P04', message: 'extra data after last expected column' });
    await alive();
  });

  it('a constraint violation mid-stream keeps nothing (23505, 23502)', async () => {
    await jammi.client.query('CREATE TABLE e5 (id int PRIMARY KEY, name text NOT NULL)');
    let data = '';
    for (let i = 1; i <= 200000; i++) data += `${i === 150000 ? 7 : i}\tn${i}\n`;
    await expect(copyIn('COPY e5 FROM STDIN', [data])).rejects.toMatchObject({ code: '23505' });
    await expect(copyIn('COPY e5 FROM STDIN', ['1\ta\n2\t\\N\n'])).rejects.toMatchObject({ code: '23502', where: 'COPY e5, line 2' });
    expect(await rows('SELECT count(*) FROM e5')).toEqual([['0']]);
    await alive();
  });

  it("constraint errors are Postgres's (named constraint, varchar length)", async () => {
    await jammi.client.query('CREATE TABLE e8 (id int PRIMARY KEY, v varchar(3))');
    await expect(copyIn('COPY e8 FROM STDIN', ['1\tab\n1\tcd\n'])).rejects.toMatchObject({
      code: '23505',
      message: 'duplicate key value violates unique constraint "e8_pkey"',
      detail: 'Key (id)=(1) already exists.',
      where: 'COPY e8',
    });
    await expect(copyIn('COPY e8 FROM STDIN', ['2\tabcd\n'])).rejects.toMatchObject({ code: '22001', message: 'value too long for type character varying(3)' });
    await alive();
  });

  it('invalid UTF-8 is 22021', async () => {
    await jammi.client.query('CREATE TABLE e6 (a text)');
    await expect(copyIn('COPY e6 FROM STDIN', ['ok\n', Buffer.from([0x61, 0xff, 0x0a])])).rejects.toMatchObject({ code: '22021' });
    await expect(copyIn('COPY e6 FROM STDIN', ['\\xff\n'])).rejects.toMatchObject({ code: '22021' });
    await alive();
  });
});

describe('COPY and generated columns', () => {
  it('leaves generated columns out, as Postgres does, and refuses naming one (42P10)', async () => {
    await jammi.client.query('CREATE TABLE gc (a int, b int GENERATED ALWAYS AS (a * 2) STORED)');
    expect(await copyIn('COPY gc FROM STDIN', ['5\n'])).toBe(1);
    expect(await rows('SELECT a, b FROM gc')).toEqual([[5, 10]]);
    await expect(copyIn('COPY gc (a, b) FROM STDIN', ['5\t6\n'])).rejects.toMatchObject({ code: '42P10', message: 'column "b" is a generated column' });
    await alive();
  });
});

describe('COPY FROM STDIN in transactions', () => {
  it('is part of an open transaction block: rolled back with it, aborting it on error', async () => {
    await jammi.client.query('CREATE TABLE x1 (id int)');
    await jammi.client.query('BEGIN');
    expect(await copyIn('COPY x1 FROM STDIN', ['1\n2\n'])).toBe(2);
    expect(await rows('SELECT count(*) FROM x1')).toEqual([['2']]);
    await jammi.client.query('ROLLBACK');
    expect(await rows('SELECT count(*) FROM x1')).toEqual([['0']]);
    await jammi.client.query('BEGIN');
    await jammi.client.query('INSERT INTO x1 VALUES (10)');
    await expect(copyIn('COPY x1 FROM STDIN', ['1\nnope\n'])).rejects.toMatchObject({ code: '22P02' });
    await expect(jammi.client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await jammi.client.query('ROLLBACK');
    await jammi.client.query('BEGIN');
    expect(await copyIn('COPY x1 FROM STDIN', ['3\n'])).toBe(1);
    await jammi.client.query('COMMIT');
    expect(await rows('SELECT id FROM x1')).toEqual([[3]]);
  });
});

describe('COPY refusals', () => {
  it('refuses sources, system tables, server files and unknown names with their SQLSTATEs', async () => {
    await jammi.client.query('CREATE TABLE r1 (a int, b text)');
    await expect(copyIn('COPY cities.cities FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42809' });
    await expect(copyIn('COPY _jammi_sources FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42501' });
    await expect(jammi.client.query("COPY r1 FROM '/etc/passwd'")).rejects.toMatchObject({ code: '42501' });
    await expect(jammi.client.query("COPY r1 TO '/tmp/x'")).rejects.toMatchObject({ code: '42501' });
    await expect(copyIn('COPY nope FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42P01' });
    await jammi.client.query('CREATE VIEW r1v AS SELECT a FROM r1');
    await expect(copyIn('COPY r1v FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42809', message: 'cannot copy to view "r1v"' });
    await expect(copyIn('COPY r1 (a, zz) FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42703', message: 'column "zz" of relation "r1" does not exist' });
    await expect(copyIn('COPY r1 (a, a) FROM STDIN', ['1\n'])).rejects.toMatchObject({ code: '42701' });
    await expect(copyIn('COPY r1 FROM STDIN (FORMAT xml)', ['1\n'])).rejects.toMatchObject({ code: '22023', message: 'COPY format "xml" not recognized' });
    await expect(copyIn("COPY r1 FROM STDIN (DELIMITER 'ab')", ['1\n'])).rejects.toMatchObject({ code: '0A000' });
    await expect(copyIn('COPY r1 FROM STDIN (FORMAT binary, HEADER)', ['1\n'])).rejects.toMatchObject({ code: '0A000' });
    await expect(copyIn('COPY r1 FROM STDIN (FORMAT csv, FORCE_NULL (zz))', ['1\n'])).rejects.toMatchObject({ code: '42703' });
    await alive();
  });
});
