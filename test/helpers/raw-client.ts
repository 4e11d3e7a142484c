/**
 * A small raw PostgreSQL protocol 3.0 client for integration tests. It builds frontend
 * frames by hand (independently of src/) and splits backend bytes into typed frames, so
 * tests can assert exact message sequences and byte values.
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
import net from 'node:net';
import { fe as bytes, i16, i32, msg } from './bytes.js';

/** One backend message: its type character and body (without the type byte and length). */
export interface BackendFrame {
  type: string;
  body: Buffer;
}

// ---- frontend frame builders -------------------------------------------------------------
// The byte layouts live once, in bytes.ts (written from the spec, independent of src/);
// this is the positional spelling the integration tests use.

/** A typed frame: type byte, int32 length (including itself), body. */
export const frame = (type: string, ...parts: Buffer[]): Buffer => msg(type, ...parts);

/** An untyped (startup-phase) packet: int32 length, body. */
export function packet(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([i32(body.length + 4), body]);
}

export type Param = Buffer | string | null;

export const fe = {
  startup: (params: Record<string, string>): Buffer => bytes.startup(params),
  cancel: (pid: number, secret: number): Buffer => packet(i32(80877102), i32(pid), i32(secret)),
  sslRequest: (): Buffer => packet(i32(80877103)),
  query: (sql: string): Buffer => bytes.query(sql),
  parse: (name: string, sql: string, types: number[] = []): Buffer => bytes.parse(name, sql, types),
  bind: (portal: string, statement: string, params: Param[] = [], paramFormats: number[] = [], resultFormats: number[] = []): Buffer =>
    bytes.bind({ portal, statement, params, paramFormats, resultFormats }),
  describe: (kind: 'S' | 'P', name: string): Buffer => bytes.describe(kind, name),
  execute: (portal: string, maxRows = 0): Buffer => bytes.execute(portal, maxRows),
  close: (kind: 'S' | 'P', name: string): Buffer => bytes.close(kind, name),
  sync: (): Buffer => bytes.sync(),
  flush: (): Buffer => bytes.flush(),
  terminate: (): Buffer => bytes.terminate(),
};

// ---- binary value builders (parameters) ----------------------------------------------------

export const bin = {
  int2: (n: number) => i16(n),
  int4: (n: number) => i32(n),
  int8: (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(n);
    return b;
  },
  float8: (n: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(n);
    return b;
  },
  bool: (v: boolean) => Buffer.from([v ? 1 : 0]),
  /** Microseconds since 2000-01-01 00:00:00. */
  timestamp: (isoUtc: string) => {
    const ms = BigInt(Date.parse(isoUtc)) - 946684800000n;
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(ms * 1000n);
    return b;
  },
};

// ---- backend body parsers -------------------------------------------------------------------

/** Fields of an ErrorResponse/NoticeResponse by their one-letter code (S, V, C, M, D, H, ...). */
export function errorFields(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const code = String.fromCharCode(body[i]);
    const end = body.indexOf(0, i + 1);
    out[code] = body.subarray(i + 1, end).toString('utf8');
    i = end + 1;
  }
  return out;
}

export interface FieldDesc {
  name: string;
  tableOid: number;
  columnAttr: number;
  typeOid: number;
  typeSize: number;
  typeMod: number;
  format: number;
}

export function rowDescription(body: Buffer): FieldDesc[] {
  const n = body.readInt16BE(0);
  const out: FieldDesc[] = [];
  let o = 2;
  for (let i = 0; i < n; i++) {
    const end = body.indexOf(0, o);
    const name = body.subarray(o, end).toString('utf8');
    o = end + 1;
    out.push({
      name,
      tableOid: body.readUInt32BE(o),
      columnAttr: body.readInt16BE(o + 4),
      typeOid: body.readUInt32BE(o + 6),
      typeSize: body.readInt16BE(o + 10),
      typeMod: body.readInt32BE(o + 12),
      format: body.readInt16BE(o + 16),
    });
    o += 18;
  }
  return out;
}

export function dataRow(body: Buffer): (Buffer | null)[] {
  const n = body.readInt16BE(0);
  const out: (Buffer | null)[] = [];
  let o = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(o);
    o += 4;
    if (len === -1) out.push(null);
    else {
      out.push(body.subarray(o, o + len));
      o += len;
    }
  }
  return out;
}

/** A DataRow's cells as text (for text-format results). */
export function textRow(body: Buffer): (string | null)[] {
  return dataRow(body).map((c) => (c === null ? null : c.toString('utf8')));
}

export function parameterDescription(body: Buffer): number[] {
  const n = body.readInt16BE(0);
  return Array.from({ length: n }, (_, i) => body.readUInt32BE(2 + 4 * i));
}

/** The NUL-terminated string a CommandComplete carries. */
export function commandTag(body: Buffer): string {
  return body.subarray(0, body.indexOf(0)).toString('utf8');
}

export function parameterStatus(body: Buffer): [string, string] {
  const a = body.indexOf(0);
  const b = body.indexOf(0, a + 1);
  return [body.subarray(0, a).toString('utf8'), body.subarray(a + 1, b).toString('utf8')];
}

