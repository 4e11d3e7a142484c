import type { Logger } from '../log/index.js';
import { deliveredPayload } from './topic-event.js';
import type { LogEvent } from './topic-log.js';
import type { FilterRow, TopicPredicate } from './topic-predicate.js';
import type { TopicEvent } from './topic-types.js';

/** Where a subscription's notifications go: the session's queue of NotificationResponses. */
export interface SubscriptionSink {
  /** Queue one notification; `sent` is called once it has been written to the client. */
  push(payload: string, senderPid: number, sent: () => void): void;
}

/** Reads a topic's log for replay: events with `_offset >= from`, in order, at most `limit`. */
export type LogReader = (from: number, limit: number) => Promise<LogEvent[]>;

export interface SubscriptionOptions {
  topic: string;
  filter: TopicPredicate | null;
  /** Events queued for the client at most; past it the subscription reports an overflow and stops. */
  bufferLimit: number;
  log: Logger;
}

/** Events read from the log per query while replaying. */
const REPLAY_BATCH = 1000;

type State = 'live' | 'replaying' | 'overflowed' | 'closed';

/**
 * One session's subscription to one topic: it filters events, bounds what waits for a slow
 * client, and replays the log before the live tail.
 *
 * Replay without gap or duplicate: the subscription listens before it reads the log. While
 * replaying, live events are held (not sent); each log read returns what was committed before
 * it began, and an event is handed to listeners only after its commit, so every event is in a
 * read or among the held ones. When a read comes back short, the held events past the last
 * replayed offset follow and the subscription is live. Held events are bounded too: past the
 * limit they are dropped and the replay reads the log again instead.
 */
export class TopicSubscription {
  private state: State = 'live';
  /** Queued for the client, not yet written. */
  private queued = 0;
  /** The highest local offset replayed (or held and sent). */
  private last = -1;
  private held: TopicEvent[] = [];
  /** Bumped when held events are dropped: a replay read that began before cannot finish the replay. */
  private heldEpoch = 0;
  /** The topic (by id) whose offsets `last` counts. */
  private topicId: string | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly opts: SubscriptionOptions,
    private readonly sink: SubscriptionSink,
  ) {}

  get topic(): string {
    return this.opts.topic;
  }

  /** A live event from the hub. Never waits: a slow client costs at most its buffer. */
  offer(e: TopicEvent): void {
    if (this.state === 'closed' || this.state === 'overflowed') return;
    if (e.origin === null) {
      if (e.topicId !== this.topicId) {
        // The topic was dropped and created again: its offsets start from 0.
        this.topicId = e.topicId;
        this.last = -1;
      }
      // Published after a replay read that already returned it (its commit came first).
      if (e.offset <= this.last) return;
      if (this.state === 'replaying') {
        this.held.push(e);
        if (this.held.length > this.opts.bufferLimit) {
          this.held = [];
          this.heldEpoch++;
        }
        return;
      }
      this.last = e.offset;
    }
    this.emit(e.offset, e.json, e.senderPid, e, e.origin);
  }

  /**
   * Replay the log of the topic `topicId` from `from`, then go live. Runs in the background;
   * `read` is called only when the client has taken most of what is queued.
   */
  replay(topicId: string, from: number, read: LogReader): Promise<void> {
    this.state = 'replaying';
    this.topicId = topicId;
    this.last = from - 1;
    return this.runReplay(read).catch((e: unknown) => {
      this.opts.log.warn(`replay of topic ${this.opts.topic} stopped`, e);
      if (this.state === 'replaying') this.goLive();
    });
  }

  /** Stop: nothing more is queued, and a replay in progress ends. */
  close(): void {
    this.state = 'closed';
    this.held = [];
    this.wake?.();
  }

  private async runReplay(read: LogReader): Promise<void> {
    const batch = Math.max(1, Math.min(REPLAY_BATCH, Math.floor(this.opts.bufferLimit / 2)));
    for (;;) {
      await this.roomFor(batch);
      if (this.state !== 'replaying') return;
      const epoch = this.heldEpoch;
      const events = await read(this.last + 1, batch);
      if (this.state !== 'replaying') return;
      for (const e of events) {
        if (e.offset <= this.last) continue;
        this.last = e.offset;
        this.emit(e.offset, e.json, 0, null, null);
      }
      if (events.length < batch && epoch === this.heldEpoch) return this.goLive();
    }
  }

  private goLive(): void {
    const held = this.held;
    this.held = [];
    this.state = 'live';
    for (const e of held) {
      if (e.offset <= this.last) continue;
      this.last = e.offset;
      this.emit(e.offset, e.json, e.senderPid, e, null);
      if (this.state !== 'live') return;
    }
  }

  /** Wait until `n` more events fit under the buffer limit (or the subscription ends). */
  private async roomFor(n: number): Promise<void> {
    while (this.state === 'replaying' && this.queued + n > this.opts.bufferLimit && this.queued > 0) {
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }

  private emit(offset: number, json: string, senderPid: number, event: TopicEvent | null, origin: string | null): void {
    if (this.opts.filter && !this.opts.filter(rowOf(event, json))) return;
    if (this.queued >= this.opts.bufferLimit) return this.overflow(offset, origin);
    this.queued++;
    this.sink.push(deliveredPayload(json, offset, origin), senderPid, () => this.sent());
  }

  private sent(): void {
    this.queued--;
    if (this.wake && this.queued <= this.opts.bufferLimit / 2) this.wake();
  }

  /** The client fell behind by a whole buffer: say so once, with where to resume, and stop. */
  private overflow(firstMissing: number, origin: string | null): void {
    this.state = 'overflowed';
    this.held = [];
    const from = origin === null ? '' : `,"_origin":${JSON.stringify(origin)}`;
    this.sink.push(`{"_overflow":true,"_first_missing_offset":${firstMissing}${from},"_buffer_limit":${this.opts.bufferLimit}}`, 0, () => undefined);
  }
}

/** The parsed payload a filter reads; parsed once per event however many subscriptions filter it. */
function rowOf(event: TopicEvent | null, json: string): FilterRow {
  if (!event) return JSON.parse(json) as FilterRow;
  return (event.parsed ??= JSON.parse(json) as FilterRow);
}
