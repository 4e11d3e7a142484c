import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Engine } from '../engine/index.js';
import type { Logger } from '../log/index.js';
import { type BrokerBackend, type BrokerKind, MemoryBackend } from './broker-backend.js';
import { NatsBackend } from './nats-backend.js';
import type { NotificationHub } from './notification-hub.js';
import { TopicAppender } from './topic-appender.js';
import { TopicRegistry } from './topic-registry.js';

/** The broker's settings (from the server config). */
export interface BrokerOptions {
  broker: BrokerKind;
  natsUrl: string;
  natsStream: string;
  /** Events a subscriber may have waiting before it is told of an overflow. */
  topicBufferEvents: number;
}

/** Everything sessions need for topics: the registry, the backend that carries events, and the buffer bound. */
export interface TopicBroker {
  registry: TopicRegistry;
  backend: BrokerBackend;
  /** Commits publishes made outside a transaction block, in groups. */
  appender: TopicAppender;
  bufferLimit: number;
  close(): Promise<void>;
}

/** Load the topics and start the configured backend. */
export async function startBroker(opts: BrokerOptions, db: Database.Database, engine: Engine, hub: NotificationHub, log: Logger): Promise<TopicBroker> {
  const registry = await TopicRegistry.open(db, engine, log);
  const serverId = randomUUID();
  const backend = opts.broker === 'nats' ? await NatsBackend.start({ url: opts.natsUrl, stream: opts.natsStream, serverId }, hub, log) : new MemoryBackend(hub, serverId);
  if (opts.broker === 'nats') log.info(`topics go through NATS JetStream at ${opts.natsUrl} (stream ${opts.natsStream})`);
  const appender = new TopicAppender(registry, backend);
  return {
    registry,
    backend,
    appender,
    bufferLimit: opts.topicBufferEvents,
    async close() {
      await appender.close();
      await backend.close();
    },
  };
}
