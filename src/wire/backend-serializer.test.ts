import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/pg-error.js';
import { be, hex, parseDataRow, parseDataRowText, parseErrorFields, parseRowDescription, splitFrames, type Field } from '../../test/helpers/bytes.js';
import { BackendSerializer } from './backend-serializer.js';
import { BufferWriter } from './buffer-writer.js';

/** Run one serializer call and return exactly the bytes it buffered. */
function bytesOf(fn: (s: BackendSerializer) => void): Buffer {
  const s = new BackendSerializer();
  fn(s);
  return Buffer.from(s.flush());
}

describe('BackendSerializer: byte-exact messages', () => {
  it('RowDescription', () => {
    const fields: Field[] = [
      { name: 'id', tableOid: 16384, columnAttr: 1, typeOid: 23, typeSize: 4, typeModifier: -1, format: 0 },
      { name: 'prix €', tableOid: 0, columnAttr: 0, typeOid: 1700, typeSize: -1, typeModifier: (10 << 16) + 2 + 4, format: 1 },
      { name: '', tableOid: 0, columnAttr: 0, typeOid: 25, typeSize: -1, typeModifier: -1, format: 0 },
    ];
    const got = bytesOf((s) => s.rowDescription(fields.map((f) => ({ ...f, format: f.format as 0 | 1 }))));
    expect(hex(got)).toBe(hex(be.rowDescription(fields)));
    const [frame] = splitFrames(got);
    expect(frame.code).toBe('T');
    expect(parseRowDescription(frame.body)).toEqual(fields);
  });

  it('RowDescription with no fields', () => {
    expect(hex(bytesOf((s) => s.rowDescription([])))).toBe('540000000600' + '00');
  });

  it('RowDescription with a type OID above 2^31 keeps the unsigned bit pattern', () => {
    const f = { name: 'x', tableOid: 0xfffffff0, columnAttr: 0, typeOid: 0x80000001, typeSize: -1, typeModifier: -1, format: 0 as const };
    const got = bytesOf((s) => s.rowDescription([f]));
    expect(hex(got)).toBe(hex(be.rowDescription([f])));
    expect(parseRowDescription(splitFrames(got)[0].body)[0].typeOid).toBe(0x80000001);
  });

  it('DataRow with text, NULL, empty string and multi-byte UTF-8', () => {
    const cells = ['42', null, '', 'héllo', '日本語', '😀', 'a\u0000b'];
    const got = bytesOf((s) => s.dataRow(cells));
    expect(hex(got)).toBe(hex(be.dataRow(cells)));
    expect(parseDataRowText(splitFrames(got)[0].body)).toEqual(cells);
    // '😀' is 2 UTF-16 units but 4 UTF-8 bytes: the length word must say 4.
    expect(hex(be.dataRow(['😀']))).toBe('44' + '0000000e' + '0001' + '00000004' + 'f09f9880');
    expect(hex(bytesOf((s) => s.dataRow(['😀'])))).toBe('440000000e000100000004f09f9880');
  });

  it('DataRow with binary cells', () => {
    const cells = [Uint8Array.from([0, 0, 0, 1]), Buffer.from([0xde, 0xad, 0xbe, 0xef]), null, new Uint8Array(0)];
    const got = bytesOf((s) => s.dataRow(cells));
    expect(hex(got)).toBe(hex(be.dataRow(cells)));
    expect(parseDataRow(splitFrames(got)[0].body)).toEqual([Buffer.from([0, 0, 0, 1]), Buffer.from([0xde, 0xad, 0xbe, 0xef]), null, Buffer.alloc(0)]);
  });

  it('DataRow with no columns', () => {
    expect(hex(bytesOf((s) => s.dataRow([])))).toBe('44000000060000');
  });

  it.each(['SELECT 3', 'INSERT 0 1', 'BEGIN', 'CREATE TABLE', 'DELETE 0'])('CommandComplete %s', (tag) => {
    expect(hex(bytesOf((s) => s.commandComplete(tag)))).toBe(hex(be.commandComplete(tag)));
  });

  it.each(['I', 'T', 'E'] as const)('ReadyForQuery %s', (st) => {
    expect(hex(bytesOf((s) => s.readyForQuery(st)))).toBe(hex(be.readyForQuery(st)));
  });

  it('ReadyForQuery idle is 5a 00000005 49', () => {
    expect(hex(bytesOf((s) => s.readyForQuery('I')))).toBe('5a0000000549');
  });

  it('ErrorResponse with every field, in the order PostgreSQL sends them', () => {
    const err = new PgError('42P01', 'relation "nope" does not exist', {
      detail: 'd ü',
      hint: 'h',
      position: 15,
      internalPosition: 3,
      internalQuery: 'SELECT x',
      where: 'PL/pgSQL function f()',
      schema: 'public',
      table: 'nope',
      column: 'c',
      dataType: 'int4',
      constraint: 'nope_pkey',
      file: 'parse_relation.c',
      line: 1392,
      routine: 'parserOpenTable',
    });
    const expected: [string, string][] = [
      ['S', 'ERROR'],
      ['V', 'ERROR'],
      ['C', '42P01'],
      ['M', 'relation "nope" does not exist'],
      ['D', 'd ü'],
      ['H', 'h'],
      ['P', '15'],
      ['p', '3'],
      ['q', 'SELECT x'],
      ['W', 'PL/pgSQL function f()'],
      ['s', 'public'],
      ['t', 'nope'],
      ['c', 'c'],
      ['d', 'int4'],
      ['n', 'nope_pkey'],
      ['F', 'parse_relation.c'],
      ['L', '1392'],
      ['R', 'parserOpenTable'],
    ];
    const got = bytesOf((s) => s.error(err));
    expect(hex(got)).toBe(hex(be.errorResponse(expected)));
    const [frame] = splitFrames(got);
    expect(frame.code).toBe('E');
    expect(parseErrorFields(frame.body).fields).toEqual(Object.fromEntries(expected));
  });

  it('ErrorResponse with only the required fields omits empty ones', () => {
    const err = new PgError('22012', 'division by zero', { detail: '', hint: undefined });
    expect(hex(bytesOf((s) => s.error(err)))).toBe(
      hex(
        be.errorResponse([
          ['S', 'ERROR'],
          ['V', 'ERROR'],
          ['C', '22012'],
          ['M', 'division by zero'],
        ]),
      ),
    );
  });

  it('FATAL stays an ErrorResponse', () => {
    const err = new PgError('08P01', 'invalid message', {}, 'FATAL');
    const [frame] = splitFrames(bytesOf((s) => s.error(err)));
    expect(frame.code).toBe('E');
    expect(parseErrorFields(frame.body).fields).toEqual({ S: 'FATAL', V: 'FATAL', C: '08P01', M: 'invalid message' });
  });

  it.each(['WARNING', 'NOTICE', 'INFO', 'DEBUG', 'LOG'] as const)('severity %s becomes a NoticeResponse', (sev) => {
    const err = new PgError('01000', 'careful', { hint: 'really' }, sev);
    expect(hex(bytesOf((s) => s.error(err)))).toBe(
      hex(
        be.noticeResponse([
          ['S', sev],
          ['V', sev],
          ['C', '01000'],
          ['M', 'careful'],
          ['H', 'really'],
        ]),
      ),
    );
  });

  it('ParameterStatus', () => {
    expect(hex(bytesOf((s) => s.parameterStatus('TimeZone', 'Asia/Kolkata')))).toBe(hex(be.parameterStatus('TimeZone', 'Asia/Kolkata')));
    expect(hex(bytesOf((s) => s.parameterStatus('application_name', '')))).toBe(hex(be.parameterStatus('application_name', '')));
  });

  it('BackendKeyData, including a secret with the top bit set', () => {
    expect(hex(bytesOf((s) => s.backendKeyData(12345, -559038737)))).toBe(hex(be.backendKeyData(12345, -559038737)));
    expect(hex(bytesOf((s) => s.backendKeyData(1, 0xdeadbeef)))).toBe('4b0000000c00000001deadbeef');
  });

  it('ParameterDescription', () => {
    expect(hex(bytesOf((s) => s.parameterDescription([23, 25, 0, 1700])))).toBe(hex(be.parameterDescription([23, 25, 0, 1700])));
    expect(hex(bytesOf((s) => s.parameterDescription([])))).toBe('74000000060000');
  });

  it('NotificationResponse', () => {
    expect(hex(bytesOf((s) => s.notification(77, 'chan', 'payload ✓')))).toBe(hex(be.notification(77, 'chan', 'payload ✓')));
  });

  it('CopyOutResponse, CopyData (string and bytes), CopyDone', () => {
    expect(hex(bytesOf((s) => s.copyOutResponse(0, [0, 0, 0])))).toBe(hex(be.copyOutResponse(0, [0, 0, 0])));
    expect(hex(bytesOf((s) => s.copyOutResponse(1, [1])))).toBe(hex(be.copyOutResponse(1, [1])));
    expect(hex(bytesOf((s) => s.copyData('1\tñ\n')))).toBe(hex(be.copyData('1\tñ\n')));
    expect(hex(bytesOf((s) => s.copyData(Uint8Array.from([0, 255]))))).toBe(hex(be.copyData([0, 255])));
    expect(hex(bytesOf((s) => s.copyDone()))).toBe(hex(be.copyDone()));
  });

  it('the body-less messages', () => {
    expect(hex(bytesOf((s) => s.portalSuspended()))).toBe('7300000004');
    expect(hex(bytesOf((s) => s.emptyQueryResponse()))).toBe('4900000004');
    expect(hex(bytesOf((s) => s.parseComplete()))).toBe(hex(be.parseComplete()));
    expect(hex(bytesOf((s) => s.bindComplete()))).toBe(hex(be.bindComplete()));
    expect(hex(bytesOf((s) => s.closeComplete()))).toBe(hex(be.closeComplete()));
    expect(hex(bytesOf((s) => s.noData()))).toBe(hex(be.noData()));
    expect(hex(be.portalSuspended())).toBe('7300000004');
    expect(hex(be.emptyQueryResponse())).toBe('4900000004');
  });

  it('a sequence of messages is buffered in order and flush empties the buffer', () => {
    const s = new BackendSerializer();
    s.parseComplete();
    s.bindComplete();
    s.dataRow(['1']);
    s.commandComplete('SELECT 1');
    s.readyForQuery('I');
    const expected = Buffer.concat([be.parseComplete(), be.bindComplete(), be.dataRow(['1']), be.commandComplete('SELECT 1'), be.readyForQuery('I')]);
    expect(s.pendingBytes).toBe(expected.length);
    expect(hex(s.flush())).toBe(hex(expected));
    expect(s.pendingBytes).toBe(0);
    expect(s.flush().length).toBe(0);
  });
});

