import type { EngineConnection } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { BrokerBackend } from './broker-backend.js';
import { appendToLog, INSERT_BATCH, type LogEvent, StatementCache } from './topic-log.js';
import type { TopicRegistry } from './topic-registry.js';
import type { TopicDef } from './topic-types.js';

type Rows = (string | null)[][];

interface Request {
  def: TopicDef;
  rows: Rows;
  senderPid: number;
  resolve: (events: LogEvent[]) => void;
  reject: (e: unknown) => void;
}

/** Rows committed in one group at most (more wait for the next group). */
const MAX_GROUP_ROWS = 5000;

/**
 * Group commit for publishes outside a transaction block. A commit of the log costs about as
 * much for one event as for hundreds (the WAL flush dominates), and commits of one topic are
 * serialised by its lock; so publishes that arrive while a commit is under way wait and are
 * appended together, in arrival order, in the next transaction on the broker's own connection.
 * Each caller gets its own events back. If a group fails, its requests are retried one by one,
 * so only a faulty one fails.
 */
export class TopicAppender {
  private queue: Request[] = [];
  private running = false;
  private conn: EngineConnection | null = null;
  private readonly statements = new StatementCache();
  private closed = false;

  constructor(
    private readonly registry: TopicRegistry,
    private readonly backend: BrokerBackend,
  ) {}

  /** Append and commit `rows` to `def`'s log as soon as possible; resolves with the committed events. */
  append(def: TopicDef, rows: Rows, senderPid: number): Promise<LogEvent[]> {
    if (this.closed) return Promise.reject(new PgError(SqlStates.object_not_in_prerequisite_state, 'the server is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ def, rows, senderPid, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    this.statements.clear();
    this.conn?.close();
    this.conn = null;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          await this.commit(group);
        } catch {
          // One faulty request must not fail the others: commit each on its own.
          for (const r of group) await this.commit([r]).catch((e: unknown) => r.reject(e));
        }
      }
    } finally {
      this.running = false;
    }
  }

  private takeGroup(): Request[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows + this.queue[n].rows.length <= MAX_GROUP_ROWS)) rows += this.queue[n++].rows.length;
    return this.queue.splice(0, n);
  }

  /** One transaction for the group, under the locks of its topics; resolves each request. */
  private async commit(group: Request[]): Promise<void> {
    const conn = (this.conn ??= await this.registry.connect());
    await this.registry.withLocks(
      group.map((r) => r.def.name),
      async () => {
        const live = group.filter((r) => this.registry.isCurrent(r.def) || (r.reject(dropped(r.def)), false));
        if (live.length === 0) return;
        const byTopic = new Map<string, Request[]>();
        for (const r of live) byTopic.set(r.def.name, [...(byTopic.get(r.def.name) ?? []), r]);
        const producedAt = new Date().toISOString();
        const appended: { requests: Request[]; events: LogEvent[] }[] = [];
        const appendTopic = async (requests: Request[]) => {
          const def = requests[0].def;
          appended.push({ requests, events: await appendToLog(conn, def, this.registry.nextOffset(def.name)!, producedAt, requests.flatMap((r) => r.rows), this.statements) });
        };
        const groups = [...byTopic.values()];
        if (groups.length === 1 && groups[0].reduce((n, r) => n + r.rows.length, 0) <= INSERT_BATCH) {
          // One statement is its own transaction: DuckDB's autocommit spares a BEGIN/COMMIT round.
          await appendTopic(groups[0]);
        } else {
          await conn.run('BEGIN TRANSACTION');
          try {
            for (const requests of groups) await appendTopic(requests);
            await conn.run('COMMIT');
          } catch (e) {
            await conn.run('ROLLBACK').catch(() => undefined);
            throw e;
          }
        }
        // Committed: nothing below may throw back into drain(), which would append again.
        for (const { requests, events } of appended) {
          const def = requests[0].def;
          this.registry.advance(def.name, events.length);
          let at = 0;
          for (const r of requests) {
            const mine = events.slice(at, (at += r.rows.length));
            try {
              this.backend.publish(mine.map((e) => ({ topic: def.name, offset: e.offset, origin: null, json: e.json, senderPid: r.senderPid, topicId: def.topicId })));
            } finally {
              r.resolve(mine);
            }
          }
        }
      },
    );
  }
}

const dropped = (def: TopicDef) => new PgError(SqlStates.undefined_object, `topic "${def.name}" was dropped before the event was committed`);
