/**
 * The simple query protocol through node-postgres and a raw client: results over sources,
 * multi-statement queries, empty queries, errors, transactions and settings.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawText, startTestServer, type TestServer } from '../helpers/jammi.js';
import { commandTag, errorFields, parameterStatus, RawClient, textRow, types } from '../helpers/raw-client.js';

let server: TestServer;
let client: pg.Client;

/** node-postgres with every type returned as the wire text. */

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: server.url, types: rawText });
  await c.connect();
  return c;
}

async function pgError(p: Promise<unknown>): Promise<{ code: string; message: string; severity: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; message: string; severity: string };
    return { code: err.code, message: err.message, severity: err.severity };
  }
  throw new Error('expected the query to fail');
}

beforeAll(async () => {
  server = await startTestServer();
  client = await connect();
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('SELECT over sources', () => {
  it('returns a constant row with its column name and type', async () => {
    const r = await client.query('select 1 as a, \'x\'::text as b');
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['a', 23],
      ['b', 25],
    ]);
    expect(r.rows).toEqual([{ a: '1', b: 'x' }]);
    expect(r.command).toBe('SELECT');
    expect(r.rowCount).toBe(1);
  });

  it('reads the cities source', async () => {
    const r = await client.query('select name, country, population from cities.cities order by name');
    expect(r.rows).toEqual([
      { name: 'Amsterdam', country: 'NL', population: '921402' },
      { name: 'Berlin', country: 'DE', population: '3755251' },
      { name: 'Lisbon', country: 'PT', population: '545796' },
      { name: 'Madrid', country: 'ES', population: '3332035' },
      { name: 'Paris', country: 'FR', population: '2102650' },
      { name: 'Rome', country: 'IT', population: '2748109' },
    ]);
  });

  it('reads the trips source with Postgres types', async () => {
    const r = await client.query('select * from trips.trips order by trip_id limit 2');
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['trip_id', 20],
      ['city', 25],
      ['started_at', 1114],
      ['distance_km', 1700],
      ['fare', 1700],
      ['passengers', 23],
    ]);
    expect(r.rows).toEqual([
      { trip_id: '1', city: 'Lisbon', started_at: '2026-01-06 11:59:00', distance_km: '6.02', fare: '53.59', passengers: '4' },
      { trip_id: '2', city: 'Paris', started_at: '2026-01-11 23:58:00', distance_km: '21.92', fare: '6.84', passengers: '4' },
    ]);
    const n = await client.query('select count(*) as n, min(trip_id) as lo, max(trip_id) as hi from trips.trips');
    expect(n.rows).toEqual([{ n: '2000', lo: '1', hi: '2000' }]);
  });

  it('names an unaliased count(*) column "count", as Postgres does', async () => {
    const r = await client.query('select count(*) from cities.cities');
    expect(r.fields.map((f) => f.name)).toEqual(['count']);
    expect(r.rows).toEqual([{ count: '6' }]);
  });

  it('joins two sources, with the S.public.table spelling', async () => {
    const r = await client.query('SELECT * FROM trips.public.trips t JOIN cities.cities c ON c.name = t.city ORDER BY t.trip_id LIMIT 5');
    expect(r.rowCount).toBe(5);
    expect(r.fields.map((f) => f.name)).toEqual(['trip_id', 'city', 'started_at', 'distance_km', 'fare', 'passengers', 'name', 'country', 'population']);
    for (const row of r.rows) expect(row.name).toBe(row.city);
    expect(r.rows[0]).toMatchObject({ trip_id: '1', city: 'Lisbon', country: 'PT', population: '545796' });
    expect(r.rows[1]).toMatchObject({ trip_id: '2', city: 'Paris', country: 'FR', population: '2102650' });
    const agg = await client.query('select c.country, count(*) as n from trips.trips t join cities.cities c on c.name = t.city group by 1 order by 1');
    const total = agg.rows.reduce((s, row) => s + Number(row.n), 0);
    const unmatched = await client.query('select count(*) as n from trips.trips t where t.city not in (select name from cities.cities)');
    expect(total + Number(unmatched.rows[0].n)).toBe(2000);
  });

  it('lists the sources in _jammi_sources', async () => {
    const r = await client.query('SELECT source_id, source_type, format, tables, status FROM _jammi_sources ORDER BY source_id');
    expect(r.rows).toEqual([
      { source_id: 'cities', source_type: 'file', format: 'csv', tables: '{cities}', status: 'active' },
      { source_id: 'trips', source_type: 'file', format: 'parquet', tables: '{trips}', status: 'active' },
    ]);
    const all = await client.query('SELECT * FROM _jammi_sources');
    expect(all.fields.map((f) => f.name)).toEqual(['source_id', 'source_type', 'uri', 'format', 'status', 'tables', 'schema', 'options', 'created_at', 'updated_at', 'tenant_id']);
  });
});

