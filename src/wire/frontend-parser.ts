import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';
import { BufferReader } from './buffer-reader.js';
import { FrontendCode, type FormatCode } from './message-codes.js';
import type { FrontendMessage } from './messages.js';

const protocolError = (msg: string) => new PgError(SqlStates.protocol_violation, msg, {}, 'FATAL');
/** A bad field in a well-framed message: an ERROR; the connection stays usable. */
const bodyError = (msg: string) => new PgError(SqlStates.protocol_violation, msg);

/**
 * Splits a byte stream into frontend messages. Lengths are checked before any buffering
 * beyond the 5-byte header, so a lying length costs nothing.
 * @see https://www.postgresql.org/docs/15/protocol-overview.html#PROTOCOL-MESSAGE-CONCEPTS
 */
export class FrontendParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** Feed bytes; returns every complete message. Throws a FATAL 08P01 PgError on a malformed stream. */
  push(chunk: Buffer): FrontendMessage[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: FrontendMessage[] = [];
    let buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    while (buf.length - offset >= 5) {
      const code = buf[offset];
      const len = buf.readInt32BE(offset + 1);
      if (len < 4) throw protocolError(`invalid message length ${len}`);
      if (len > this.maxMessageBytes) throw protocolError(`message of ${len} bytes exceeds the limit of ${this.maxMessageBytes}`);
      if (buf.length - offset < 1 + len) break;
      const body = buf.subarray(offset + 5, offset + 1 + len);
      out.push(decodeFramed(code, body));
      offset += 1 + len;
    }
    buf = offset === buf.length ? Buffer.alloc(0) : buf.subarray(offset);
    // Copy the remainder so a retained partial message does not pin a large socket chunk.
    this.pending = buf.length ? [Buffer.from(buf)] : [];
    this.pendingBytes = buf.length;
    return out;
  }
}

/**
 * Decode a message whose frame is sound. A bad field inside it (an unknown format code or
 * Describe/Close target) is an ordinary ERROR in Postgres, so it comes back as an Invalid
 * message for the session to report; only framing and unknown types are FATAL.
 */
function decodeFramed(code: number, body: Buffer): FrontendMessage {
  try {
    return decodeMessage(code, body);
  } catch (e) {
    if (e instanceof PgError && e.severity !== 'FATAL') return { type: 'Invalid', error: e };
    throw e;
  }
}

function formats(r: BufferReader, what: string): FormatCode[] {
  const n = r.int16();
  if (n < 0) throw bodyError(`invalid number of ${what} formats`);
  const out: FormatCode[] = [];
  for (let i = 0; i < n; i++) {
    const f = r.int16();
    if (f !== 0 && f !== 1) throw new PgError(SqlStates.invalid_parameter_value, `unsupported format code: ${f}`);
    out.push(f);
  }
  return out;
}

/** Decode one message body by its type byte. Each case is one message of the spec. */
export function decodeMessage(code: number, body: Buffer): FrontendMessage {
  const r = new BufferReader(body);
  let msg: FrontendMessage;
  switch (code) {
    // @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-QUERY
    case FrontendCode.Query:
      msg = { type: 'Query', sql: r.cstring() };
      break;
    // @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARSE
    case FrontendCode.Parse: {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      if (n < 0) throw bodyError('invalid number of parameter types');
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.int32() >>> 0);
      msg = { type: 'Parse', name, sql, paramTypes };
      break;
    }
    // @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BIND
    case FrontendCode.Bind: {
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = formats(r, 'parameter');
      const n = r.int16();
      if (n < 0) throw bodyError('invalid number of parameters');
      const params: (Buffer | null)[] = [];
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        if (len < -1) throw bodyError(`invalid parameter length ${len}`);
        params.push(len === -1 ? null : Buffer.from(r.bytes(len)));
      }
      const resultFormats = formats(r, 'result');
      msg = { type: 'Bind', portal, statement, paramFormats, params, resultFormats };
      break;
    }
    // @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-DESCRIBE
    case FrontendCode.Describe:
    case FrontendCode.Close: {
      const t = String.fromCharCode(r.byte());
      if (t !== 'S' && t !== 'P') {
        throw new PgError(SqlStates.protocol_violation, `invalid ${code === FrontendCode.Close ? 'CLOSE' : 'DESCRIBE'} message subtype ${t.charCodeAt(0)}`);
      }
      msg = { type: code === FrontendCode.Describe ? 'Describe' : 'Close', target: t, name: r.cstring() };
      break;
    }
    // @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-EXECUTE
    case FrontendCode.Execute:
      msg = { type: 'Execute', portal: r.cstring(), maxRows: r.int32() };
      break;
    case FrontendCode.Sync:
      msg = { type: 'Sync' };
      break;
    case FrontendCode.Flush:
      msg = { type: 'Flush' };
      break;
    case FrontendCode.Terminate:
      msg = { type: 'Terminate' };
      break;
    case FrontendCode.CopyData:
      return { type: 'CopyData', data: Buffer.from(r.rest()) };
    case FrontendCode.CopyDone:
      msg = { type: 'CopyDone' };
      break;
    case FrontendCode.CopyFail:
      msg = { type: 'CopyFail', message: r.cstring() };
      break;
    case FrontendCode.FunctionCall:
      r.rest();
      msg = { type: 'FunctionCall' };
      break;
    default:
      throw protocolError(`invalid frontend message type ${code}`);
  }
  r.end();
  return msg;
}
