/**
 * Protocol features drivers use beyond plain queries: SQL cursors (DECLARE / FETCH / MOVE /
 * CLOSE), binary array parameters, SQL-level DEALLOCATE of a protocol prepared statement, the
 * table OID and attnum RowDescription carries for table columns, SET SESSION CHARACTERISTICS
 * and pg_settings. Where behaviour is Postgres's, the same statements also run on the real
 * PostgreSQL 15 (JAMMI_TEST_PG_URL) and must answer the same.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { i32 } from '../helpers/bytes.js';
import { realPostgresUrl, useJammi } from '../helpers/jammi.js';
import { commandTag, errorFields, fe, RawClient, rowDescription, textRow, types } from '../helpers/raw-client.js';

const jammi = useJammi({ client: true });
const pgUrl = realPostgresUrl();

/** What one statement answered, in a form two servers can be compared by. */
type Outcome = { command: string; rowCount: number | null; fields: [string, number][]; rows: unknown[][] } | { error: string };

async function run(c: pg.Client, sql: string, values?: unknown[]): Promise<Outcome> {
  try {
    const r = await c.query({ text: sql, values, rowMode: 'array' });
    return { command: r.command, rowCount: r.rowCount, fields: r.fields.map((f) => [f.name, f.dataTypeID]), rows: r.rows };
  } catch (e) {
    return { error: (e as { code: string }).code };
  }
}

/** Run statements in order on one connection; their outcomes. */
async function script(c: pg.Client, steps: (string | [string, unknown[]])[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const s of steps) out.push(typeof s === 'string' ? await run(c, s) : await run(c, s[0], s[1]));
  return out;
}

/** Cursor statements whose answers are Postgres's exactly. */
const cursorScript: (string | [string, unknown[]])[] = [
  'DECLARE c_out CURSOR FOR SELECT 1',
  'BEGIN',
  'DECLARE c1 CURSOR FOR SELECT g, g * 2 AS d FROM generate_series(1, 10) AS g',
  'FETCH 3 FROM c1',
  'FETCH c1',
  'MOVE FORWARD 2 IN c1',
  'FETCH RELATIVE 2 FROM c1',
  'FETCH ABSOLUTE 10 FROM c1',
  'FETCH ALL FROM c1',
  'FETCH NEXT FROM c1',
  'CLOSE c1',
  'FETCH c1',
  'ROLLBACK',
  'BEGIN',
  'DECLARE c2 NO SCROLL CURSOR FOR SELECT * FROM (VALUES (1, \'a\'), (2, \'b\')) AS v(n, s)',
  'FETCH FORWARD ALL FROM c2',
  'DECLARE c3 CURSOR FOR SELECT 1 AS one',
  'CLOSE ALL',
  'FETCH c3',
  'ROLLBACK',
  // A held cursor outlives its transaction; one declared in a transaction rolled back does not.
  'BEGIN',
  'DECLARE h1 CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 5) AS g',
  'FETCH 2 FROM h1',
  'COMMIT',
  'FETCH ALL FROM h1',
  'CLOSE h1',
  'BEGIN',
  'DECLARE h2 CURSOR WITH HOLD FOR SELECT 1',
  'ROLLBACK',
  'FETCH h2',
  'DECLARE h3 CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 3) AS g',
  'FETCH 1 FROM h3',
  'FETCH 1 FROM h3',
  'CLOSE h3',
  'CLOSE nope',
  // Parameters (the extended protocol): the cursor's query is bound like any statement.
  'BEGIN',
  ['DECLARE p1 CURSOR FOR SELECT g FROM generate_series(1, $1::int) AS g', [4]],
  ['FETCH 3 FROM p1', []],
  'FETCH ALL FROM p1',
  'COMMIT',
  'BEGIN',
  'DECLARE d1 CURSOR FOR SELECT 1',
  'DECLARE d1 CURSOR FOR SELECT 2',
  'ROLLBACK',
];

