import type { Listener, Notification, NotificationHub } from '../broker/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { BackendSerializer } from '../wire/index.js';

/** Postgres's limits: a channel is an identifier, a payload shorter than 8000 bytes. */
const MAX_CHANNEL_BYTES = 63;
const MAX_PAYLOAD_BYTES = 7999;

/**
 * One session's LISTEN/NOTIFY state, with Postgres's timing: inside a transaction block
 * LISTEN, UNLISTEN and NOTIFY take effect at COMMIT (and vanish on ROLLBACK); identical
 * notifications of one transaction are sent once; received notifications wait until the
 * session is outside a transaction block.
 * @see https://www.postgresql.org/docs/15/sql-notify.html
 */
export class SessionNotifications implements Listener {
  private pendingChanges: { channel: string | null; listen: boolean }[] = [];
  private pendingNotifications: Notification[] = [];
  /** channel + NUL + payload of the pending ones: a repeat in one transaction is sent once. */
  private pendingKeys = new Set<string>();
  private readonly inbox: Notification[] = [];

  constructor(
    private readonly hub: NotificationHub,
    private readonly pid: number,
    /** Called when a notification arrives, so an idle session can send it at once. */
    private readonly arrived: () => void,
  ) {}

  /** From the hub: a committed notification on a channel this session listens on. */
  deliver(n: Notification): void {
    this.inbox.push(n);
    this.arrived();
  }

  /** LISTEN (listen = true) or UNLISTEN (channel null: every channel). */
  change(channel: string | null, listen: boolean, inTransaction: boolean): void {
    if (channel !== null) checkChannel(channel);
    if (inTransaction) this.pendingChanges.push({ channel, listen });
    else this.apply({ channel, listen });
  }

  /** NOTIFY: sent now, or at COMMIT inside a transaction block. */
  notify(channel: string | null, payload: string | null, inTransaction: boolean): void {
    if (channel === null) throw new PgError(SqlStates.invalid_parameter_value, 'channel name cannot be empty');
    checkChannel(channel);
    const text = payload ?? '';
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new PgError(SqlStates.invalid_parameter_value, 'payload string too long');
    const n = { channel, payload: text, senderPid: this.pid };
    if (!inTransaction) return this.hub.publish([n]);
    const key = `${channel}\u0000${text}`;
    if (this.pendingKeys.has(key)) return;
    this.pendingKeys.add(key);
    this.pendingNotifications.push(n);
  }

  /** The transaction block ended: carry out (committed) or drop what it queued. */
  endTransaction(committed: boolean): void {
    const changes = this.pendingChanges;
    const notifications = this.pendingNotifications;
    this.pendingChanges = [];
    this.pendingNotifications = [];
    this.pendingKeys = new Set();
    if (!committed) return;
    for (const c of changes) this.apply(c);
    this.hub.publish(notifications);
  }

  /** Write the notifications received so far as NotificationResponse messages. */
  drain(ser: BackendSerializer): boolean {
    if (this.inbox.length === 0) return false;
    for (const n of this.inbox.splice(0)) ser.notification(n.senderPid, n.channel, n.payload);
    return true;
  }

  /** The session ended: it listens no more. */
  close(): void {
    this.hub.unlistenAll(this);
  }

  private apply(c: { channel: string | null; listen: boolean }): void {
    if (c.channel === null) this.hub.unlistenAll(this);
    else if (c.listen) this.hub.listen(c.channel, this);
    else this.hub.unlisten(c.channel, this);
  }
}

function checkChannel(channel: string): void {
  if (channel === '') throw new PgError(SqlStates.invalid_parameter_value, 'channel name cannot be empty');
  if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) throw new PgError(SqlStates.invalid_parameter_value, 'channel name too long');
}
