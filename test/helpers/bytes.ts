/**
 * An independent byte builder and decoder for PostgreSQL protocol 3.0 messages, written from
 * the spec (https://www.postgresql.org/docs/15/protocol-message-formats.html) and sharing no
 * code with src/wire, so tests can compare jammi's codec against it.
 *
 * Every function returns a fresh Buffer. Integers are big-endian (network order).
 */

/** A part of a message body: raw bytes, or a number array taken as bytes. */
export type Part = Buffer | Uint8Array | number[];

const toBuf = (p: Part): Buffer => (Buffer.isBuffer(p) ? p : Buffer.from(p as Uint8Array | number[]));

/** Int8 (one byte, 0..255). */
export function u8(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`u8 out of range: ${n}`);
  return Buffer.from([n]);
}

/** Int16, signed two's complement (values 32768..65535 are taken as their unsigned bit pattern). */
export function i16(n: number): Buffer {
  const v = n & 0xffff;
  return Buffer.from([(v >> 8) & 0xff, v & 0xff]);
}

/** Int32, signed two's complement (values 2^31..2^32-1 are taken as their unsigned bit pattern, e.g. OIDs). */
export function i32(n: number): Buffer {
  const v = n >>> 0;
  return Buffer.from([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/** Int64 from a bigint, two's complement. */
export function i64(n: bigint): Buffer {
  const v = BigInt.asUintN(64, n);
  const out = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) out[7 - i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** String: UTF-8 bytes followed by a NUL terminator. */
export function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

/** Byte1 given as a one-character string ('S', 'P', ...). */
export function ch(c: string): Buffer {
  if (c.length !== 1) throw new RangeError(`ch needs one character, got ${JSON.stringify(c)}`);
  return u8(c.charCodeAt(0));
}

/** A length-prefixed value as in Bind and DataRow: Int32 length then the bytes, or Int32 -1 for NULL. */
export function lenValue(v: string | Part | null): Buffer {
  if (v === null) return i32(-1);
  const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : toBuf(v);
  return Buffer.concat([i32(b.length), b]);
}

/** A whole message: Byte1 type code, Int32 length (counting itself, not the code), then the body parts. */
export function msg(code: string, ...parts: Part[]): Buffer {
  const body = Buffer.concat(parts.map(toBuf));
  return Buffer.concat([ch(code), i32(body.length + 4), body]);
}

/** A message with an explicit (possibly lying) length word. */
export function rawMsg(code: string, length: number, body: Part = []): Buffer {
  return Buffer.concat([ch(code), i32(length), toBuf(body)]);
}

// ---------------------------------------------------------------------------------------------
// Frontend messages
// ---------------------------------------------------------------------------------------------

export const fe = {
  /** Query (F): String query. */
  query: (sql: string) => msg('Q', cstr(sql)),
  /** Parse (F): String name, String query, Int16 count, Int32[count] parameter type OIDs. */
  parse: (name: string, sql: string, paramTypes: number[] = []) => msg('P', cstr(name), cstr(sql), i16(paramTypes.length), ...paramTypes.map(i32)),
  /**
   * Bind (F): String portal, String statement, Int16 + Int16[] parameter format codes,
   * Int16 + (Int32 length, bytes)[] parameter values, Int16 + Int16[] result format codes.
   */
  bind: (opts: { portal?: string; statement?: string; paramFormats?: number[]; params?: (string | Part | null)[]; resultFormats?: number[] } = {}) => {
    const { portal = '', statement = '', paramFormats = [], params = [], resultFormats = [] } = opts;
    return msg(
      'B',
      cstr(portal),
      cstr(statement),
      i16(paramFormats.length),
      ...paramFormats.map(i16),
      i16(params.length),
      ...params.map(lenValue),
      i16(resultFormats.length),
      ...resultFormats.map(i16),
    );
  },
  /** Describe (F): Byte1 'S' or 'P', String name. */
  describe: (target: 'S' | 'P', name = '') => msg('D', ch(target), cstr(name)),
  /** Execute (F): String portal, Int32 max rows (0 = no limit). */
  execute: (portal = '', maxRows = 0) => msg('E', cstr(portal), i32(maxRows)),
  /** Close (F): Byte1 'S' or 'P', String name. */
  close: (target: 'S' | 'P', name = '') => msg('C', ch(target), cstr(name)),
  sync: () => msg('S'),
  flush: () => msg('H'),
  terminate: () => msg('X'),
  /** CopyData (F and B): Byte[n] data. */
  copyData: (data: string | Part) => msg('d', typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
  copyDone: () => msg('c'),
  /** CopyFail (F): String error message. */
  copyFail: (message: string) => msg('f', cstr(message)),
  /** FunctionCall (F): Int32 function OID, then arguments (jammi only recognises the type). */
  functionCall: (oid: number) => msg('F', i32(oid), i16(0), i16(0), i16(0)),
  /** StartupMessage (no type byte): Int32 length, Int32 196608, (String name, String value)*, NUL. */
  startup: (params: Record<string, string>) => {
    const body = Buffer.concat([i32(196608), ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]), Buffer.from([0])]);
    return Buffer.concat([i32(body.length + 4), body]);
  },
};

// ---------------------------------------------------------------------------------------------
// Backend messages (expected values for serializer tests)
// ---------------------------------------------------------------------------------------------

/** A RowDescription field as the spec lays it out. */
export interface Field {
  name: string;
  tableOid: number;
  columnAttr: number;
  typeOid: number;
  typeSize: number;
  typeModifier: number;
  format: number;
}

/** Error and notice field codes in the order PostgreSQL's backend sends them. */
export const errorFieldOrder = ['S', 'V', 'C', 'M', 'D', 'H', 'P', 'p', 'q', 'W', 's', 't', 'c', 'd', 'n', 'F', 'L', 'R'] as const;

export const be = {
  /** RowDescription (B): Int16 count, then per field String name, Int32 table OID, Int16 attnum, Int32 type OID, Int16 typlen, Int32 typmod, Int16 format. */
  rowDescription: (fields: Field[]) =>
    msg(
      'T',
      i16(fields.length),
      ...fields.flatMap((f) => [cstr(f.name), i32(f.tableOid), i16(f.columnAttr), i32(f.typeOid), i16(f.typeSize), i32(f.typeModifier), i16(f.format)]),
    ),
  /** DataRow (B): Int16 count, then per column Int32 length (-1 NULL) and bytes. */
  dataRow: (cells: (string | Part | null)[]) => msg('D', i16(cells.length), ...cells.map(lenValue)),
  commandComplete: (tag: string) => msg('C', cstr(tag)),
  readyForQuery: (status: 'I' | 'T' | 'E') => msg('Z', ch(status)),
  /** ErrorResponse (B) / NoticeResponse (B): (Byte1 field code, String value)*, then a NUL. */
  errorResponse: (fields: [string, string][]) => msg('E', ...fields.flatMap(([k, v]) => [ch(k), cstr(v)]), [0]),
  noticeResponse: (fields: [string, string][]) => msg('N', ...fields.flatMap(([k, v]) => [ch(k), cstr(v)]), [0]),
  parameterStatus: (name: string, value: string) => msg('S', cstr(name), cstr(value)),
  backendKeyData: (pid: number, secret: number) => msg('K', i32(pid), i32(secret)),
  parameterDescription: (oids: number[]) => msg('t', i16(oids.length), ...oids.map(i32)),
  notification: (pid: number, channel: string, payload: string) => msg('A', i32(pid), cstr(channel), cstr(payload)),
  copyOutResponse: (format: number, columnFormats: number[]) => msg('H', u8(format), i16(columnFormats.length), ...columnFormats.map(i16)),
  copyData: (data: string | Part) => msg('d', typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
  copyDone: () => msg('c'),
  portalSuspended: () => msg('s'),
  emptyQueryResponse: () => msg('I'),
  parseComplete: () => msg('1'),
  bindComplete: () => msg('2'),
  closeComplete: () => msg('3'),
  noData: () => msg('n'),
};

// ---------------------------------------------------------------------------------------------
// Backend decoding
// ---------------------------------------------------------------------------------------------

/** One framed message: its type character and its body (without code and length). */
export interface Frame {
  code: string;
  body: Buffer;
}

/** Split a byte stream of complete typed messages into frames. Throws on a truncated stream. */
export function splitFrames(buf: Buffer): Frame[] {
  const out: Frame[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 5) throw new Error(`truncated header at offset ${off}`);
    const len = buf.readInt32BE(off + 1);
    if (len < 4) throw new Error(`bad length ${len} at offset ${off}`);
    if (off + 1 + len > buf.length) throw new Error(`truncated body at offset ${off}: need ${len}, have ${buf.length - off - 1}`);
    out.push({ code: String.fromCharCode(buf[off]), body: buf.subarray(off + 5, off + 1 + len) });
    off += 1 + len;
  }
  return out;
}

/** A cursor over a message body. */
export class Cursor {
  off = 0;
  constructor(readonly buf: Buffer) {}
  u8(): number {
    if (this.off + 1 > this.buf.length) throw new Error('read past end');
    return this.buf[this.off++];
  }
  i16(): number {
    if (this.off + 2 > this.buf.length) throw new Error('read past end');
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  i32(): number {
    if (this.off + 4 > this.buf.length) throw new Error('read past end');
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  cstr(): string {
    const end = this.buf.indexOf(0, this.off);
    if (end < 0) throw new Error('unterminated string');
    const s = this.buf.toString('utf8', this.off, end);
    this.off = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    if (this.off + n > this.buf.length) throw new Error('read past end');
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  get done(): boolean {
    return this.off === this.buf.length;
  }
}

/** ErrorResponse/NoticeResponse body → field code → value (and the order the codes came in). */
export function parseErrorFields(body: Buffer): { fields: Record<string, string>; order: string[] } {
  const c = new Cursor(body);
  const fields: Record<string, string> = {};
  const order: string[] = [];
  for (;;) {
    const code = c.u8();
    if (code === 0) break;
    const k = String.fromCharCode(code);
    order.push(k);
    fields[k] = c.cstr();
  }
  if (!c.done) throw new Error('trailing bytes after error fields');
  return { fields, order };
}

/** RowDescription body → fields. */
export function parseRowDescription(body: Buffer): Field[] {
  const c = new Cursor(body);
  const n = c.i16();
  const out: Field[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ name: c.cstr(), tableOid: c.i32() >>> 0, columnAttr: c.i16(), typeOid: c.i32() >>> 0, typeSize: c.i16(), typeModifier: c.i32(), format: c.i16() });
  }
  if (!c.done) throw new Error('trailing bytes after RowDescription');
  return out;
}

/** DataRow body → raw cells (null for SQL NULL). */
export function parseDataRow(body: Buffer): (Buffer | null)[] {
  const c = new Cursor(body);
  const n = c.i16();
  const out: (Buffer | null)[] = [];
  for (let i = 0; i < n; i++) {
    const len = c.i32();
    out.push(len === -1 ? null : Buffer.from(c.bytes(len)));
  }
  if (!c.done) throw new Error('trailing bytes after DataRow');
  return out;
}

/** DataRow body → text cells. */
export function parseDataRowText(body: Buffer): (string | null)[] {
  return parseDataRow(body).map((b) => (b === null ? null : b.toString('utf8')));
}

/** Hex of a buffer, for readable byte comparisons. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
