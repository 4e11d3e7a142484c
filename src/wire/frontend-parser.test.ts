import { describe, expect, it } from 'vitest';
import { PgError } from '../errors/pg-error.js';
import { fe, i16, i32, cstr, msg, rawMsg } from '../../test/helpers/bytes.js';
import { decodeMessage, FrontendParser } from './frontend-parser.js';
import type { FrontendMessage } from './messages.js';
import { thrown } from '../../test/helpers/thrown.js';

const MAX = 1024 * 1024;

function parseAll(...bufs: Buffer[]): FrontendMessage[] {
  return new FrontendParser(MAX).push(Buffer.concat(bufs));
}

/**
 * A well-framed message with a bad body is an ERROR the session reports (the connection
 * lives on), so the parser returns it as an Invalid message rather than throwing.
 */
function invalidOf(bufs: Buffer): PgError {
  const out = parseAll(bufs);
  expect(out).toHaveLength(1);
  const m = out[0];
  if (m.type !== 'Invalid') throw new Error(`expected an Invalid message, got ${m.type}`);
  expect(m.error.severity).toBe('ERROR');
  return m.error;
}

describe('FrontendParser: each message kind', () => {
  it('Query', () => {
    expect(parseAll(fe.query('SELECT 1; SELECT \'ünï\''))).toEqual([{ type: 'Query', sql: "SELECT 1; SELECT 'ünï'" }]);
  });

  it('Query with empty text', () => {
    expect(parseAll(fe.query(''))).toEqual([{ type: 'Query', sql: '' }]);
  });

  it('Parse with and without parameter types, OIDs read unsigned', () => {
    expect(parseAll(fe.parse('s1', 'SELECT $1, $2', [23, 25]), fe.parse('', 'SELECT 1'), fe.parse('big', 'x', [0xfffffffe]))).toEqual([
      { type: 'Parse', name: 's1', sql: 'SELECT $1, $2', paramTypes: [23, 25] },
      { type: 'Parse', name: '', sql: 'SELECT 1', paramTypes: [] },
      { type: 'Parse', name: 'big', sql: 'x', paramTypes: [4294967294] },
    ]);
  });

  it('Bind with formats, NULL, empty and binary values', () => {
    const [m] = parseAll(
      fe.bind({ portal: 'p1', statement: 's1', paramFormats: [0, 1], params: ['42', [0, 0, 0, 7], null, ''], resultFormats: [1, 0, 1] }),
    );
    expect(m).toEqual({
      type: 'Bind',
      portal: 'p1',
      statement: 's1',
      paramFormats: [0, 1],
      params: [Buffer.from('42'), Buffer.from([0, 0, 0, 7]), null, Buffer.alloc(0)],
      resultFormats: [1, 0, 1],
    });
  });

  it('Bind with nothing in it', () => {
    expect(parseAll(fe.bind())).toEqual([{ type: 'Bind', portal: '', statement: '', paramFormats: [], params: [], resultFormats: [] }]);
  });

  it('Bind parameter values are copies, not views of the input chunk', () => {
    const chunk = fe.bind({ params: ['abc'] });
    const [m] = new FrontendParser(MAX).push(chunk);
    chunk.fill(0x7a);
    expect((m as Extract<FrontendMessage, { type: 'Bind' }>).params[0]).toEqual(Buffer.from('abc'));
  });

  it('Describe and Close for statements and portals', () => {
    expect(parseAll(fe.describe('S', 'st'), fe.describe('P', ''), fe.close('S', 'st'), fe.close('P', 'po'))).toEqual([
      { type: 'Describe', target: 'S', name: 'st' },
      { type: 'Describe', target: 'P', name: '' },
      { type: 'Close', target: 'S', name: 'st' },
      { type: 'Close', target: 'P', name: 'po' },
    ]);
  });

  it('Execute with and without a row limit', () => {
    expect(parseAll(fe.execute('', 0), fe.execute('p', 100))).toEqual([
      { type: 'Execute', portal: '', maxRows: 0 },
      { type: 'Execute', portal: 'p', maxRows: 100 },
    ]);
  });

  it('Sync, Flush, Terminate, CopyDone', () => {
    expect(parseAll(fe.sync(), fe.flush(), fe.terminate(), fe.copyDone())).toEqual([
      { type: 'Sync' },
      { type: 'Flush' },
      { type: 'Terminate' },
      { type: 'CopyDone' },
    ]);
  });

  it('CopyData keeps raw bytes (including NUL) and CopyFail its message', () => {
    const data = Buffer.from([1, 0, 2, 0xff, 0x0a]);
    expect(parseAll(fe.copyData(data), fe.copyData(Buffer.alloc(0)), fe.copyFail('client gave up'))).toEqual([
      { type: 'CopyData', data },
      { type: 'CopyData', data: Buffer.alloc(0) },
      { type: 'CopyFail', message: 'client gave up' },
    ]);
  });

  it('FunctionCall is recognised (its body is not interpreted)', () => {
    expect(parseAll(fe.functionCall(1234))).toEqual([{ type: 'FunctionCall' }]);
  });
});

