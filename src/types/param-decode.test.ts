import { describe, expect, it } from 'vitest';
import { i16, i32, i64 } from '../../test/helpers/bytes.js';
import { decodeByteaText, decodeParam } from './param-decode.js';
import { PgOid } from './pg-oids.js';

const bin = (oid: number, b: Buffer) => decodeParam(b, 1, oid, false);
const text = (value: string) => ({ kind: 'text', value });
const f4 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return b;
};
const f8 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b;
};
/** A bytes ParamValue as hex (Buffer and Uint8Array compare alike). */
const bytesHex = (v: ReturnType<typeof decodeParam>) => {
  if (v?.kind !== 'bytes') throw new Error(`expected bytes, got ${JSON.stringify(v)}`);
  return Buffer.from(v.value).toString('hex');
};
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

describe('decodeParam: NULL and text format', () => {
  it('NULL is null in either format, for any type', () => {
    expect(decodeParam(null, 0, PgOid.int4, false)).toBeNull();
    expect(decodeParam(null, 1, PgOid.bytea, true)).toBeNull();
  });

  it.each([
    [PgOid.int4, '42'],
    [PgOid.text, 'héllo 日本'],
    [PgOid.timestamptz, '2024-01-01 00:00:00+05:30'],
    [PgOid.numeric, '-123.450'],
    [0, 'untyped'],
    [PgOid.bool, 't'],
  ])('oid %i passes text through unchanged: %s', (oid, s) => {
    expect(decodeParam(Buffer.from(s, 'utf8'), 0, oid, false)).toEqual(text(s));
  });

  it('bytea text in hex format becomes bytes', () => {
    expect(bytesHex(decodeParam(Buffer.from('\\x00ff41'), 0, PgOid.bytea, false))).toBe('00ff41');
  });

  it('a text parameter for a BLOB column (isBlob) is decoded as bytea text too', () => {
    expect(bytesHex(decodeParam(Buffer.from('\\x4142'), 0, PgOid.text, true))).toBe('4142');
  });
});

describe('decodeParam: arrays in text format', () => {
  it("become DuckDB's list text, every element quoted so it is read back verbatim", () => {
    expect(decodeParam(Buffer.from('{1,2}'), 0, 1007, false)).toEqual(text("['1', '2']"));
    expect(decodeParam(Buffer.from(`{"it's","a\\\\b",NULL,"NULL"," x ","a,b"}`), 0, 1009, false)).toEqual(text(`['it\\'s', 'a\\\\b', NULL, 'NULL', ' x ', 'a,b']`));
    expect(decodeParam(Buffer.from('{{1,NULL},{3,4}}'), 0, 1007, false)).toEqual(text("[['1', NULL], ['3', '4']]"));
    expect(decodeParam(Buffer.from('{}'), 0, 1007, false)).toEqual(text('[]'));
  });

  it('a malformed array is 22P02', () => {
    expect(() => decodeParam(Buffer.from('{1,2'), 0, 1007, false)).toThrow('malformed array literal: "{1,2"');
  });
});

describe('decodeByteaText', () => {
  it('hex format, either case, whitespace between pairs allowed', () => {
    expect(Buffer.from(decodeByteaText('\\xDEADbeef')).toString('hex')).toBe('deadbeef');
    expect(Buffer.from(decodeByteaText('\\x41 42\n43')).toString('hex')).toBe('414243');
    expect(decodeByteaText('\\x').length).toBe(0);
  });

  it('escape format: plain bytes, \\\\ and \\ooo octal', () => {
    expect(Buffer.from(decodeByteaText('a\\\\b\\101\\000\\377')).toString('hex')).toBe('615c6241' + '00' + 'ff');
  });

  it('escape format: non-ASCII characters become their UTF-8 bytes', () => {
    expect(Buffer.from(decodeByteaText('é€')).toString('hex')).toBe('c3a9e282ac');
  });

  it.each(['\\x414', '\\x4g', '\\xzz'])('bad hex %s is 22P02', (s) => {
    expect(() => decodeByteaText(s)).toThrowError(expect.objectContaining({ code: '22P02' }));
  });

  it.each(['\\9', 'abc\\', '\\47', '\\400'])('bad escape %s is 22P02', (s) => {
    expect(() => decodeByteaText(s)).toThrowError(expect.objectContaining({ code: '22P02' }));
  });
});

