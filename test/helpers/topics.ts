/**
 * Helpers for topic tests: backends to run the same suite on, and a collector of
 * NotificationResponses that waits for conditions with a deadline.
 */
import { connect as natsConnect } from 'nats';
import type pg from 'pg';
import { expect } from 'vitest';
import type { JammiConfig } from '../../src/config/index.js';

/** A broker backend the topic suite runs on: the server settings it needs, or why it is skipped. */
export interface TopicBackendCase {
  name: 'memory' | 'nats';
  config: Partial<JammiConfig>;
  /** Set when the backend cannot run here (the reason is printed). */
  skip: string | null;
  /** Remove what the backend left behind (the NATS stream). */
  cleanup(): Promise<void>;
}

/** The NATS server for tests, or null (with a printed reason) when JAMMI_TEST_NATS_URL is unset. */
export function natsTestUrl(): string | null {
  const url = process.env.JAMMI_TEST_NATS_URL;
  if (!url) process.stderr.write('JAMMI_TEST_NATS_URL is not set: topic tests on the NATS JetStream backend are skipped\n');
  return url || null;
}

/** The in-process backend. */
export const memoryBackend = (): TopicBackendCase => ({ name: 'memory', config: { broker: 'memory' }, skip: null, cleanup: async () => undefined });

/** The NATS backend on a stream of its own (so concurrent test files never share events). */
export function natsBackend(): TopicBackendCase {
  const url = natsTestUrl();
  const stream = `JAMMI_TEST_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    name: 'nats',
    config: { broker: 'nats', natsUrl: url ?? '', natsStream: stream },
    skip: url ? null : 'JAMMI_TEST_NATS_URL is not set',
    async cleanup() {
      if (!url) return;
      const nc = await natsConnect({ servers: url });
      try {
        await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
}

/** Every NotificationResponse a client receives, with waits. */
export class Received {
  readonly items: pg.Notification[] = [];

  constructor(client: pg.Client) {
    client.on('notification', (n) => this.items.push(n));
  }

  /** Parsed payloads on `channel`. */
  events(channel: string): Record<string, unknown>[] {
    return this.items.filter((n) => n.channel === channel).map((n) => JSON.parse(n.payload ?? 'null') as Record<string, unknown>);
  }

  /** `_offset`s of the events on `channel` (markers without one are left out). */
  offsets(channel: string): number[] {
    return this.events(channel)
      .filter((e) => typeof e._offset === 'number' && !e._overflow)
      .map((e) => e._offset as number);
  }

  /** Wait until `cond` holds (checked every 10 ms), failing with `what` after `ms`. */
  async until(cond: () => boolean, what: string, ms = 15000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) expect.fail(`timed out waiting for ${what}; received ${this.items.length} notifications`);
      await sleep(10);
    }
  }

  clear(): void {
    this.items.length = 0;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SQLSTATE a query fails with (fails the test if it succeeds). */
export async function sqlstate(client: pg.Client, sql: string, params?: unknown[]): Promise<string> {
  try {
    await client.query(sql, params);
  } catch (e) {
    return (e as { code?: string }).code ?? 'no code';
  }
  return expect.fail(`expected ${sql} to fail`);
}

/** 0, 1, …, n-1. */
export const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
