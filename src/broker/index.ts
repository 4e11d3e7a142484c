export { type Listener, type Notification, NotificationHub } from './notification-hub.js';
export { type BrokerBackend, type BrokerKind, MemoryBackend } from './broker-backend.js';
export { type BrokerOptions, type TopicBroker, startBroker } from './topic-broker.js';
export { TopicRegistry } from './topic-registry.js';
export { TopicSubscription, type SubscriptionSink } from './topic-subscription.js';
export { compileTopicFilter, type TopicPredicate } from './topic-predicate.js';
export { columnValue, parseTopicColumns, payloadRows } from './topic-schema.js';
export { appendToLog, queryRows, readLog, type LogEvent } from './topic-log.js';
export type { TopicColumn, TopicDef, TopicEvent } from './topic-types.js';