describe('decodeParam: binary format per type', () => {
  it('bool', () => {
    expect(bin(PgOid.bool, Buffer.from([1]))).toEqual(text('true'));
    expect(bin(PgOid.bool, Buffer.from([0]))).toEqual(text('false'));
  });

  it('int2, int4, int8 (two’s complement, extremes)', () => {
    expect(bin(PgOid.int2, i16(-2))).toEqual(text('-2'));
    expect(bin(PgOid.int2, i16(32767))).toEqual(text('32767'));
    expect(bin(PgOid.int4, i32(-2147483648))).toEqual(text('-2147483648'));
    expect(bin(PgOid.int4, i32(123456))).toEqual(text('123456'));
    expect(bin(PgOid.int8, i64(INT64_MIN))).toEqual(text('-9223372036854775808'));
    expect(bin(PgOid.int8, i64(9007199254740993n))).toEqual(text('9007199254740993'));
  });

  it('oid is unsigned', () => {
    expect(bin(PgOid.oid, i32(0xffffffff))).toEqual(text('4294967295'));
  });

  it('float4 and float8 print as Postgres prints them', () => {
    expect(bin(PgOid.float4, f4(0.1))).toEqual(text('0.1'));
    expect(bin(PgOid.float4, f4(1e6))).toEqual(text('1e+06'));
    expect(bin(PgOid.float4, f4(NaN))).toEqual(text('NaN'));
    expect(bin(PgOid.float8, f8(1e16))).toEqual(text('1e+16'));
    expect(bin(PgOid.float8, f8(-Infinity))).toEqual(text('-Infinity'));
    expect(bin(PgOid.float8, f8(0.1 + 0.2))).toEqual(text('0.30000000000000004'));
  });

  it('bytea is the raw bytes', () => {
    expect(bytesHex(bin(PgOid.bytea, Buffer.from([0, 1, 0xfe])))).toBe('0001fe');
  });

  it('jsonb strips the version byte 1', () => {
    expect(bin(PgOid.jsonb, Buffer.concat([Buffer.from([1]), Buffer.from('{"a": "é"}')]))).toEqual(text('{"a": "é"}'));
  });

  it('json, text, varchar, bpchar, name, unknown and unspecified (0) are UTF-8 text', () => {
    for (const oid of [PgOid.json, PgOid.text, PgOid.varchar, PgOid.bpchar, PgOid.name, PgOid.unknown, 0]) {
      expect(bin(oid, Buffer.from('日本 x'))).toEqual(text('日本 x'));
    }
  });

  it('date: days since 2000-01-01', () => {
    expect(bin(PgOid.date, i32(0))).toEqual(text('2000-01-01'));
    expect(bin(PgOid.date, i32(-1))).toEqual(text('1999-12-31'));
    expect(bin(PgOid.date, i32(8825))).toEqual(text('2024-02-29'));
    expect(bin(PgOid.date, i32(-730120))).toEqual(text('0001-12-31 BC'));
  });

  it('date: +infinity is INT32_MAX', () => {
    expect(bin(PgOid.date, i32(2147483647))).toEqual(text('infinity'));
  });

  it('date: -infinity is INT32_MIN', () => {
    expect(bin(PgOid.date, i32(-2147483648))).toEqual(text('-infinity'));
  });

  it('time: microseconds since midnight', () => {
    expect(bin(PgOid.time, i64(45296120000n))).toEqual(text('12:34:56.12'));
    expect(bin(PgOid.time, i64(0n))).toEqual(text('00:00:00'));
  });

  it('timestamp: microseconds since 2000-01-01', () => {
    expect(bin(PgOid.timestamp, i64(0n))).toEqual(text('2000-01-01 00:00:00'));
    expect(bin(PgOid.timestamp, i64(762529510123456n))).toEqual(text('2024-02-29 13:45:10.123456'));
    expect(bin(PgOid.timestamp, i64(-1n))).toEqual(text('1999-12-31 23:59:59.999999'));
  });

  it('timestamp: +infinity is INT64_MAX', () => {
    expect(bin(PgOid.timestamp, i64(INT64_MAX))).toEqual(text('infinity'));
  });

  it('timestamp: -infinity is INT64_MIN', () => {
    expect(bin(PgOid.timestamp, i64(INT64_MIN))).toEqual(text('-infinity'));
  });

  it('timestamptz: an instant in UTC', () => {
    expect(bin(PgOid.timestamptz, i64(0n))).toEqual(text('2000-01-01 00:00:00+00'));
    expect(bin(PgOid.timestamptz, i64(758637296789000n))).toEqual(text('2024-01-15 12:34:56.789+00'));
  });

  it('timestamptz: a BC instant keeps the offset before the era, as Postgres prints it', () => {
    // 0044-03-15 12:00:00+00 BC: epoch micros from PG 15.20 minus the 2000-01-01 epoch.
    expect(bin(PgOid.timestamptz, i64(-63517780800000000n - 946684800000000n))).toEqual(text('0044-03-15 12:00:00+00 BC'));
  });

  it('timestamptz: +infinity (INT64_MAX) is plain infinity, without an offset', () => {
    expect(bin(PgOid.timestamptz, i64(INT64_MAX))).toEqual(text('infinity'));
  });

  it('timestamptz: -infinity (INT64_MIN) is plain -infinity', () => {
    expect(bin(PgOid.timestamptz, i64(INT64_MIN))).toEqual(text('-infinity'));
  });

  it('interval: Int64 microseconds, Int32 days, Int32 months', () => {
    expect(bin(PgOid.interval, Buffer.concat([i64(14706000000n), i32(3), i32(14)]))).toEqual(text('1 year 2 mons 3 days 04:05:06'));
    expect(bin(PgOid.interval, Buffer.concat([i64(7200000000n), i32(-1), i32(0)]))).toEqual(text('-1 days +02:00:00'));
  });

  it('uuid', () => {
    expect(bin(PgOid.uuid, Buffer.from('a0eebc999c0b4ef8bb6d6bb9bd380a11', 'hex'))).toEqual(text('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'));
  });

  it('numeric (numeric_send of -123.450 from PG 15.20)', () => {
    expect(bin(PgOid.numeric, Buffer.from('0002000040000003007b1194', 'hex'))).toEqual(text('-123.450'));
  });
});

