import type { NotificationHub } from './notification-hub.js';
import type { TopicEvent } from './topic-types.js';

/** Which backend carries topic events: this process only, or NATS JetStream between servers. */
export type BrokerKind = 'memory' | 'nats';

/**
 * Where committed topic events go. Every backend ends in the server's NotificationHub, whose
 * listeners (sessions that LISTEN on the topic) filter and buffer them.
 */
export interface BrokerBackend {
  readonly kind: BrokerKind;
  /** This server's id, as other servers' events name theirs in `_origin`. */
  readonly serverId: string;
  /**
   * Events of one topic, committed, in offset order. Called under the topic's lock, so the
   * order of calls is the order of offsets; it must not wait for subscribers.
   */
  publish(events: readonly TopicEvent[]): void;
  close(): Promise<void>;
}

/** A topic event as the hub carries it. */
export const eventNotification = (e: TopicEvent) => ({ channel: e.topic, payload: e.json, senderPid: e.senderPid, event: e });

/** The in-process backend: events reach this server's listeners at once, in order. */
export class MemoryBackend implements BrokerBackend {
  readonly kind = 'memory';

  constructor(
    private readonly hub: NotificationHub,
    readonly serverId: string,
  ) {}

  publish(events: readonly TopicEvent[]): void {
    this.hub.publish(events.map(eventNotification));
  }

  async close(): Promise<void> {}
}
