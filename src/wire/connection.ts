import type { Socket } from 'node:net';
import { fromNodeSocket } from 'pg-gateway/node';
import type { PostgresConnectionOptions } from 'pg-gateway';
import { PgError, SqlStates, toPgError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { BackendSerializer } from './backend-serializer.js';
import type { ConnectionHandler, ConnectionHandlerFactory, ProtocolOutput } from './connection.types.js';
import { FrontendParser } from './frontend-parser.js';
import { StartupCode } from './message-codes.js';

/** Flush when this much output is buffered; large enough to batch rows, small enough to stream. */
const FLUSH_BYTES = 64 * 1024;
/** Unacknowledged output allowed per connection before the producer waits for the client. */
const MAX_INFLIGHT_BYTES = 1024 * 1024;
/** Postgres caps startup packets at 10,000 bytes. */
const MAX_STARTUP_BYTES = 10000;

export interface ConnectionOptions {
  gateway: Pick<PostgresConnectionOptions, 'auth' | 'tls'>;
  maxMessageBytes: number;
  handlerFactory: ConnectionHandlerFactory;
  /** Called with (pid, secret) of a CancelRequest. */
  onCancel: (pid: number, secret: number) => void;
  /** Registers a live connection for cancellation; returns its (pid, secret) and an unregister function. */
  register: (handler: () => ConnectionHandler | null) => { pid: number; secret: number; release: () => void };
  log: Logger;
}

type Duplex = { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

/**
 * Serve one client socket: pg-gateway runs startup, SSL negotiation and authentication;
 * then jammi detaches and owns the byte stream (framing with length limits, replies with
 * backpressure).
 */
export async function serveConnection(socket: Socket, opts: ConnectionOptions): Promise<void> {
  socket.setNoDelay(true);
  const reg = opts.register(() => handler);
  let handler: ConnectionHandler | null = null;
  let startupParams: Record<string, string> = {};
  let settle: (d: Promise<Duplex> | null) => void = () => undefined;
  const authDone = new Promise<Promise<Duplex> | null>((resolve) => (settle = resolve));
  socket.on('error', () => undefined);
  socket.on('close', () => settle(null));
  guardStartupPackets(socket, opts.gateway.tls !== undefined);
  try {
    const conn = await fromNodeSocket(socket, {
      ...opts.gateway,
      onMessage(data, state) {
        if (state.hasStarted) return undefined;
        if (data.byteLength > MAX_STARTUP_BYTES) {
          void conn.detach();
          socket.end(fatal(new PgError(SqlStates.protocol_violation, 'invalid length of startup packet')));
          return undefined;
        }
        if (data.byteLength >= 8) {
          const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
          const code = view.getInt32(4);
          if (code === StartupCode.CancelRequest && data.byteLength === 16) {
            opts.onCancel(view.getInt32(8), view.getInt32(12));
            void conn.detach();
            socket.end();
            return undefined;
          }
          if (code === StartupCode.GSSENCRequest) return new Uint8Array([0x4e]);
        }
        return undefined;
      },
      onAuthenticated(state) {
        startupParams = { ...(state.clientParams ?? {}) } as Record<string, string>;
        // Detaching here stops pg-gateway before its own ParameterStatus/ReadyForQuery; jammi sends the full set.
        settle(conn.detach());
      },
    });
    const detached = await authDone;
    if (!detached) return;
    const duplex = await detached;
    await waitFor(() => !duplex.readable.locked && !duplex.writable.locked);
    await runSession(duplex, startupParams, reg, opts, socket, (h) => (handler = h));
  } catch (e) {
    opts.log.debug('connection ended with error', e);
    socket.destroy();
  } finally {
    reg.release();
  }
}

async function runSession(
  duplex: Duplex,
  params: Record<string, string>,
  reg: { pid: number; secret: number },
  opts: ConnectionOptions,
  socket: Socket,
  setHandler: (h: ConnectionHandler) => void,
): Promise<void> {
  const writer = duplex.writable.getWriter();
  const reader = duplex.readable.getReader();
  const ser = new BackendSerializer();
  // Bytes handed to the socket whose write has not completed. The web stream counts queued
  // chunks, not bytes, so jammi keeps its own count to stop a slow reader's data piling up.
  let inflight = 0;
  const out: ProtocolOutput = {
    ser,
    async flush() {
      if (ser.pendingBytes === 0) return;
      const bytes = ser.flush();
      inflight += bytes.length;
      const done = writer.write(bytes).then(
        () => void (inflight -= bytes.length),
        () => void (inflight -= bytes.length),
      );
      // Small replies do not wait for the kernel (one event-loop turn each); a result larger
      // than the window waits until the client has taken enough of it.
      if (inflight > MAX_INFLIGHT_BYTES) await done;
    },
    async flushIfFull() {
      if (ser.pendingBytes >= FLUSH_BYTES) await out.flush();
    },
  };
  let handler: ConnectionHandler;
  try {
    handler = await opts.handlerFactory({ params, processId: reg.pid, secretKey: reg.secret, remoteAddress: socket.remoteAddress ?? '' });
  } catch (e) {
    ser.error(toPgError(e).fatal());
    await out.flush().catch(() => undefined);
    await writer.close().catch(() => undefined);
    return;
  }
  setHandler(handler);
  const parser = new FrontendParser(opts.maxMessageBytes);
  try {
    handler.greet(out);
    await out.flush();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const messages = parser.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      for (const [i, m] of messages.entries()) {
        if ((await handler.handle(m, out, messages[i + 1]?.type)) === 'close') {
          await out.flush();
          await writer.close().catch(() => undefined);
          return;
        }
      }
      await out.flush();
    }
  } catch (e) {
    const err = toPgError(e);
    if (err.code === SqlStates.internal_error) opts.log.error('connection failed', e);
    // A framing error or an unexpected failure ends this connection only, with a FATAL.
    ser.error(err.severity === 'FATAL' ? err : err.fatal());
    await out.flush().catch(() => undefined);
    await writer.close().catch(() => undefined);
  } finally {
    await handler.close().catch((e: unknown) => opts.log.error('closing a session failed', e));
    reader.releaseLock();
    socket.destroy();
  }
}

/**
 * Check the declared length of each plaintext startup packet as bytes arrive, before
 * pg-gateway buffers them: Postgres refuses a length outside [8, 10000] at once, and so does
 * jammi. Inspection stops at the StartupMessage, CancelRequest or a TLS upgrade.
 */
function guardStartupPackets(socket: Socket, tls: boolean): void {
  let seen = Buffer.alloc(0);
  let offset = 0;
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    while (seen.length - offset >= 8) {
      const len = seen.readInt32BE(offset);
      const code = seen.readInt32BE(offset + 4);
      if (len < 8 || len > MAX_STARTUP_BYTES) {
        socket.off('data', onData);
        socket.end(fatal(new PgError(SqlStates.protocol_violation, 'invalid length of startup packet')));
        socket.destroy();
        return;
      }
      const upgrades = code === StartupCode.SSLRequest && tls;
      if ((code !== StartupCode.SSLRequest && code !== StartupCode.GSSENCRequest) || upgrades) {
        socket.off('data', onData);
        return;
      }
      offset += len;
    }
  };
  socket.on('data', onData);
}

/** An ErrorResponse frame for failures before a session exists. */
function fatal(err: PgError): Buffer {
  const ser = new BackendSerializer();
  ser.error(err.fatal());
  return ser.flush();
}

/** Poll a condition on the event loop (pg-gateway releases its stream locks asynchronously). */
async function waitFor(cond: () => boolean, limitMs = 30000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error('timed out waiting for the connection to settle');
    await new Promise((r) => setImmediate(r));
  }
}