describe('SQL cursors', () => {
  it('DECLARE / FETCH / MOVE / CLOSE answer rows and tags', async () => {
    const out = await script(jammi.client, cursorScript);
    expect(out[0]).toEqual({ error: '25P01' });
    expect(out[3]).toEqual({ command: 'FETCH', rowCount: 3, fields: [['g', 23], ['d', 23]], rows: [[1, 2], [2, 4], [3, 6]] });
    expect(out[4]).toMatchObject({ rows: [[4, 8]] });
    expect(out[5]).toMatchObject({ command: 'MOVE', rowCount: 2, fields: [] });
    expect(out[6]).toMatchObject({ rows: [[8, 16]] });
    expect(out[7]).toMatchObject({ rows: [[10, 20]] });
    expect(out[8]).toEqual({ command: 'FETCH', rowCount: 0, fields: [['g', 23], ['d', 23]], rows: [] });
    expect(out[11]).toEqual({ error: '34000' });
    expect(out[15]).toMatchObject({ rows: [[1, 'a'], [2, 'b']] });
    expect(out[18]).toEqual({ error: '34000' });
    expect(out[24]).toMatchObject({ rows: [[3], [4], [5]] });
    expect(out[29]).toEqual({ error: '34000' });
    expect(out[32]).toMatchObject({ rows: [[2]] });
    expect(out[34]).toEqual({ error: '34000' });
    expect(out[38]).toMatchObject({ rows: [[4]] });
    expect(out[42]).toEqual({ error: '42P03' });
  });

  it.skipIf(!pgUrl)('answers as PostgreSQL does', async () => {
    const real = new pg.Client({ connectionString: pgUrl! });
    await real.connect();
    try {
      expect(await script(jammi.client, cursorScript)).toEqual(await script(real, cursorScript));
    } finally {
      await real.end();
    }
  });

  it('reads forward only: a backward FETCH is 55000, SCROLL is 0A000, and the transaction goes on after ROLLBACK', async () => {
    const out = await script(jammi.client, [
      'BEGIN',
      'DECLARE b1 CURSOR FOR SELECT 1',
      'FETCH PRIOR FROM b1',
      'ROLLBACK',
      'BEGIN',
      'DECLARE b2 CURSOR FOR SELECT g FROM generate_series(1, 3) AS g',
      'FETCH 2 FROM b2',
      'FETCH ABSOLUTE 1 FROM b2',
      'ROLLBACK',
      'BEGIN',
      'DECLARE b3 SCROLL CURSOR FOR SELECT 1',
      'ROLLBACK',
    ]);
    expect(out[2]).toEqual({ error: '55000' });
    expect(out[7]).toEqual({ error: '55000' });
    expect(out[10]).toEqual({ error: '0A000' });
  });

  it('a FETCH through the extended protocol is described by its cursor and honours Execute row limits', async () => {
    const raw = await RawClient.connect(jammi.server.port);
    try {
      raw.send(fe.query('BEGIN; DECLARE x CURSOR FOR SELECT g FROM generate_series(1, 5) AS g'));
      await raw.readUntil('Z');
      raw.send(fe.parse('', 'FETCH 4 FROM x'), fe.bind('', ''), fe.describe('P', ''), fe.execute('', 3), fe.execute('', 0), fe.sync());
      const f = await raw.readUntil('Z');
      expect(types(f)).toBe('1 2 T D D D s D C Z');
      expect(rowDescription(f[2].body).map((d) => d.name)).toEqual(['g']);
      expect(f.filter((x) => x.type === 'D').map((x) => textRow(x.body))).toEqual([['1'], ['2'], ['3'], ['4']]);
      // The tag counts the whole FETCH, as Postgres's (it runs a FETCH portal once, then hands out its rows).
      expect(commandTag(f[8].body)).toBe('FETCH 4');
      raw.send(fe.query('FETCH not_a_cursor'), fe.query('ROLLBACK'));
      const e = await raw.readUntil('Z');
      expect(errorFields(e.find((x) => x.type === 'E')!.body).C).toBe('34000');
    } finally {
      raw.close();
    }
  });
});

/** array_send's image: one dimension (lower bound 1), elements NULL where null. */
const binaryArray = (elementOid: number, elements: (Buffer | null)[]) =>
  Buffer.concat([i32(1), i32(elements.some((e) => e === null) ? 1 : 0), i32(elementOid), i32(elements.length), i32(1), ...elements.flatMap((e) => (e === null ? [i32(-1)] : [i32(e.length), e]))]);