describe('FrontendParser: stream framing', () => {
  const stream = Buffer.concat([
    fe.query('SELECT 1'),
    fe.parse('s', 'SELECT $1::text || \'é\'', [25]),
    fe.bind({ portal: 'p', statement: 's', paramFormats: [1], params: ['日本'], resultFormats: [0] }),
    fe.describe('P', 'p'),
    fe.execute('p', 5),
    fe.flush(),
    fe.copyData('a\tb\n'),
    fe.copyDone(),
    fe.copyFail('x'),
    fe.close('S', 's'),
    fe.sync(),
    fe.terminate(),
  ]);
  const whole = new FrontendParser(MAX).push(stream);

  it('decodes the whole stream in one push', () => {
    expect(whole.map((m) => m.type)).toEqual([
      'Query',
      'Parse',
      'Bind',
      'Describe',
      'Execute',
      'Flush',
      'CopyData',
      'CopyDone',
      'CopyFail',
      'Close',
      'Sync',
      'Terminate',
    ]);
  });

  it('gives the same messages when split into two chunks at every byte offset', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const p = new FrontendParser(MAX);
      const got = [...p.push(stream.subarray(0, cut)), ...p.push(stream.subarray(cut))];
      expect(got, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('gives the same messages when fed byte by byte', () => {
    const p = new FrontendParser(MAX);
    const got: FrontendMessage[] = [];
    for (let i = 0; i < stream.length; i++) got.push(...p.push(stream.subarray(i, i + 1)));
    expect(got).toEqual(whole);
  });

  it('returns nothing for an incomplete message and completes it later', () => {
    const p = new FrontendParser(MAX);
    const q = fe.query('SELECT 42');
    expect(p.push(q.subarray(0, 3))).toEqual([]);
    expect(p.push(q.subarray(3, q.length - 1))).toEqual([]);
    expect(p.push(q.subarray(q.length - 1))).toEqual([{ type: 'Query', sql: 'SELECT 42' }]);
    expect(p.push(Buffer.alloc(0))).toEqual([]);
  });

  it('accepts a message exactly at the size limit', () => {
    const body = 'x'.repeat(100 - 4 - 1);
    const m = fe.query(body);
    expect(m.readInt32BE(1)).toBe(100);
    expect(new FrontendParser(100).push(m)).toEqual([{ type: 'Query', sql: body }]);
  });
});

describe('FrontendParser: malformed input', () => {
  it.each([0, 3, -1])('length word %i (< 4)', (len) => {
    const err = thrown(PgError, () => new FrontendParser(MAX).push(rawMsg('Q', len, cstr('x'))));
    expect(err.code).toBe('08P01');
    expect(err.severity).toBe('FATAL');
  });

  it('length over the limit is refused from the header alone, before the body arrives', () => {
    const p = new FrontendParser(1000);
    const err = thrown(PgError, () => p.push(rawMsg('Q', 1001)));
    expect(err.code).toBe('08P01');
    expect(err.severity).toBe('FATAL');
    expect(err.message).toBe('message of 1001 bytes exceeds the limit of 1000');
  });

  it('unknown type byte', () => {
    const err = thrown(PgError, () => parseAll(msg('z', cstr('x'))));
    expect(err.code).toBe('08P01');
    expect(err.message).toBe('invalid frontend message type 122');
  });

  it('Bind announcing more parameters than it carries', () => {
    // portal, statement, 0 formats, 3 params but only one value, then 0 result formats.
    const err = invalidOf(msg('B', cstr(''), cstr(''), i16(0), i16(3), i32(1), [0x41], i16(0)));
    expect(err.code).toBe('08P01');
  });

  it('Bind parameter length larger than the message', () => {
    const err = invalidOf(msg('B', cstr(''), cstr(''), i16(0), i16(1), i32(50), [1, 2, 3], i16(0)));
    expect(err.code).toBe('08P01');
  });

  it('Bind parameter length below -1', () => {
    const err = invalidOf(msg('B', cstr(''), cstr(''), i16(0), i16(1), i32(-2), i16(0)));
    expect(err.code).toBe('08P01');
  });

  it('Bind with a negative format count', () => {
    const err = invalidOf(msg('B', cstr(''), cstr(''), i16(-1), i16(0), i16(0)));
    expect(err.code).toBe('08P01');
  });

  it.each([2, -1, 256])('Bind parameter format code %i', (f) => {
    const err = invalidOf(fe.bind({ paramFormats: [f], params: ['1'] }));
    expect(err.code).toBe('22023');
    expect(err.message).toBe(`unsupported format code: ${f}`);
  });

  it('Bind result format code 3', () => {
    const err = invalidOf(fe.bind({ resultFormats: [0, 3] }));
    expect(err.code).toBe('22023');
  });

  it('Parse with a negative parameter type count', () => {
    const err = invalidOf(msg('P', cstr(''), cstr('SELECT 1'), i16(-1)));
    expect(err.code).toBe('08P01');
  });

  it('Parse announcing more parameter types than it carries', () => {
    const err = invalidOf(msg('P', cstr(''), cstr('SELECT 1'), i16(2), i32(23)));
    expect(err.code).toBe('08P01');
  });

  it('unterminated string in Query', () => {
    const err = invalidOf(msg('Q', Buffer.from('SELECT 1')));
    expect(err.code).toBe('08P01');
  });

  it.each([
    ['Query', msg('Q', cstr('SELECT 1'), [0x41])],
    ['Sync', msg('S', [0])],
    ['Flush', msg('H', [1, 2])],
    ['Terminate', msg('X', [0])],
    ['CopyDone', msg('c', [9])],
    ['Execute', msg('E', cstr(''), i32(0), [0])],
    ['Describe', msg('D', [0x53], cstr('s'), [0])],
    ['Close', msg('C', [0x50], cstr('p'), [0])],
    ['CopyFail', msg('f', cstr('m'), [0x20])],
    ['Parse', msg('P', cstr(''), cstr('x'), i16(0), [0])],
    ['Bind', msg('B', cstr(''), cstr(''), i16(0), i16(0), i16(0), [0])],
  ])('trailing garbage after %s', (_name, m) => {
    const err = invalidOf(m);
    expect(err.code).toBe('08P01');
  });

  it.each(['D', 'C'])('%s with a target other than S or P', (code) => {
    const err = invalidOf(msg(code, [0x58], cstr('x')));
    expect(err.code).toBe('08P01');
  });

  it('Execute too short for its row count', () => {
    const err = invalidOf(msg('E', cstr('p'), [0, 0]));
    expect(err.code).toBe('08P01');
  });

  it('a malformed message after a good one in the same chunk throws', () => {
    const err = thrown(PgError, () => parseAll(fe.sync(), msg('?', [])));
    expect(err.code).toBe('08P01');
  });
});

describe('decodeMessage', () => {
  it('decodes one body by its type code', () => {
    expect(decodeMessage(0x51, cstr('SELECT 2'))).toEqual({ type: 'Query', sql: 'SELECT 2' });
    expect(decodeMessage(0x45, Buffer.concat([cstr('p'), i32(7)]))).toEqual({ type: 'Execute', portal: 'p', maxRows: 7 });
  });
});