describe('decodeParam: bad binary values are 22P03', () => {
  it.each([
    ['bool', PgOid.bool, Buffer.from([1, 0])],
    ['bool (empty)', PgOid.bool, Buffer.alloc(0)],
    ['int2', PgOid.int2, Buffer.alloc(4)],
    ['int4', PgOid.int4, Buffer.alloc(3)],
    ['int4 (as int8)', PgOid.int4, Buffer.alloc(8)],
    ['oid', PgOid.oid, Buffer.alloc(2)],
    ['int8', PgOid.int8, Buffer.alloc(4)],
    ['float4', PgOid.float4, Buffer.alloc(8)],
    ['float8', PgOid.float8, Buffer.alloc(4)],
    ['date', PgOid.date, Buffer.alloc(8)],
    ['time', PgOid.time, Buffer.alloc(4)],
    ['timestamp', PgOid.timestamp, Buffer.alloc(4)],
    ['timestamptz', PgOid.timestamptz, Buffer.alloc(7)],
    ['interval', PgOid.interval, Buffer.alloc(12)],
    ['uuid', PgOid.uuid, Buffer.alloc(15)],
    ['numeric header', PgOid.numeric, Buffer.alloc(6)],
    ['numeric digits', PgOid.numeric, Buffer.from('0002000000000000', 'hex')],
    ['jsonb version 2', PgOid.jsonb, Buffer.from([2, 0x7b, 0x7d])],
    ['jsonb empty', PgOid.jsonb, Buffer.alloc(0)],
  ])('%s', (_name, oid, b) => {
    expect(() => bin(oid, b)).toThrowError(expect.objectContaining({ code: '22P03' }));
  });

  it('a type without a binary decoder is 0A000', () => {
    expect(() => bin(PgOid.bit, Buffer.from([0, 0, 0, 1, 0x80]))).toThrowError(expect.objectContaining({ code: '0A000' }));
  });
});

