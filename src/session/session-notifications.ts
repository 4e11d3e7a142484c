import type { Listener, Notification, NotificationHub } from '../broker/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { BackendSerializer } from '../wire/index.js';

/** Where topic events (notifications carrying `event`) go instead of straight to the queue. */
export interface TopicListener {
  deliver(n: Notification): void;
  /** The session stopped listening on `channel` (null: on every channel). */
  unlistened(channel: string | null): void;
}

/** A queued NotificationResponse and what to tell once it is written. */
interface Queued {
  n: Notification;
  sent?: () => void;
}

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
  private inbox: Queued[] = [];

  constructor(
    private readonly hub: NotificationHub,
    private readonly pid: number,
    /** Called when a notification arrives, so an idle session can send it at once. */
    private readonly arrived: () => void,
    private readonly topics?: TopicListener,
  ) {}

  /** From the hub: a committed notification on a channel this session listens on. */
  deliver(n: Notification): void {
    if (n.event && this.topics) this.topics.deliver(n);
    else this.enqueue(n);
  }

  /** Queue a notification for the client; `sent` is called once it is written. */
  enqueue(n: Notification, sent?: () => void): void {
    this.inbox.push({ n, sent });
    this.arrived();
  }

  /** Whether notifications wait to be sent. */
  get pending(): boolean {
    return this.inbox.length > 0;
  }

  /** Drop what subscriptions queued on `channel` (entries with a `sent` callback are theirs), not plain NOTIFYs. */
  purgeEvents(channel: string): void {
    this.inbox = this.inbox.filter((q) => !(q.n.channel === channel && q.sent));
  }

  /** Listen on `channel` now, even inside a transaction block (jammi.subscribe). */
  listenNow(channel: string): void {
    checkChannel(channel);
    this.hub.listen(channel, this);
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

  /** Write up to `max` of the notifications received so far as NotificationResponse messages; how many were written. */
  drain(ser: BackendSerializer, max = Infinity): number {
    const batch = this.inbox.length <= max ? this.inbox.splice(0) : this.inbox.splice(0, max);
    for (const q of batch) {
      ser.notification(q.n.senderPid, q.n.channel, q.n.payload);
      q.sent?.();
    }
    return batch.length;
  }

  /** The session ended: it listens no more. */
  close(): void {
    this.hub.unlistenAll(this);
    this.topics?.unlistened(null);
  }

  private apply(c: { channel: string | null; listen: boolean }): void {
    if (c.channel === null) this.hub.unlistenAll(this);
    else if (c.listen) this.hub.listen(c.channel, this);
    else this.hub.unlisten(c.channel, this);
    if (!c.listen) this.topics?.unlistened(c.channel);
  }
}

function checkChannel(channel: string): void {
  if (channel === '') throw new PgError(SqlStates.invalid_parameter_value, 'channel name cannot be empty');
  if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) throw new PgError(SqlStates.invalid_parameter_value, 'channel name too long');
}
