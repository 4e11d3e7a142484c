/**
 * The extended query protocol, byte by byte through a raw client: Parse/Bind/Describe/
 * Execute/Sync/Close/Flush, statements and portals, row limits, error recovery, and binary
 * formats for results and parameters.
 * @see https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/jammi.js';
import {
  bin,
  commandTag,
  dataRow,
  errorFields,
  fe,
  parameterDescription,
  RawClient,
  rowDescription,
  textRow,
  types,
} from '../helpers/raw-client.js';

let server: TestServer;
let c: RawClient;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  c = await RawClient.connect(server.port);
});
afterEach(() => {
  c.close();
});

const status = (f: { body: Buffer }) => f.body.toString('latin1');

describe('a full round trip', () => {
  it('Parse, Describe S, Bind, Execute, Sync on the unnamed statement and portal', async () => {
    c.send(fe.parse('', 'select $1::int + 1 as n'), fe.describe('S', ''), fe.bind('', '', ['41']), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 t T 2 D C Z');
    expect(parameterDescription(f[1].body)).toEqual([23]);
    expect(rowDescription(f[2].body)).toEqual([{ name: 'n', tableOid: 0, columnAttr: 0, typeOid: 23, typeSize: 4, typeMod: -1, format: 0 }]);
    expect(textRow(f[4].body)).toEqual(['42']);
    expect(commandTag(f[5].body)).toBe('SELECT 1');
    expect(status(f[6])).toBe('I');
  });

  it('named statements and portals, reused with new parameters', async () => {
    c.send(fe.parse('by_name', 'select country, population from cities.cities where name = $1'), fe.sync());
    expect(types(await c.readUntil('Z'))).toBe('1 Z');
    for (const [city, row] of [
      ['Rome', ['IT', '2748109']],
      ['Berlin', ['DE', '3755251']],
    ] as const) {
      c.send(fe.bind('p_' + city, 'by_name', [city]), fe.describe('P', 'p_' + city), fe.execute('p_' + city), fe.sync());
      const f = await c.readUntil('Z');
      expect(types(f)).toBe('2 T D C Z');
      expect(rowDescription(f[1].body).map((d) => [d.name, d.typeOid])).toEqual([
        ['country', 25],
        ['population', 20],
      ]);
      expect(textRow(f[2].body)).toEqual(row);
      expect(commandTag(f[3].body)).toBe('SELECT 1');
    }
  });

  it('Describe P reports the result formats chosen at Bind', async () => {
    c.send(fe.parse('', 'select $1::int as a, $2::text as b'), fe.bind('', '', ['7', 'x'], [], [1, 0]), fe.describe('P', ''), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 T D C Z');
    expect(rowDescription(f[2].body).map((d) => [d.name, d.typeOid, d.format])).toEqual([
      ['a', 23, 1],
      ['b', 25, 0],
    ]);
    const cells = dataRow(f[3].body);
    expect(cells[0]).toEqual(Buffer.from([0, 0, 0, 7]));
    expect(cells[1]?.toString()).toBe('x');
  });

  it('answers NoData when describing statements without rows', async () => {
    c.send(fe.parse('ddl', 'create table ext_t(x int)'), fe.describe('S', 'ddl'), fe.parse('set', "set application_name = 'a'"), fe.describe('S', 'set'), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 t n 1 t n Z');
    expect(parameterDescription(f[1].body)).toEqual([]);
  });

  it('runs an empty statement as EmptyQueryResponse', async () => {
    c.send(fe.parse('', ''), fe.bind('', ''), fe.describe('P', ''), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 n I Z');
  });
});

describe('ParameterDescription', () => {
  const describeParams = async (sql: string, declared: number[] = []) => {
    c.send(fe.parse('', sql, declared), fe.describe('S', ''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toMatch(/^1 t [Tn] Z$/);
    return parameterDescription(f[1].body);
  };

  it('reports declared types', async () => {
    expect(await describeParams('select $1, $2', [20, 1114])).toEqual([20, 1114]);
    expect(await describeParams('select $1::text', [25])).toEqual([25]);
  });

  it('infers types from casts and context', async () => {
    expect(await describeParams('select $1::int, $2::bigint, $3::float8, $4::bool, $5::date')).toEqual([23, 20, 701, 16, 1082]);
    expect(await describeParams('select name from cities.cities where population > $1')).toEqual([20]);
    expect(await describeParams('select name from cities.cities where name = $1')).toEqual([25]);
    expect(await describeParams('select * from trips.trips where started_at < $1 and fare > $2')).toEqual([1114, 1700]);
  });

  it('infers array parameter types from casts', async () => {
    expect(await describeParams('select $1::int[]')).toEqual([1007]);
    expect(await describeParams('select $1::text[]')).toEqual([1009]);
  });

  it('types a parameter with no context as text', async () => {
    expect(await describeParams('select $1')).toEqual([25]);
    expect(await describeParams('select $1, $2::int')).toEqual([25, 23]);
  });

  it('infers $1 in $1 + 1 as integer, as Postgres does', async () => {
    expect(await describeParams('select $1 + 1')).toEqual([23]);
  });
});

describe('row limits and portal suspension', () => {
  it('Execute with maxRows suspends and continues the portal', async () => {
    c.send(fe.parse('', 'select x from generate_series(1, 10) as g(x) order by x'), fe.bind('', ''), fe.execute('', 3), fe.flush());
    let f = await c.readUntil('s');
    expect(types(f)).toBe('1 2 D D D s');
    expect(f.slice(2, 5).map((d) => textRow(d.body)[0])).toEqual(['1', '2', '3']);
    c.send(fe.execute('', 3), fe.flush());
    f = await c.readUntil('s');
    expect(types(f)).toBe('D D D s');
    expect(f.slice(0, 3).map((d) => textRow(d.body)[0])).toEqual(['4', '5', '6']);
    c.send(fe.execute('', 0), fe.sync());
    f = await c.readUntil('Z');
    expect(types(f)).toBe('D D D D C Z');
    expect(f.slice(0, 4).map((d) => textRow(d.body)[0])).toEqual(['7', '8', '9', '10']);
    // The tag counts the rows of this Execute, as in Postgres.
    expect(commandTag(f[4].body)).toBe('SELECT 4');
  });

  it('a limit equal to the remaining rows still suspends; the next Execute completes with 0', async () => {
    c.send(fe.parse('', 'select x from generate_series(1, 2) as g(x)'), fe.bind('', ''), fe.execute('', 2), fe.execute('', 5), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 D D s C Z');
    expect(commandTag(f[5].body)).toBe('SELECT 0');
  });

  it('a named portal survives Sync inside a transaction block and is gone after COMMIT', async () => {
    await c.query('BEGIN');
    c.send(fe.parse('s', 'select x from generate_series(1, 5) as g(x)'), fe.bind('cur', 's'), fe.execute('cur', 2), fe.sync());
    let f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 D D s Z');
    expect(status(f[5])).toBe('T');
    c.send(fe.execute('cur', 0), fe.sync());
    f = await c.readUntil('Z');
    expect(types(f)).toBe('D D D C Z');
    expect(f.slice(0, 3).map((d) => textRow(d.body)[0])).toEqual(['3', '4', '5']);
    await c.query('COMMIT');
    c.send(fe.execute('cur', 0), fe.sync());
    f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errorFields(f[0].body).C).toBe('34000');
  });

  it('closes named portals at Sync outside a transaction block', async () => {
    c.send(fe.parse('s', 'select 1'), fe.bind('p', 's'), fe.sync());
    expect(types(await c.readUntil('Z'))).toBe('1 2 Z');
    c.send(fe.execute('p'), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errorFields(f[0].body)).toMatchObject({ C: '34000', M: 'portal "p" does not exist' });
  });
});

describe('errors in the extended protocol', () => {
  it('discards messages after an error until Sync, with exactly one ErrorResponse and one ReadyForQuery', async () => {
    c.send(
      fe.parse('', 'select * from nope'),
      fe.bind('', ''),
      fe.describe('P', ''),
      fe.execute(''),
      fe.parse('other', 'select 1'),
      fe.sync(),
    );
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errorFields(f[0].body).C).toBe('42P01');
    expect(status(f[1])).toBe('I');
    expect(await c.collect(200)).toEqual([]);
    // "other" was never parsed; the connection works.
    c.send(fe.bind('', 'other'), fe.sync());
    const g = await c.readUntil('Z');
    expect(types(g)).toBe('E Z');
    expect(errorFields(g[0].body).C).toBe('26000');
    c.send(fe.parse('', 'select 2 as two'), fe.bind('', ''), fe.execute(''), fe.sync());
    const h = await c.readUntil('Z');
    expect(types(h)).toBe('1 2 D C Z');
    expect(textRow(h[2].body)).toEqual(['2']);
  });

  it('an error inside a transaction block leaves ReadyForQuery at E', async () => {
    await c.query('BEGIN');
    c.send(fe.parse('', 'select * from nope'), fe.sync());
    let f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(status(f[1])).toBe('E');
    c.send(fe.parse('', 'select 1'), fe.bind('', ''), fe.execute(''), fe.sync());
    f = await c.readUntil('Z');
    expect(types(f)).toBe('1 E Z');
    expect(errorFields(f[1].body).C).toBe('25P02');
    f = await c.query('ROLLBACK');
    expect(status(f[f.length - 1])).toBe('I');
  });

  it('Bind with the wrong number of parameters is 08P01', async () => {
    c.send(fe.parse('two', 'select $1::int + $2::int'), fe.bind('', 'two', ['1']), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 E Z');
    expect(errorFields(f[1].body)).toMatchObject({
      S: 'ERROR',
      C: '08P01',
      M: 'bind message supplies 1 parameters, but prepared statement "two" requires 2',
    });
    c.send(fe.bind('', 'two', ['1', '2']), fe.execute(''), fe.sync());
    const g = await c.readUntil('Z');
    expect(types(g)).toBe('2 D C Z');
    expect(textRow(g[1].body)).toEqual(['3']);
  });

  it('an unknown statement is 26000 and an unknown portal is 34000', async () => {
    c.send(fe.describe('S', 'nope'), fe.sync());
    let f = await c.readUntil('Z');
    expect(types(f)).toBe('E Z');
    expect(errorFields(f[0].body)).toMatchObject({ C: '26000', M: 'prepared statement "nope" does not exist' });
    c.send(fe.bind('', 'nope'), fe.sync());
    f = await c.readUntil('Z');
    expect(errorFields(f[0].body).C).toBe('26000');
    c.send(fe.describe('P', 'nope'), fe.sync());
    f = await c.readUntil('Z');
    expect(errorFields(f[0].body)).toMatchObject({ C: '34000', M: 'portal "nope" does not exist' });
    c.send(fe.execute('nope'), fe.sync());
    f = await c.readUntil('Z');
    expect(errorFields(f[0].body).C).toBe('34000');
  });

  it('a duplicate named statement is 42P05; the unnamed one is silently replaced', async () => {
    c.send(fe.parse('dup', 'select 1'), fe.parse('dup', 'select 2'), fe.sync());
    let f = await c.readUntil('Z');
    expect(types(f)).toBe('1 E Z');
    expect(errorFields(f[1].body)).toMatchObject({ C: '42P05', M: 'prepared statement "dup" already exists' });
    c.send(fe.parse('', 'select 1 as a'), fe.parse('', 'select 2 as b'), fe.bind('', ''), fe.execute(''), fe.sync());
    f = await c.readUntil('Z');
    expect(types(f)).toBe('1 1 2 D C Z');
    expect(textRow(f[3].body)).toEqual(['2']);
  });

  it('Close makes a statement unknown; closing a missing name is not an error', async () => {
    c.send(fe.parse('gone', 'select 1'), fe.close('S', 'gone'), fe.close('S', 'never_existed'), fe.close('P', 'never_existed'), fe.bind('', 'gone'), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 3 3 3 E Z');
    expect(errorFields(f[4].body).C).toBe('26000');
    // A closed name can be parsed again.
    c.send(fe.parse('gone', 'select 3'), fe.bind('', 'gone'), fe.execute(''), fe.sync());
    const g = await c.readUntil('Z');
    expect(types(g)).toBe('1 2 D C Z');
  });
});

describe('pipelining', () => {
  it('runs several statements between Syncs and answers each Sync', async () => {
    c.send(
      fe.parse('a', 'select 1 as one'),
      fe.bind('', 'a'),
      fe.execute(''),
      fe.parse('b', 'select name from cities.cities where name = $1'),
      fe.bind('', 'b', ['Paris']),
      fe.execute(''),
      fe.sync(),
      fe.bind('', 'a'),
      fe.execute(''),
      fe.sync(),
    );
    const f = await c.readUntilReady(2);
    expect(types(f)).toBe('1 2 D C 1 2 D C Z 2 D C Z');
    expect(textRow(f[2].body)).toEqual(['1']);
    expect(textRow(f[6].body)).toEqual(['Paris']);
    expect(textRow(f[10].body)).toEqual(['1']);
  });

  it('Flush sends pending replies without ending the implicit transaction', async () => {
    c.send(fe.parse('', 'select 5 as five'), fe.bind('', ''), fe.flush());
    const f = await c.readUntil('2');
    expect(types(f)).toBe('1 2');
    c.send(fe.execute(''), fe.sync());
    const g = await c.readUntil('Z');
    expect(types(g)).toBe('D C Z');
    expect(textRow(g[0].body)).toEqual(['5']);
  });
});

describe('binary formats', () => {
  it('encodes result columns in binary', async () => {
    const sql = `select 1::int2 as i2, 2::int4 as i4, 3::int8 as i8, 1.5::float4 as f4, 2.25::float8 as f8, true as b,
      'hé'::text as t, 'abc'::bytea as by, '2024-02-29'::date as d, '2024-02-29 12:34:56.789'::timestamp as ts,
      '2024-02-29 12:34:56.789+00'::timestamptz as tstz, 1234.5678::numeric(10,4) as num, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u,
      interval '1 year 2 months 3 days 04:05:06.5' as iv, array[1, 2, null, 4]::int[] as arr, (-12.5)::numeric(6,1) as neg`;
    c.send(fe.parse('', sql), fe.bind('', '', [], [], [1]), fe.describe('P', ''), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 T D C Z');
    const desc = rowDescription(f[2].body);
    expect(desc.map((d) => d.typeOid)).toEqual([21, 23, 20, 700, 701, 16, 25, 17, 1082, 1114, 1184, 1700, 2950, 1186, 1007, 1700]);
    expect(desc.every((d) => d.format === 1)).toBe(true);
    const v = dataRow(f[3].body) as Buffer[];
    expect(v[0]).toEqual(Buffer.from([0x00, 0x01]));
    expect(v[1]).toEqual(Buffer.from([0, 0, 0, 2]));
    expect(v[2]).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 3]));
    expect(v[3].length).toBe(4);
    expect(v[3].readFloatBE(0)).toBe(1.5);
    expect(v[4].length).toBe(8);
    expect(v[4].readDoubleBE(0)).toBe(2.25);
    expect(v[5]).toEqual(Buffer.from([1]));
    expect(v[6]).toEqual(Buffer.from('hé', 'utf8'));
    expect(v[7]).toEqual(Buffer.from([0x61, 0x62, 0x63]));
    // date: days since 2000-01-01.
    expect(v[8]).toEqual(Buffer.from([0, 0, 0x22, 0x79]));
    expect(v[8].readInt32BE(0)).toBe(8825);
    // timestamps: microseconds since 2000-01-01 00:00:00 (UTC for timestamptz).
    expect(v[9].readBigInt64BE(0)).toBe(762525296789000n);
    expect(v[10].readBigInt64BE(0)).toBe(762525296789000n);
    // numeric: ndigits 2, weight 0, sign +, dscale 4, digits 1234 5678.
    expect(v[11]).toEqual(Buffer.from([0, 2, 0, 0, 0, 0, 0, 4, 0x04, 0xd2, 0x16, 0x2e]));
    expect(v[12]).toEqual(Buffer.from('a0eebc999c0b4ef8bb6d6bb9bd380a11', 'hex'));
    // interval: int64 microseconds, int32 days, int32 months.
    expect(v[13].length).toBe(16);
    expect(v[13].readBigInt64BE(0)).toBe(14706500000n);
    expect(v[13].readInt32BE(8)).toBe(3);
    expect(v[13].readInt32BE(12)).toBe(14);
    // int4[]: ndim 1, has nulls, element oid 23, dim 4 from 1, then the elements.
    const arr = Buffer.concat(
      [1, 1, 23, 4, 1].map((n) => Buffer.from([0, 0, 0, n])).concat([
        Buffer.from([0, 0, 0, 4, 0, 0, 0, 1]),
        Buffer.from([0, 0, 0, 4, 0, 0, 0, 2]),
        Buffer.from([0xff, 0xff, 0xff, 0xff]),
        Buffer.from([0, 0, 0, 4, 0, 0, 0, 4]),
      ]),
    );
    expect(v[14]).toEqual(arr);
    // -12.5: ndigits 2, weight 0, sign 0x4000, dscale 1, digits 12 5000.
    expect(v[15]).toEqual(Buffer.from([0, 2, 0, 0, 0x40, 0, 0, 1, 0, 12, 0x13, 0x88]));
  });

  it('binary parameters round-trip', async () => {
    const params = [bin.int4(-123456), bin.int8(9007199254740993n), bin.float8(-0.1), Buffer.from('grüße', 'utf8'), bin.bool(true), Buffer.from([0, 1, 2, 255]), bin.timestamp('2021-03-04T05:06:07.000Z')];
    c.send(
      fe.parse('', 'select $1 as i4, $2 as i8, $3 as f8, $4 as t, $5 as b, $6 as by, $7 as ts', [23, 20, 701, 25, 16, 17, 1114]),
      fe.bind('', '', params, [1], [1]),
      fe.execute(''),
      fe.sync(),
    );
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 D C Z');
    expect(dataRow(f[2].body)).toEqual(params);
  });

  it('binary parameters are decoded to the right values', async () => {
    c.send(
      fe.parse('', 'select ($1 + 1)::text as a, ($2 * 2)::text as b, upper($3) as c, (not $4)::text as d', [23, 20, 25, 16]),
      fe.bind('', '', [bin.int4(41), bin.int8(-5n), Buffer.from('abc'), bin.bool(false)], [1, 1, 1, 1]),
      fe.execute(''),
      fe.sync(),
    );
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 D C Z');
    expect(textRow(f[2].body)).toEqual(['42', '-10', 'ABC', 'true']);
  });

  it('a binary parameter with extra bytes is 22P03', async () => {
    c.send(fe.parse('', 'select $1', [23]), fe.bind('', '', [Buffer.from([0, 0, 0, 1, 2])], [1]), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 E Z');
    expect(errorFields(f[1].body)).toMatchObject({ S: 'ERROR', C: '22P03' });
  });

  it('an unknown result format code is an ERROR 22023, and the connection stays usable', async () => {
    c.send(fe.parse('', 'select 1'), fe.bind('', '', [], [], [2]), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toMatch(/^1 (2 )?E Z$/);
    expect(errorFields(f[f.length - 2].body)).toMatchObject({ S: 'ERROR', C: '22023', M: 'unsupported format code: 2' });
    const g = await c.query('select 1 as one');
    expect(types(g)).toBe('T D C Z');
  });

  it('an unknown parameter format code is an ERROR 22023, and the connection stays usable', async () => {
    c.send(fe.parse('', 'select $1::int'), fe.bind('', '', ['1'], [2]), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 E Z');
    expect(errorFields(f[1].body)).toMatchObject({ S: 'ERROR', C: '22023', M: 'unsupported format code: 2' });
    const g = await c.query('select 1 as one');
    expect(types(g)).toBe('T D C Z');
  });

  // An unconstrained numeric is DuckDB's DECIMAL(18,3) today (docs/compatibility.md), so the
  // binary layout is checked with explicit scales.
  it('numeric with a scale keeps it, in text and binary', async () => {
    c.send(fe.parse('', 'select 1234.5678::numeric(10,4) as a, 0.000012345::numeric(12,9) as b'), fe.bind('', '', [], [], [0, 1]), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 D C Z');
    const [a, b] = dataRow(f[2].body) as Buffer[];
    expect(a.toString()).toBe('1234.5678');
    // ndigits 2, weight -2, sign +, dscale 9, digits 0000 1234 5000 -> stored as 1234 5000.
    expect(b).toEqual(Buffer.from([0, 2, 0xff, 0xfe, 0, 0, 0, 9, 0x04, 0xd2, 0x13, 0x88]));
  });

  // A '\x…' bytea literal is read as text by DuckDB today (docs/compatibility.md); from_hex makes the bytes.
  it('bytea text output is hex', async () => {
    const f = await c.query("select from_hex('deadbeef') as b, 'abc'::bytea as s");
    expect(types(f)).toBe('T D C Z');
    expect(textRow(f[1].body)).toEqual(['\\xdeadbeef', '\\x616263']);
  });
});

describe('the implicit transaction up to Sync', () => {
  it('an error before Sync undoes the writes of the same batch; a clean batch commits', async () => {
    c.send(fe.parse('', 'create table implicit_t (x int)'), fe.bind('', ''), fe.execute(''), fe.sync());
    expect(types(await c.readUntil('Z'))).toBe('1 2 C Z');
    // insert, then a failing statement, then Sync: the insert must not survive.
    c.send(
      fe.parse('', 'insert into implicit_t values (1)'),
      fe.bind('', ''),
      fe.execute(''),
      fe.parse('', 'select * from no_such_table'),
      fe.bind('', ''),
      fe.execute(''),
      fe.sync(),
    );
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 C E Z');
    expect(commandTag(f[2].body)).toBe('INSERT 0 1');
    expect(errorFields(f[3].body).C).toBe('42P01');
    expect(status(f[4])).toBe('I');
    const after = await c.query('select count(*)::int as n from implicit_t');
    expect(textRow(after[1].body)).toEqual(['0']);
    c.send(fe.parse('', 'insert into implicit_t values (2)'), fe.bind('', ''), fe.execute(''), fe.sync());
    expect(types(await c.readUntil('Z'))).toBe('1 2 C Z');
    const again = await c.query('select count(*)::int as n from implicit_t');
    expect(textRow(again[1].body)).toEqual(['1']);
    await c.query('drop table implicit_t');
  });

  it('BEGIN inside the implicit transaction makes it a regular block that Sync leaves open', async () => {
    c.send(fe.parse('', 'create table implicit_b (x int)'), fe.bind('', ''), fe.execute(''), fe.parse('', 'begin'), fe.bind('', ''), fe.execute(''), fe.sync());
    const f = await c.readUntil('Z');
    expect(types(f)).toBe('1 2 C 1 2 C Z');
    expect(status(f[6])).toBe('T');
    const r = await c.query('rollback');
    expect(commandTag(r[0].body)).toBe('ROLLBACK');
    const gone = await c.query('select * from implicit_b');
    expect(errorFields(gone[0].body).C).toBe('42P01');
  });
});