describe('multi-statement queries', () => {
  it('returns the result of each statement', async () => {
    const r = (await client.query('select 1 as a; select 2 as b, 3 as c; select name from cities.cities where name = \'Rome\'')) as unknown as pg.QueryResult[];
    expect(r).toHaveLength(3);
    expect(r.map((x) => x.rows)).toEqual([[{ a: '1' }], [{ b: '2', c: '3' }], [{ name: 'Rome' }]]);
  });

  it('rolls back earlier writes when a later statement fails', async () => {
    const err = await pgError(client.query('create table ms_t1(x int); insert into ms_t1 values (1); select * from nope'));
    expect(err.code).toBe('42P01');
    // The implicit transaction was rolled back: the table does not exist.
    expect((await pgError(client.query('select * from ms_t1'))).code).toBe('42P01');
    // And the session is back to idle (a new write commits).
    await client.query('create table ms_t2(x int); insert into ms_t2 values (1), (2)');
    expect((await client.query('select count(*) as n from ms_t2')).rows).toEqual([{ n: '2' }]);
  });

  it('sends CommandComplete for the statements before the error, then one ErrorResponse', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      const frames = await raw.query('create table ms_t3(x int); insert into ms_t3 values (1); select * from nope; select 1');
      expect(types(frames)).toBe('C C E Z');
      expect(commandTag(frames[0].body)).toBe('CREATE TABLE');
      expect(commandTag(frames[1].body)).toBe('INSERT 0 1');
      expect(errorFields(frames[2].body).C).toBe('42P01');
      expect(frames[3].body.toString('latin1')).toBe('I');
    } finally {
      raw.close();
    }
  });
});

describe('empty queries and errors', () => {
  it('answers EmptyQueryResponse for an empty string and a lone semicolon', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      for (const sql of ['', ';', '  ;  ', '-- just a comment']) {
        const frames = await raw.query(sql);
        expect(types(frames), sql).toBe('I Z');
        expect(frames[0].body.length).toBe(0);
      }
    } finally {
      raw.close();
    }
  });

  it('keeps the connection usable after errors', async () => {
    expect((await pgError(client.query('select * from nope'))).code).toBe('42P01');
    expect((await pgError(client.query('selec 1'))).code).toBe('42601');
    expect((await pgError(client.query('select nosuchcol from cities.cities'))).code).toBe('42703');
    expect((await pgError(client.query('select * from cities.nosuchtable'))).code).toBe('42P01');
    const r = await client.query('select 42 as answer');
    expect(r.rows).toEqual([{ answer: '42' }]);
  });
});

describe('transactions', () => {
  it('reports I, T and E in ReadyForQuery', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      const status = (frames: { type: string; body: Buffer }[]) => frames[frames.length - 1].body.toString('latin1');
      expect(raw.startupFrames[raw.startupFrames.length - 1].body.toString('latin1')).toBe('I');
      let f = await raw.query('BEGIN');
      expect(types(f)).toBe('C Z');
      expect(commandTag(f[0].body)).toBe('BEGIN');
      expect(status(f)).toBe('T');
      f = await raw.query('select 1');
      expect(status(f)).toBe('T');
      f = await raw.query('select * from nope');
      expect(types(f)).toBe('E Z');
      expect(status(f)).toBe('E');
      f = await raw.query('select 1');
      expect(types(f)).toBe('E Z');
      expect(errorFields(f[0].body).C).toBe('25P02');
      expect(errorFields(f[0].body).M).toBe('current transaction is aborted, commands ignored until end of transaction block');
      expect(status(f)).toBe('E');
      f = await raw.query('ROLLBACK');
      expect(commandTag(f[0].body)).toBe('ROLLBACK');
      expect(status(f)).toBe('I');
      f = await raw.query('select 1');
      expect(types(f)).toBe('T D C Z');
      expect(status(f)).toBe('I');
    } finally {
      raw.close();
    }
  });

  it('commits and rolls back writes', async () => {
    await client.query('create table tx_t(x int)');
    await client.query('BEGIN');
    await client.query('insert into tx_t values (1)');
    await client.query('COMMIT');
    await client.query('BEGIN');
    await client.query('insert into tx_t values (2)');
    await client.query('ROLLBACK');
    expect((await client.query('select x from tx_t order by x')).rows).toEqual([{ x: '1' }]);
  });

  it('answers COMMIT in an aborted transaction with the ROLLBACK tag and discards its writes', async () => {
    await client.query('create table tx_abort(x int)');
    await client.query('BEGIN');
    await client.query('insert into tx_abort values (1)');
    expect((await pgError(client.query('select * from nope'))).code).toBe('42P01');
    expect((await pgError(client.query('insert into tx_abort values (2)'))).code).toBe('25P02');
    const r = await client.query('COMMIT');
    expect(r.command).toBe('ROLLBACK');
    expect((await client.query('select count(*) as n from tx_abort')).rows).toEqual([{ n: '0' }]);
  });

  it('warns on BEGIN inside a transaction and COMMIT/ROLLBACK outside one', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      await raw.query('BEGIN');
      let f = await raw.query('BEGIN');
      expect(types(f)).toBe('N C Z');
      expect(errorFields(f[0].body)).toMatchObject({ S: 'WARNING', V: 'WARNING', C: '25001', M: 'there is already a transaction in progress' });
      expect(commandTag(f[1].body)).toBe('BEGIN');
      expect(f[2].body.toString('latin1')).toBe('T');
      await raw.query('COMMIT');
      f = await raw.query('COMMIT');
      expect(types(f)).toBe('N C Z');
      expect(errorFields(f[0].body)).toMatchObject({ S: 'WARNING', C: '25P01', M: 'there is no transaction in progress' });
      expect(commandTag(f[1].body)).toBe('COMMIT');
      expect(f[2].body.toString('latin1')).toBe('I');
      f = await raw.query('ROLLBACK');
      expect(types(f)).toBe('N C Z');
      expect(errorFields(f[0].body).C).toBe('25P01');
      expect(commandTag(f[1].body)).toBe('ROLLBACK');
    } finally {
      raw.close();
    }
  });

  it('delivers warnings to node-postgres as notices', async () => {
    const c = await connect();
    try {
      const notices: { code?: string; severity?: string; message?: string }[] = [];
      c.on('notice', (n) => notices.push({ code: n.code, severity: n.severity, message: n.message }));
      await c.query('COMMIT');
      await new Promise((r) => setImmediate(r));
      expect(notices).toEqual([{ code: '25P01', severity: 'WARNING', message: 'there is no transaction in progress' }]);
    } finally {
      await c.end();
    }
  });
});

