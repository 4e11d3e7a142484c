import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';

/**
 * Reads the body of one message. Every read checks bounds first, so a short or lying
 * message becomes a protocol violation instead of garbage.
 */
export class BufferReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  private need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new PgError(SqlStates.protocol_violation, `invalid message format: truncated ${what}`);
    }
  }

  byte(): number {
    this.need(1, 'byte');
    return this.buf[this.offset++];
  }

  int16(): number {
    this.need(2, 'int16');
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4, 'int32');
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new PgError(SqlStates.protocol_violation, 'invalid message format: unterminated string');
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  bytes(n: number): Buffer {
    this.need(n, 'bytes');
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  /** Everything not read yet. */
  rest(): Buffer {
    const b = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return b;
  }

  /** Refuse trailing bytes, as Postgres does ("invalid message format"). */
  end(): void {
    if (this.offset !== this.buf.length) throw new PgError(SqlStates.protocol_violation, 'invalid message format');
  }
}
