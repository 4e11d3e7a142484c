import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import type { LogEvent } from './topic-log.js';
import { TopicSubscription } from './topic-subscription.js';
import type { TopicEvent } from './topic-types.js';

const json = (offset: number, extra = '') => `{"_offset":${offset},"_produced_at":"2026-11-22T10:00:00+00:00","i":${offset}${extra}}`;
const live = (offset: number, topicId = 't1'): TopicEvent => ({ topic: 't', offset, origin: null, json: json(offset), senderPid: 7, topicId });

/** A sink that records payloads and lets the test decide when they are "written". */
function sink(autoSend = true) {
  const got: string[] = [];
  const unsent: (() => void)[] = [];
  return {
    got,
    offsets: () => got.map((p) => JSON.parse(p) as Record<string, unknown>).filter((e) => !e._overflow).map((e) => e._offset as number),
    sendAll: () => unsent.splice(0).forEach((s) => s()),
    push(payload: string, _pid: number, sent: () => void) {
      got.push(payload);
      if (autoSend) sent();
      else unsent.push(sent);
    },
  };
}

/** A log of `n` events whose reader lets the test interleave live events between reads. */
function logOf(n: () => number, onRead: (from: number) => void = () => undefined) {
  return async (from: number, limit: number): Promise<LogEvent[]> => {
    onRead(from);
    await Promise.resolve();
    const out: LogEvent[] = [];
    for (let o = from; o < Math.min(n(), from + limit); o++) out.push({ offset: o, json: json(o), row: [] });
    return out;
  };
}

const opts = (bufferLimit: number) => ({ topic: 't', filter: null, bufferLimit, log: silentLogger });

describe('TopicSubscription', () => {
  it('replays, then joins live events without gap or duplicate even when they overlap the reads', async () => {
    const s = sink();
    const sub = new TopicSubscription(opts(100), s);
    let committed = 10;
    // Each read "commits" two more events and delivers one of them live before the read returns.
    const read = logOf(
      () => committed,
      () => {
        committed += 2;
        sub.offer(live(committed - 2));
      },
    );
    await sub.replay('t1', 3, read);
    sub.offer(live(committed - 1));
    sub.offer(live(committed));
    expect(s.offsets()).toEqual(Array.from({ length: committed - 2 }, (_, i) => i + 3));
  });

  it('drops held live events past the buffer and reads the log again instead', async () => {
    const s = sink();
    const sub = new TopicSubscription(opts(4), s);
    let committed = 5;
    const read = logOf(
      () => committed,
      () => {
        // Ten events commit and arrive live during every read: more than the buffer can hold.
        for (let i = 0; i < 10 && committed < 40; i++) sub.offer(live(committed++));
      },
    );
    await sub.replay('t1', 0, read);
    expect(s.offsets()).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('waits for the client while replaying: at most the buffer is queued', async () => {
    const s = sink(false);
    const sub = new TopicSubscription(opts(10), s);
    const done = sub.replay('t1', 0, logOf(() => 50));
    await new Promise((r) => setTimeout(r, 20));
    expect(s.got.length).toBe(10);
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 0; i < 100 && !finished; i++) {
      expect(s.got.length - s.offsets().length).toBe(0);
      s.sendAll();
      await new Promise((r) => setTimeout(r, 2));
    }
    await done;
    expect(s.offsets()).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('reports an overflow once, with the first missing offset, and then stays silent', () => {
    const s = sink(false);
    const sub = new TopicSubscription(opts(3), s);
    for (let o = 0; o < 10; o++) sub.offer(live(o));
    s.sendAll();
    sub.offer(live(10));
    expect(s.offsets()).toEqual([0, 1, 2]);
    expect(JSON.parse(s.got[3])).toEqual({ _overflow: true, _first_missing_offset: 3, _buffer_limit: 3 });
    expect(s.got.length).toBe(4);
  });

  it('filters before counting against the buffer; a re-created topic starts from offset 0 again', () => {
    const s = sink(false);
    const sub = new TopicSubscription({ ...opts(2), filter: (row) => (row.i as number) % 2 === 0 }, s);
    for (let o = 0; o < 4; o++) sub.offer(live(o));
    expect(s.offsets()).toEqual([0, 2]);
    s.sendAll();
    sub.offer(live(0, 't2'));
    expect(s.offsets()).toEqual([0, 2, 0]);
  });

  it('closing stops a replay and further deliveries', async () => {
    const s = sink(false);
    const sub = new TopicSubscription(opts(4), s);
    const done = sub.replay('t1', 0, logOf(() => 100));
    await new Promise((r) => setTimeout(r, 10));
    sub.close();
    await done;
    sub.offer(live(100));
    expect(s.got.length).toBe(4);
  });
});
