/**
 * A growable output buffer for one connection. Messages are framed in place: `begin`
 * reserves the length, `end` fills it, so no message is built twice.
 */
export class BufferWriter {
  private buf: Buffer;
  private offset = 0;
  private start = -1;

  constructor(initial = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.offset;
  }

  private ensure(n: number): void {
    if (this.offset + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.offset + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }

  /** Start a message with type byte `code`; its length is filled in by `end()`. */
  begin(code: number): this {
    this.ensure(5);
    this.start = this.offset;
    this.buf[this.offset] = code;
    this.offset += 5;
    return this;
  }

  end(): this {
    this.buf.writeInt32BE(this.offset - this.start - 1, this.start + 1);
    this.start = -1;
    return this;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.offset++] = v;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.offset);
    this.offset += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.offset);
    this.offset += 4;
    return this;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(s: string): this {
    this.ensure(s.length * 3 + 1);
    this.offset += this.buf.write(s, this.offset, 'utf8');
    this.buf[this.offset++] = 0;
    return this;
  }

  /** A string's UTF-8 bytes, without length or terminator. */
  utf8(s: string): this {
    this.ensure(s.length * 3);
    this.offset += this.buf.write(s, this.offset, 'utf8');
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.offset);
    this.offset += b.length;
    return this;
  }

  /** A length-prefixed value (Int32 length then bytes; -1 for NULL), as in DataRow and Bind. */
  value(v: string | Uint8Array | null): this {
    if (v === null) return this.int32(-1);
    if (typeof v === 'string') {
      this.ensure(4 + v.length * 3);
      const n = this.buf.write(v, this.offset + 4, 'utf8');
      this.buf.writeInt32BE(n, this.offset);
      this.offset += 4 + n;
      return this;
    }
    this.int32(v.length);
    return this.bytes(v);
  }

  /** Hand out everything written so far (a copy-free view; the writer starts a fresh buffer). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.offset);
    this.buf = Buffer.allocUnsafe(Math.max(16 * 1024, Math.min(this.buf.length, 1024 * 1024)));
    this.offset = 0;
    return out;
  }
}