describe('decodeParam: arrays in binary format (array_recv)', () => {
  /** An array_send image: header, dimensions (lower bound 1), elements (null: length -1). */
  const arr = (elementOid: number, dims: number[], elements: (Buffer | null)[]) =>
    Buffer.concat([
      i32(dims.length),
      i32(elements.some((e) => e === null) ? 1 : 0),
      i32(elementOid),
      ...dims.flatMap((d) => [i32(d), i32(1)]),
      ...elements.flatMap((e) => (e === null ? [i32(-1)] : [i32(e.length), e])),
    ]);
  const s = (x: string) => Buffer.from(x, 'utf8');

  it('text[] with NULLs and quotes becomes DuckDB list text', () => {
    expect(bin(1009, arr(PgOid.text, [3], [s("it's"), null, s('b')]))).toEqual(text(`['it\\'s', NULL, 'b']`));
  });

  it('int4[] and int8[] elements are decoded per the element type', () => {
    expect(bin(1007, arr(PgOid.int4, [2], [i32(1), i32(-2)]))).toEqual(text("['1', '-2']"));
    expect(bin(1016, arr(PgOid.int8, [1], [i64(INT64_MIN)]))).toEqual(text(`['${INT64_MIN}']`));
  });

  it('a two-dimensional array nests; an empty array has no dimensions', () => {
    expect(bin(1007, arr(PgOid.int4, [2, 2], [i32(1), i32(2), i32(3), null]))).toEqual(text("[['1', '2'], ['3', NULL]]"));
    expect(bin(1007, arr(PgOid.int4, [], []))).toEqual(text('[]'));
  });

  it('an element type other than the expected one is 42804; truncated data is 22P03', () => {
    expect(() => bin(1007, arr(PgOid.text, [1], [s('x')]))).toThrowError(expect.objectContaining({ code: '42804' }));
    expect(() => bin(1007, arr(PgOid.int4, [2], [i32(1)]))).toThrowError(expect.objectContaining({ code: '22P03' }));
    expect(() => bin(1007, Buffer.concat([arr(PgOid.int4, [1], [i32(1)]), Buffer.from([0])]))).toThrowError(expect.objectContaining({ code: '22P03' }));
  });
});

describe('decodeParam: jsonb', () => {
  it('a jsonb parameter is normalised as jsonb_in does, in text and binary format', () => {
    expect(decodeParam(Buffer.from('{"b": 1, "a": [1,2], "b": 3}'), 0, PgOid.jsonb, false)).toEqual(text('{"a": [1, 2], "b": 3}'));
    expect(bin(PgOid.jsonb, Buffer.concat([Buffer.from([1]), Buffer.from('{"bb":1,"a":2}')]))).toEqual(text('{"a": 2, "bb": 1}'));
  });

  it('text that is not JSON is 22P02', () => {
    expect(() => decodeParam(Buffer.from('{x'), 0, PgOid.jsonb, false)).toThrowError(expect.objectContaining({ code: '22P02' }));
  });
});
