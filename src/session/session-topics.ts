import { DuckDBDateValue, DuckDBTimestampTZValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import {
  appendToLog,
  columnValue,
  compileTopicFilter,
  type LogEvent,
  type Notification,
  payloadRows,
  queryRows,
  readLog,
  type TopicBroker,
  type TopicDef,
  TopicSubscription,
} from '../broker/index.js';
import type { EngineConnection, EngineParam } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { AdminCall, Route } from '../sql/index.js';
import { descForOid, formatDate, formatTimestamp, PgOid } from '../types/index.js';
import { argValue } from './admin-calls.js';
import type { ResultColumn } from './row-encoder.js';
import { type RowSource, TagSource, ValuesSource } from './row-source.js';
import type { TopicListener } from './session-notifications.js';

type Rows = (string | null)[][];
type TopicInsertRoute = Extract<Route, { kind: 'topic_insert' }>;

/** What SessionTopics needs from its session. */
export interface TopicSessionHooks {
  broker: TopicBroker;
  conn: EngineConnection;
  pid: number;
  log: Logger;
  tenant: () => string | null;
  /** Queue a NotificationResponse for the client. */
  enqueue: (n: Notification, sent: () => void) => void;
  /** LISTEN on a channel at once. */
  listen: (channel: string) => void;
  /** Drop the queued events of a channel. */
  purge: (channel: string) => void;
}

/**
 * One session's topics: the events its transaction publishes (appended to the logs and
 * handed to the broker at COMMIT, under the topics' locks, so offsets are contiguous and in
 * commit order; dropped on ROLLBACK), and its subscriptions (filters, replay, bounded buffers).
 */
export class SessionTopics implements TopicListener {
  private readonly subs = new Map<string, TopicSubscription>();
  /** Events of the open transaction block, by topic, in publish order. */
  private pending = new Map<string, { def: TopicDef; rows: Rows }>();

  constructor(private readonly h: TopicSessionHooks) {}

  // ---- subscribing ----------------------------------------------------------------------

  /** A topic event on a channel the session listens on (a plain LISTEN subscribes without a filter). */
  deliver(n: Notification): void {
    // Channels are server-wide, topics are not: another tenant's topic is not delivered (nor,
    // to a tenant, a topic this server does not know, such as another server's).
    const registry = this.h.broker.registry;
    const tenant = this.h.tenant();
    if (!registry.get(n.channel, tenant) && (tenant !== null || registry.nextOffset(n.channel) !== null)) return;
    let sub = this.subs.get(n.channel);
    if (!sub) this.subs.set(n.channel, (sub = this.subscription(n.channel, null)));
    sub.offer(n.event!);
  }

  /** UNLISTEN: the subscription ends, and what it queued is not sent (Postgres checks LISTEN at delivery too). */
  unlistened(channel: string | null): void {
    for (const [name, sub] of this.subs) {
      if (channel !== null && name !== channel) continue;
      sub.close();
      this.subs.delete(name);
      this.h.purge(name);
    }
  }

  /** `jammi.subscribe(topic, filter, from_offset)`: listen (at once) with a filter, replaying the log from an offset first. */
  subscribe(topic: string, filter: string | null, from: number | null): { def: TopicDef; next: number } {
    const def = this.h.broker.registry.require(topic, this.h.tenant());
    const predicate = filter === null ? null : compileTopicFilter(filter, def.columns);
    if (from !== null && (!Number.isSafeInteger(from) || from < 0)) throw new PgError(SqlStates.invalid_parameter_value, `from_offset must be a non-negative integer, got ${from}`);
    this.subs.get(topic)?.close();
    // A replay sends everything from `from` again: what is queued of the old subscription would come twice.
    if (from !== null) this.h.purge(topic);
    const sub = this.subscription(topic, predicate);
    this.subs.set(topic, sub);
    this.h.listen(topic);
    const next = this.h.broker.registry.nextOffset(topic) ?? 0;
    if (from !== null) {
      let conn: EngineConnection | null = null;
      void sub
        .replay(def.topicId, from, async (f, limit) => readLog((conn ??= await this.h.broker.registry.connect()), def, f, limit))
        .finally(() => (conn as EngineConnection | null)?.close());
    }
    return { def, next };
  }

  private subscription(topic: string, filter: ReturnType<typeof compileTopicFilter> | null): TopicSubscription {
    return new TopicSubscription(
      { topic, filter, bufferLimit: this.h.broker.bufferLimit, log: this.h.log },
      { push: (payload, senderPid, sent) => this.h.enqueue({ channel: topic, payload, senderPid }, sent) },
    );
  }

  /** The session ended. */
  close(): void {
    this.unlistened(null);
    this.pending.clear();
  }

  // ---- publishing ------------------------------------------------------------------------

  /** `jammi.publish` and `jammi.subscribe`, which act on the session's transaction and subscriptions. */
  async call(call: AdminCall, params: readonly EngineParam[], inBlock: boolean): Promise<RowSource> {
    const v = call.args.map((a) => argValue(a, params));
    const columns = call.fn.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) }));
    const name = requireText(v[0], call.fn.name, 'topic');
    if (call.fn.name === 'subscribe') {
      const from = v[2] === null ? null : Number(v[2]);
      const filter = v[1] === null ? null : String(v[1]);
      const { def, next } = this.subscribe(name, filter, from);
      return new ValuesSource(columns, [[def.name, filter, from, next]]);
    }
    const def = this.h.broker.registry.require(name, this.h.tenant());
    let payload: unknown;
    try {
      payload = JSON.parse(requireText(v[1], call.fn.name, 'payload'));
    } catch (e) {
      if (e instanceof PgError) throw e;
      throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type json', { detail: 'jammi.publish: argument "payload" is not valid JSON' });
    }
    const rows = payloadRows(def.columns, payload);
    const events = await this.publish(def, rows, inBlock);
    return new ValuesSource(columns, events ? events.map((e) => [e.offset]) : rows.map(() => [null]));
  }

  /** `INSERT INTO topics."<name>" …`: a publish of the rows, with RETURNING from the log. */
  async insert(route: TopicInsertRoute, params: EngineParam[], inBlock: boolean): Promise<RowSource> {
    const ins = route.insert;
    const def = this.h.broker.registry.require(ins.topic, this.h.tenant());
    const returning = ins.returning ? this.returningColumns(def, ins.returning) : null;
    if (returning && inBlock) {
      throw new PgError(SqlStates.feature_not_supported, `RETURNING from an INSERT into ${def.backingTable} inside a transaction block is not supported`, {
        detail: 'Offsets are assigned when the transaction commits.',
      });
    }
    const targets = this.targets(def, ins.columns);
    const raw: unknown[][] = ins.values
      ? ins.values.map((r) => r.map((a) => argValue(a, params)))
      : (await queryRows(this.h.conn, typeof route.query!.sql === 'string' ? route.query!.sql : route.query!.sql(), params)).map((r) => r.map(plainValue));
    const rows = raw.map((r) => {
      if (r.length > targets.length) throw new PgError(SqlStates.syntax_error, 'INSERT has more expressions than target columns');
      if (r.length < targets.length && ins.columns) throw new PgError(SqlStates.syntax_error, 'INSERT has more target columns than expressions');
      const out: (string | null)[] = def.columns.map(() => null);
      r.forEach((value, i) => (out[targets[i]] = columnValue(def.columns[targets[i]], value, 'sql')));
      return out;
    });
    if (rows.length === 0) return returning ? new ValuesSource(returning.columns, [], 'INSERT') : new TagSource('INSERT 0 0');
    const events = await this.publish(def, rows, inBlock);
    if (!returning) return new TagSource(`INSERT 0 ${rows.length}`);
    return new ValuesSource(returning.columns, events!.map((e) => returning.pick.map((i) => e.row[i])), 'INSERT');
  }

  /** Result columns of an INSERT into a topic with RETURNING (for Describe), or null. */
  describeInsert(route: TopicInsertRoute): ResultColumn[] | null {
    const ins = route.insert;
    if (!ins.returning) return null;
    return this.returningColumns(this.h.broker.registry.require(ins.topic, this.h.tenant()), ins.returning).columns;
  }

  private returningColumns(def: TopicDef, names: string[]): { columns: ResultColumn[]; pick: number[] } {
    const all = [
      { name: '_offset', oid: PgOid.int8 },
      { name: '_produced_at', oid: PgOid.timestamptz },
      ...def.columns.map((c) => ({ name: c.name, oid: c.type.oid })),
    ];
    const pick = names.flatMap((n) => {
      if (n === '*') return all.map((_, i) => i);
      const i = all.findIndex((c) => c.name === n);
      if (i < 0) throw new PgError(SqlStates.undefined_column, `column "${n}" does not exist`, { hint: `Columns of ${def.backingTable}: ${all.map((c) => c.name).join(', ')}.` });
      return [i];
    });
    return { columns: pick.map((i) => ({ name: all[i].name, type: descForOid(all[i].oid) })), pick };
  }

  /** Indexes into the topic's columns of an INSERT's target list (all columns in order when none is given). */
  private targets(def: TopicDef, names: string[] | null): number[] {
    if (!names) return def.columns.map((_, i) => i);
    const seen = new Set<string>();
    return names.map((n) => {
      if (n === '_offset' || n === '_produced_at') {
        throw new PgError(SqlStates.generated_always, `cannot insert a non-DEFAULT value into column "${n}"`, { detail: `Column "${n}" is assigned when the event is committed.` });
      }
      if (seen.has(n)) throw new PgError(SqlStates.duplicate_column, `column "${n}" specified more than once`);
      seen.add(n);
      const i = def.columns.findIndex((c) => c.name === n);
      if (i < 0) throw new PgError(SqlStates.undefined_column, `column "${n}" of relation "${def.name}" does not exist`);
      return i;
    });
  }

  /**
   * Publish checked rows: inside a transaction block they wait for COMMIT (and null is
   * returned: offsets are not known yet); otherwise they are committed now, and returned.
   */
  private async publish(def: TopicDef, rows: Rows, inBlock: boolean): Promise<LogEvent[] | null> {
    if (inBlock) {
      const p = this.pending.get(def.name);
      if (p && p.def.topicId === def.topicId) p.rows.push(...rows);
      else this.pending.set(def.name, { def, rows: [...rows] });
      return null;
    }
    // Outside a transaction block the events commit on the broker's connection, grouped with
    // other sessions' (one WAL flush for many publishes).
    return this.h.broker.appender.append(def, rows, this.h.pid);
  }

  /**
   * Commit the session's transaction (`run` sends COMMIT to the engine), appending the
   * transaction's events to their logs first, under their topics' locks.
   */
  async commit(run: () => Promise<void>): Promise<void> {
    if (this.pending.size === 0) return run();
    const entries = [...this.pending.values()];
    this.pending = new Map();
    await this.h.broker.registry.withLocks(
      entries.map((e) => e.def.name),
      async () => {
        let appended;
        try {
          appended = await this.append(entries);
        } catch (e) {
          // The caller's COMMIT then fails: the engine transaction must be gone with it.
          await this.h.conn.run('ROLLBACK').catch(() => undefined);
          throw e;
        }
        await run();
        this.committed(appended);
      },
    );
  }

  /** The transaction ended without a commit (or its commit ran): nothing of it is pending. */
  endTransaction(): void {
    this.pending = new Map();
  }

  /** Append under the locks: offsets from each topic's next one, one production time. */
  private async append(entries: { def: TopicDef; rows: Rows }[]): Promise<{ def: TopicDef; events: LogEvent[] }[]> {
    const registry = this.h.broker.registry;
    const producedAt = new Date().toISOString();
    const out = [];
    for (const { def, rows } of entries) {
      if (!registry.isCurrent(def)) throw new PgError(SqlStates.undefined_object, `topic "${def.name}" was dropped before the transaction committed`);
      out.push({ def, events: await appendToLog(this.h.conn, def, registry.nextOffset(def.name)!, producedAt, rows) });
    }
    return out;
  }

  /** After COMMIT, still under the locks: take the offsets and hand the events to the broker, in offset order. */
  private committed(appended: { def: TopicDef; events: LogEvent[] }[]): void {
    for (const { def, events } of appended) {
      this.h.broker.registry.advance(def.name, events.length);
      this.h.broker.backend.publish(events.map((e) => ({ topic: def.name, offset: e.offset, origin: null, json: e.json, senderPid: this.h.pid, topicId: def.topicId })));
    }
  }
}

function requireText(v: string | number | boolean | null, fn: string, param: string): string {
  if (v === null) throw new PgError(SqlStates.null_value_not_allowed, `jammi.${fn}: argument "${param}" must not be NULL`);
  return String(v);
}

/** A value DuckDB computed for an INSERT … SELECT, as the text or JS scalar the column checks read. */
function plainValue(v: DuckDBValue): unknown {
  if (v instanceof DuckDBTimestampTZValue) return formatTimestamp(v.micros) + '+00';
  if (v instanceof DuckDBTimestampValue) return formatTimestamp(v.micros);
  if (v instanceof DuckDBDateValue) return formatDate(v.days);
  if (v === null || typeof v !== 'object') return v;
  return String(v);
}
