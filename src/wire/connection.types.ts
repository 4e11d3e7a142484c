import type { BackendSerializer } from './backend-serializer.js';
import type { FrontendMessage } from './messages.js';

/** What the wire knows about a connection once it is authenticated. */
export interface StartupInfo {
  /** Startup parameters (user, database, application_name, options, …). */
  params: Record<string, string>;
  processId: number;
  secretKey: number;
  remoteAddress: string;
}

/** Where a handler writes replies; `flushIfFull` is the backpressure point for long results. */
export interface ProtocolOutput {
  readonly ser: BackendSerializer;
  /** Send buffered bytes if enough have accumulated, waiting while the socket is full. */
  flushIfFull(): Promise<void>;
  /** Send everything buffered now. */
  flush(): Promise<void>;
}

/** What a handler wants after a message. */
export type HandlerOutcome = 'continue' | 'close';

/**
 * The session side of a connection. The wire frames bytes into messages and hands each to
 * `handle`; it never interprets SQL.
 */
export interface ConnectionHandler {
  /** Write ParameterStatus, BackendKeyData and the first ReadyForQuery. */
  greet(out: ProtocolOutput): void;
  /**
   * One message. `next` is the type of the message after it when that one has already
   * arrived (a driver's Parse/Bind/Execute/Sync come in one packet), else undefined.
   */
  handle(msg: FrontendMessage, out: ProtocolOutput, next?: FrontendMessage['type']): Promise<HandlerOutcome>;
  /** A CancelRequest named this connection. */
  cancel(): void;
  /** The connection is gone; release everything (after any engine work still in flight). */
  close(): Promise<void>;
}

/** Creates the handler for an authenticated connection. A thrown PgError is sent as FATAL. */
export type ConnectionHandlerFactory = (info: StartupInfo) => Promise<ConnectionHandler>;
