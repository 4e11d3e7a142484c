import type { TopicEvent } from './topic-types.js';

/** One NOTIFY as listeners receive it. */
export interface Notification {
  channel: string;
  payload: string;
  /** The backend process id of the session that sent it (NotificationResponse's pid). */
  senderPid: number;
  /** A topic's event (channel = topic name): listeners filter, deduplicate and bound these. */
  event?: TopicEvent;
}

/** A session listening on channels: it is handed every notification on them. */
export interface Listener {
  deliver(n: Notification): void;
}

/**
 * Postgres's LISTEN/NOTIFY between the sessions of one server: channels and their
 * listeners. Sessions decide when a LISTEN or a NOTIFY takes effect (at commit); the hub
 * only fans committed notifications out, in the order they were published.
 */
export class NotificationHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Each listener's channels, so ending a session does not scan every channel of the server. */
  private readonly channelsOf = new Map<Listener, Set<string>>();

  /** Start delivering `channel`'s notifications to `l` (idempotent). */
  listen(channel: string, l: Listener): void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(l);
    let mine = this.channelsOf.get(l);
    if (!mine) this.channelsOf.set(l, (mine = new Set()));
    mine.add(channel);
  }

  /** Stop delivering `channel` to `l`. */
  unlisten(channel: string, l: Listener): void {
    const set = this.listeners.get(channel);
    set?.delete(l);
    if (set?.size === 0) this.listeners.delete(channel);
    const mine = this.channelsOf.get(l);
    mine?.delete(channel);
    if (mine?.size === 0) this.channelsOf.delete(l);
  }

  /** Stop delivering anything to `l` (UNLISTEN *, or the session ended). */
  unlistenAll(l: Listener): void {
    for (const channel of [...(this.channelsOf.get(l) ?? [])]) this.unlisten(channel, l);
  }

  /** Deliver committed notifications to every listener of their channels, in order. */
  publish(notifications: readonly Notification[]): void {
    for (const n of notifications) for (const l of this.listeners.get(n.channel) ?? []) l.deliver(n);
  }
}