describe('SET, SHOW and RESET', () => {
  it('SET TimeZone sends ParameterStatus and shifts timestamptz output', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      expect(raw.serverParams.get('TimeZone')).toBe('UTC');
      let f = await raw.query('select \'2024-01-01 12:00:00+00\'::timestamptz as t');
      expect(textRow(f[1].body)).toEqual(['2024-01-01 12:00:00+00']);
      f = await raw.query("SET TimeZone = 'America/New_York'");
      expect(types(f)).toBe('S C Z');
      expect(parameterStatus(f[0].body)).toEqual(['TimeZone', 'America/New_York']);
      expect(commandTag(f[1].body)).toBe('SET');
      f = await raw.query('SHOW TimeZone');
      expect(types(f)).toBe('T D C Z');
      expect(textRow(f[1].body)).toEqual(['America/New_York']);
      expect(commandTag(f[2].body)).toBe('SHOW');
      f = await raw.query('select \'2024-01-01 12:00:00+00\'::timestamptz as t');
      expect(textRow(f[1].body)).toEqual(['2024-01-01 07:00:00-05']);
      f = await raw.query('select \'2024-07-01 12:00:00+00\'::timestamptz as t');
      expect(textRow(f[1].body)).toEqual(['2024-07-01 08:00:00-04']);
      f = await raw.query('RESET TimeZone');
      expect(types(f)).toBe('S C Z');
      expect(parameterStatus(f[0].body)).toEqual(['TimeZone', 'UTC']);
      expect(commandTag(f[1].body)).toBe('RESET');
      f = await raw.query('SHOW timezone');
      expect(textRow(f[1].body)).toEqual(['UTC']);
    } finally {
      raw.close();
    }
  });

  it('SET and SHOW an ordinary setting, and RESET it', async () => {
    const c = await connect();
    try {
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: '' }]);
      await c.query("set application_name = 'jammi-tests'");
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: 'jammi-tests' }]);
      await c.query('set extra_float_digits = 0');
      expect((await c.query('show extra_float_digits')).rows).toEqual([{ extra_float_digits: '0' }]);
      await c.query('reset application_name');
      expect((await c.query('show application_name')).rows).toEqual([{ application_name: '' }]);
      await c.query('reset all');
      expect((await c.query('show extra_float_digits')).rows).toEqual([{ extra_float_digits: '1' }]);
    } finally {
      await c.end();
    }
  });

  it('refuses unknown settings with 42704', async () => {
    const e1 = await pgError(client.query('set no_such_setting = 1'));
    expect(e1.code).toBe('42704');
    expect(e1.message).toBe('unrecognized configuration parameter "no_such_setting"');
    expect((await pgError(client.query('show no_such_setting'))).code).toBe('42704');
    expect((await pgError(client.query('reset no_such_setting'))).code).toBe('42704');
  });

  it('refuses engine settings with 42501', async () => {
    const e = await pgError(client.query('SET threads=1'));
    expect(e.code).toBe('42501');
    expect(e.message).toBe('permission denied to set parameter "threads"');
    expect((await pgError(client.query("SET memory_limit='1GB'"))).code).toBe('42501');
    expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: '1' }]);
  });

  it('rejects a bad value with 22023', async () => {
    const e = await pgError(client.query("set TimeZone = 'Not/AZone'"));
    expect(e.code).toBe('22023');
    expect(e.message).toBe('invalid value for parameter "TimeZone": "Not/AZone"');
    expect((await client.query('show TimeZone')).rows).toEqual([{ TimeZone: 'UTC' }]);
  });
});