/** The type letters of a frame list, e.g. "1 2 T D C Z". */
export const types = (frames: BackendFrame[]) => frames.map((f) => f.type).join(' ');

// ---- the client -----------------------------------------------------------------------------

export interface RawConnectOptions {
  user?: string;
  database?: string;
  /** Extra startup parameters. */
  params?: Record<string, string>;
  /** Skip the startup exchange (for tests of the startup phase itself). */
  noStartup?: boolean;
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private frames: BackendFrame[] = [];
  private waiters: (() => void)[] = [];
  /** Set once the socket closed (either side). */
  closed = false;
  /** Raw bytes received before any framing (only used by startup-phase tests). */
  raw = Buffer.alloc(0);
  pid = 0;
  secret = 0;
  readonly serverParams = new Map<string, string>();
  /** Frames of the startup exchange, up to the first ReadyForQuery. */
  startupFrames: BackendFrame[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.raw = Buffer.concat([this.raw, d]);
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 5) {
        const len = this.buf.readInt32BE(1);
        if (this.buf.length < 1 + len) break;
        this.frames.push({ type: String.fromCharCode(this.buf[0]), body: Buffer.from(this.buf.subarray(5, 1 + len)) });
        this.buf = this.buf.subarray(1 + len);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async waitChange(deadline: number): Promise<boolean> {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), left);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /** Open a socket and (unless noStartup) run startup with trust auth up to ReadyForQuery. */
  static async connect(port: number, opts: RawConnectOptions = {}): Promise<RawClient> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const c = new RawClient(socket);
    if (opts.noStartup) return c;
    c.send(fe.startup({ user: opts.user ?? 'jammi', database: opts.database ?? 'jammi', ...(opts.params ?? {}) }));
    const frames = await c.readUntil('Z', 10000);
    c.startupFrames = frames;
    for (const f of frames) {
      if (f.type === 'E') throw new Error(`startup failed: ${JSON.stringify(errorFields(f.body))}`);
      if (f.type === 'K') {
        c.pid = f.body.readInt32BE(0);
        c.secret = f.body.readInt32BE(4);
      }
      if (f.type === 'S') c.serverParams.set(...parameterStatus(f.body));
    }
    return c;
  }

  send(...bufs: Buffer[]): void {
    this.socket.write(Buffer.concat(bufs));
  }

  /** Frames received and not yet taken, in order, until (and including) the first of `type`. */
  async readUntil(type: string, timeoutMs = 10000): Promise<BackendFrame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type);
      if (i >= 0) return this.frames.splice(0, i + 1);
      if (this.closed) throw new Error(`connection closed before '${type}'; got: ${types(this.frames)}`);
      if (!(await this.waitChange(deadline))) throw new Error(`timed out waiting for '${type}'; got: ${types(this.frames)}`);
    }
  }

  /** Frames until the n-th ReadyForQuery (inclusive). */
  async readUntilReady(n = 1, timeoutMs = 10000): Promise<BackendFrame[]> {
    const out: BackendFrame[] = [];
    for (let i = 0; i < n; i++) out.push(...(await this.readUntil('Z', timeoutMs)));
    return out;
  }

  /** Everything that arrives within `ms` (or until the socket closes). */
  async collect(ms: number): Promise<BackendFrame[]> {
    const deadline = Date.now() + ms;
    while (!this.closed && (await this.waitChange(deadline)));
    return this.frames.splice(0);
  }

  /** Wait for the server to close the socket; returns the frames that arrived first. */
  async waitClosed(timeoutMs = 10000): Promise<BackendFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (!(await this.waitChange(deadline))) throw new Error(`socket still open after ${timeoutMs} ms; got: ${types(this.frames)}`);
    }
    return this.frames.splice(0);
  }

  /** Take one unframed byte (the answer to SSLRequest) off the front of the stream. */
  async takeByte(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length === 0 && this.frames.length === 0) {
      if (this.closed) throw new Error('connection closed before a byte arrived');
      if (!(await this.waitChange(deadline))) throw new Error('timed out waiting for a byte');
    }
    if (this.frames.length) throw new Error(`expected one byte, got framed data: ${types(this.frames)}`);
    const b = String.fromCharCode(this.buf[0]);
    this.buf = this.buf.subarray(1);
    return b;
  }

  /** Send a simple Query and return its frames up to ReadyForQuery. */
  async query(sql: string): Promise<BackendFrame[]> {
    this.send(fe.query(sql));
    return this.readUntil('Z');
  }

  close(): void {
    if (!this.closed) {
      this.socket.write(fe.terminate());
      this.socket.end();
    }
    this.socket.destroy();
  }
}

/** Send a 16-byte CancelRequest on a fresh socket and wait for the server to close it. */
export async function sendCancel(port: number, pid: number, secret: number): Promise<void> {
  const s = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('error', reject);
  });
  s.write(fe.cancel(pid, secret));
  await new Promise<void>((resolve) => {
    s.on('close', () => resolve());
    s.on('error', () => resolve());
    s.resume();
  });
}