describe('BufferWriter', () => {
  it('grows from a tiny buffer for large strings and values', () => {
    const w = new BufferWriter(8);
    const big = 'é'.repeat(100_000); // 200,000 UTF-8 bytes
    const blob = Buffer.alloc(300_000, 0xab);
    w.begin(0x44).int16(3).value(big).value(blob).value(null).end();
    w.begin(0x43).cstring('x'.repeat(70_000)).end();
    const out = Buffer.from(w.take());
    expect(hex(out)).toBe(hex(Buffer.concat([be.dataRow([big, blob, null]), be.commandComplete('x'.repeat(70_000))])));
  });

  it('grows when a value ends exactly at the buffer end', () => {
    const w = new BufferWriter(16);
    w.begin(0x64).bytes(Buffer.alloc(11, 1)).end(); // exactly 16 bytes
    w.byte(0x63).int32(4);
    expect(hex(w.take())).toBe(hex(Buffer.concat([be.copyData(Buffer.alloc(11, 1)), be.copyDone()])));
  });

  it('writes int16 and int32 in two’s complement, big-endian', () => {
    const w = new BufferWriter(4);
    w.int16(-1).int16(0x1234).int32(-2).int32(0x7fffffff).int32(0xffffffff);
    expect(hex(w.take())).toBe('ffff' + '1234' + 'fffffffe' + '7fffffff' + 'ffffffff');
  });

  it('take hands out what was written and starts empty, earlier output unaffected', () => {
    const w = new BufferWriter(8);
    w.cstring('first');
    const a = w.take();
    expect(w.length).toBe(0);
    w.cstring('second');
    const b = w.take();
    expect(a.toString('latin1')).toBe('first\u0000');
    expect(b.toString('latin1')).toBe('second\u0000');
  });

  it('length counts buffered bytes', () => {
    const w = new BufferWriter();
    w.begin(0x5a).byte(0x49).end();
    expect(w.length).toBe(6);
  });
});