describe('binary array parameters', () => {
  it('int4[] and text[] in binary format bind as arrays', async () => {
    const raw = await RawClient.connect(jammi.server.port);
    try {
      raw.send(
        fe.parse('', 'SELECT $1::int4[], $2::text[], cardinality($1::int4[])', [1007, 1009]),
        fe.bind('', '', [binaryArray(23, [i32(1), null, i32(-3)]), binaryArray(25, [Buffer.from("it's"), Buffer.from('b c')])], [1, 1]),
        fe.execute(''),
        fe.sync(),
      );
      const f = await raw.readUntil('Z');
      expect(types(f)).toBe('1 2 D C Z');
      expect(textRow(f[2].body)).toEqual(['{1,NULL,-3}', `{it's,"b c"}`, '3']);
    } finally {
      raw.close();
    }
  });

  it('an array whose elements are of another type is 42804', async () => {
    const raw = await RawClient.connect(jammi.server.port);
    try {
      raw.send(fe.parse('', 'SELECT $1::int4[]', [1007]), fe.bind('', '', [binaryArray(25, [Buffer.from('x')])], [1]), fe.execute(''), fe.sync());
      const f = await raw.readUntil('Z');
      expect(errorFields(f.find((x) => x.type === 'E')!.body).C).toBe('42804');
    } finally {
      raw.close();
    }
  });
});

describe('DEALLOCATE', () => {
  it('drops the protocol-level prepared statement of that name, so it can be parsed again', async () => {
    const raw = await RawClient.connect(jammi.server.port);
    try {
      raw.send(fe.parse('s1', 'SELECT 1'), fe.parse('S_2', 'SELECT 2'), fe.sync());
      expect(types(await raw.readUntil('Z'))).toBe('1 1 Z');
      raw.send(fe.query('DEALLOCATE s1'), fe.query('DEALLOCATE "S_2"'));
      const tags = (await raw.readUntil('Z')).concat(await raw.readUntil('Z')).filter((x) => x.type === 'C');
      expect(tags.map((x) => commandTag(x.body))).toEqual(['DEALLOCATE', 'DEALLOCATE']);
      raw.send(fe.parse('s1', 'SELECT 3'), fe.bind('', 's1'), fe.execute(''), fe.sync());
      const f = await raw.readUntil('Z');
      expect(types(f)).toBe('1 2 D C Z');
      expect(textRow(f[2].body)).toEqual(['3']);
      raw.send(fe.query('DEALLOCATE ALL'));
      await raw.readUntil('Z');
      raw.send(fe.bind('', 's1'), fe.sync());
      expect(errorFields((await raw.readUntil('Z')).find((x) => x.type === 'E')!.body).C).toBe('26000');
      raw.send(fe.query('DEALLOCATE nope'));
      expect(errorFields((await raw.readUntil('Z')).find((x) => x.type === 'E')!.body).C).toBe('26000');
    } finally {
      raw.close();
    }
  });
});

describe('RowDescription names the table column a result column is', () => {
  /** Each field's [name, table OID is the table's, attnum] for a query on one server. */
  async function origins(c: pg.Client): Promise<[string, boolean, number][]> {
    await c.query('DROP TABLE IF EXISTS jammi_rd_origin');
    await c.query('CREATE TABLE jammi_rd_origin (id int PRIMARY KEY, name varchar(20), note text)');
    const oid = Number((await c.query("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'jammi_rd_origin'")).rows[0].oid);
    const out: [string, boolean, number][] = [];
    for (const sql of [
      'SELECT note, id, id + 1 AS next, name::text AS t FROM jammi_rd_origin',
      'SELECT * FROM jammi_rd_origin r',
      'SELECT * FROM (SELECT name, id FROM jammi_rd_origin) s',
      'SELECT id FROM jammi_rd_origin UNION SELECT 1',
    ]) {
      for (const f of (await c.query(sql)).fields) out.push([f.name, f.tableID === oid, f.columnID]);
    }
    for (const f of (await c.query('INSERT INTO jammi_rd_origin (id) VALUES (1) RETURNING id, name')).fields) out.push([f.name, f.tableID === oid, f.columnID]);
    await c.query('DROP TABLE jammi_rd_origin');
    return out;
  }

  it('a writable table column carries the OID pg_class shows and its attnum; a computed one 0', async () => {
    expect(await origins(jammi.client)).toEqual([
      ['note', true, 3],
      ['id', true, 1],
      ['next', false, 0],
      ['t', false, 0],
      ['id', true, 1],
      ['name', true, 2],
      ['note', true, 3],
      ['name', true, 2],
      ['id', true, 1],
      ['id', false, 0],
      ['id', true, 1],
      ['name', true, 2],
    ]);
  });

  it('a catalog table column carries the catalog table OID', async () => {
    const r = await jammi.client.query('SELECT oid, relname FROM pg_catalog.pg_class LIMIT 1');
    expect(r.fields.map((f) => [f.tableID, f.columnID])).toEqual([
      [1259, 1],
      [1259, 2],
    ]);
  });

  it.skipIf(!pgUrl)('answers as PostgreSQL does', async () => {
    const real = new pg.Client({ connectionString: pgUrl! });
    await real.connect();
    try {
      expect(await origins(jammi.client)).toEqual(await origins(real));
    } finally {
      await real.end();
    }
  });
});

