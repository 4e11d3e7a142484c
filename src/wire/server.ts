import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AuthConfig, TlsConfig } from '../config/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { buildAuth } from './auth.js';
import { serveConnection } from './connection.js';
import type { ConnectionHandler, ConnectionHandlerFactory } from './connection.types.js';

export interface WireServerOptions {
  host: string;
  port: number;
  auth: AuthConfig;
  tls: TlsConfig | null;
  maxMessageBytes: number;
  maxConnections: number;
  handlerFactory: ConnectionHandlerFactory;
  log: Logger;
}

/** A listening Postgres-protocol server. */
export interface WireServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly host: string;
  /** Live client connections. */
  connectionCount(): number;
  close(): Promise<void>;
}

/** Start accepting connections; resolves once listening. */
export async function startWireServer(opts: WireServerOptions): Promise<WireServer> {
  const auth = await buildAuth(opts.auth);
  const tls = opts.tls ? { key: readFileSync(opts.tls.keyFile), cert: readFileSync(opts.tls.certFile) } : undefined;
  const live = new Map<number, { secret: number; handler: () => ConnectionHandler | null }>();
  const sockets = new Set<net.Socket>();
  const serving = new Set<Promise<void>>();
  let nextPid = 10000 + randomInt(1000);

  const factory: ConnectionHandlerFactory = async (info) => {
    if (live.size > opts.maxConnections) throw new PgError(SqlStates.too_many_connections, 'sorry, too many clients already');
    return opts.handlerFactory(info);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const done: Promise<void> = serveConnection(socket, {
      gateway: { auth, tls: tls as never },
      maxMessageBytes: opts.maxMessageBytes,
      handlerFactory: factory,
      log: opts.log,
      onCancel(pid, secret) {
        const c = live.get(pid);
        // A wrong secret is ignored silently, as Postgres does, so pids cannot be probed.
        if (c && c.secret === secret) c.handler()?.cancel();
      },
      register(handler) {
        const pid = nextPid++;
        const secret = randomInt(-2147483648, 2147483647);
        live.set(pid, { secret, handler });
        return { pid, secret, release: () => live.delete(pid) };
      },
    }).finally(() => serving.delete(done));
    serving.add(done);
  });
  server.maxConnections = opts.maxConnections * 2;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    host: opts.host,
    connectionCount: () => live.size,
    /** Stop listening, cancel running statements, end every connection and wait for their sessions to close. */
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of live.values()) c.handler()?.cancel();
      for (const s of sockets) s.destroy();
      // Sessions release their engine connections as they end; the engine must outlive them.
      // The grace timer is cleared once they have: left running, it kept a finished process alive for 10 s.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...serving]), new Promise((r) => (timer = setTimeout(r, 10000)))]);
      clearTimeout(timer);
      await closed;
    },
  };
}
