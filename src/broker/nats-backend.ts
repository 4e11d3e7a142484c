import { connect, type ConsumerMessages, DeliverPolicy, headers, type JetStreamClient, type NatsConnection, nanos, RetentionPolicy, StorageType } from 'nats';
import { PgError, SqlStates } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { type BrokerBackend, eventNotification } from './broker-backend.js';
import type { NotificationHub } from './notification-hub.js';
import { withOrigin } from './topic-event.js';
import type { TopicEvent } from './topic-types.js';

export interface NatsBackendOptions {
  url: string;
  /** The JetStream stream (created if missing); its subjects are `<stream>.<topic>`. */
  stream: string;
  serverId: string;
}

const ORIGIN = 'Jammi-Origin';
const OFFSET = 'Jammi-Offset';
const PID = 'Jammi-Pid';
const TOPIC_ID = 'Jammi-Topic-Id';

/**
 * Topic events through NATS JetStream, so servers sharing a NATS server see each other's
 * topics. Every event, this server's own included, goes out to the stream and comes back
 * through one ordered consumer, so all servers deliver a topic's events in the stream's order.
 * Each server's log (its DuckDB) holds only the events its own clients published; an event from
 * another server carries `_origin` and that server's `_offset`.
 */
export class NatsBackend implements BrokerBackend {
  readonly kind = 'nats';
  private messages: ConsumerMessages | null = null;
  private closed = false;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly opts: NatsBackendOptions,
    private readonly hub: NotificationHub,
    private readonly log: Logger,
  ) {}

  get serverId(): string {
    return this.opts.serverId;
  }

  /** Connect, make sure the stream exists, and start delivering its new messages to the hub. */
  static async start(opts: NatsBackendOptions, hub: NotificationHub, log: Logger): Promise<NatsBackend> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: opts.url, name: `jammi ${opts.serverId}`, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    } catch (e) {
      throw new PgError(SqlStates.connection_exception, `cannot connect to NATS at ${opts.url}: ${(e as Error).message}`);
    }
    try {
      const jsm = await nc.jetstreamManager();
      const exists = await jsm.streams.info(opts.stream).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await jsm.streams.add({
          name: opts.stream,
          subjects: [`${opts.stream}.>`],
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          // Live delivery needs only recent messages: each server's log is the durable copy.
          max_age: nanos(24 * 3600 * 1000),
          duplicate_window: nanos(120 * 1000),
        });
      }
      const backend = new NatsBackend(nc, nc.jetstream(), opts, hub, log);
      await backend.consume();
      return backend;
    } catch (e) {
      await nc.close().catch(() => undefined);
      throw e;
    }
  }

  /** An ordered consumer of messages published from now on; it resumes after a reconnect where it left off. */
  private async consume(): Promise<void> {
    const consumer = await this.js.consumers.get(this.opts.stream, { filterSubjects: `${this.opts.stream}.>`, deliver_policy: DeliverPolicy.New });
    this.messages = await consumer.consume();
    const prefix = this.opts.stream.length + 1;
    void (async () => {
      for await (const m of this.messages!) {
        try {
          const origin = m.headers?.get(ORIGIN) ?? '';
          const own = origin === this.opts.serverId;
          const json = this.decoder.decode(m.data);
          const event: TopicEvent = {
            topic: m.subject.slice(prefix),
            offset: Number(m.headers?.get(OFFSET) ?? -1),
            origin: own ? null : origin,
            json: own ? json : withOrigin(json, origin),
            senderPid: own ? Number(m.headers?.get(PID) ?? 0) : 0,
            topicId: own ? (m.headers?.get(TOPIC_ID) ?? null) : null,
          };
          this.hub.publish([eventNotification(event)]);
        } catch (e) {
          this.log.warn('dropped a malformed message from NATS', e);
        }
      }
    })().catch((e: unknown) => {
      if (!this.closed) this.log.error('the NATS consumer stopped', e);
    });
  }

  publish(events: readonly TopicEvent[]): void {
    for (const e of events) {
      const h = headers();
      h.set(ORIGIN, this.opts.serverId);
      h.set(OFFSET, String(e.offset));
      h.set(PID, String(e.senderPid));
      if (e.topicId) h.set(TOPIC_ID, e.topicId);
      // A plain publish (no per-message acknowledgement, whose request bookkeeping costs more
      // than the event) on one connection keeps the offset order; the stream captures it, and
      // the message id lets JetStream drop a duplicate if the client re-sends after a reconnect.
      h.set('Nats-Msg-Id', `${this.opts.serverId}:${e.topic}:${e.offset}`);
      try {
        this.nc.publish(`${this.opts.stream}.${e.topic}`, this.encoder.encode(e.json), { headers: h });
      } catch (err) {
        this.log.warn(`event ${e.offset} of topic ${e.topic} was committed but not sent to NATS (subscribers can replay it from the log)`, err);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.messages?.stop();
    await this.nc.drain().catch(() => undefined);
  }
}