describe('transaction characteristics and pg_settings', () => {
  let c: pg.Client;
  let real: pg.Client | null = null;
  beforeAll(async () => {
    c = await jammi.connect();
    if (pgUrl) {
      real = new pg.Client({ connectionString: pgUrl });
      await real.connect();
    }
  });
  afterAll(async () => {
    await c.end();
    await real?.end();
  });

  const steps = [
    'SHOW transaction_isolation',
    'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE',
    'SHOW transaction_isolation',
    'SHOW default_transaction_isolation',
    'BEGIN ISOLATION LEVEL REPEATABLE READ',
    'SHOW transaction_isolation',
    'COMMIT',
    'BEGIN',
    'SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY',
    'SHOW transaction_isolation',
    'SHOW transaction_read_only',
    'COMMIT',
    'SHOW transaction_isolation',
    'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED',
    "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'max_index_keys'",
    "SET extra_float_digits = 2",
    "SELECT name, setting, source FROM pg_settings WHERE name IN ('extra_float_digits', 'DateStyle') ORDER BY name",
  ];

  it('SET SESSION CHARACTERISTICS sets the default a transaction starts with; pg_settings shows the session values', async () => {
    const out = await script(c, steps);
    expect(out[2]).toMatchObject({ rows: [['serializable']] });
    expect(out[5]).toMatchObject({ rows: [['repeatable read']] });
    expect(out[9]).toMatchObject({ rows: [['read committed']] });
    expect(out[10]).toMatchObject({ rows: [['on']] });
    expect(out[12]).toMatchObject({ rows: [['serializable']] });
    expect(out[14]).toMatchObject({ rows: [['32']] });
    expect(out[16]).toMatchObject({ rows: [['DateStyle', 'ISO, MDY', 'default'], ['extra_float_digits', '2', 'session']] });
  });

  it.skipIf(!pgUrl)('answers as PostgreSQL does', async () => {
    // The last step is compared by value only: Postgres's DateStyle source is the client's startup packet.
    expect((await script(c, steps)).slice(0, -1)).toEqual((await script(real!, steps)).slice(0, -1));
  });
});

describe('information_schema._pg_expandarray in a select list (pgJDBC getPrimaryKeys)', () => {
  const sql = `SELECT r.k, (r.keys).x, (r.keys).n FROM (SELECT (information_schema._pg_expandarray(ARRAY[30, 10, 20])).n AS k,
    information_schema._pg_expandarray(ARRAY[30, 10, 20]) AS keys) r ORDER BY r.k`;

  it('expands the array into (x, n) rows in lockstep', async () => {
    expect((await jammi.client.query({ text: sql, rowMode: 'array' })).rows).toEqual([
      [1, 30, 1],
      [2, 10, 2],
      [3, 20, 3],
    ]);
  });

  it.skipIf(!pgUrl)('answers as PostgreSQL does', async () => {
    const real = new pg.Client({ connectionString: pgUrl! });
    await real.connect();
    try {
      expect((await jammi.client.query({ text: sql, rowMode: 'array' })).rows).toEqual((await real.query({ text: sql, rowMode: 'array' })).rows);
    } finally {
      await real.end();
    }
  });
});
