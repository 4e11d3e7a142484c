import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type Engine, type EngineConnection, TOPICS_SCHEMA, USER_CATALOG } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { PgOid } from '../types/index.js';
import { KeyedMutex } from './keyed-mutex.js';
import { createLogSql, logTable, nextOffsetOf } from './topic-log.js';
import { checkTopicName, typeByName } from './topic-schema.js';
import type { TopicColumn, TopicDef } from './topic-types.js';

interface TopicRow {
  topic_id: string;
  name: string;
  schema_json: string;
  created_at: string;
  tenant_id: string | null;
}

/** A topic and the offset its next event gets. */
interface TopicState {
  def: TopicDef;
  next: number;
}

/** `schema_json` of a topic: its columns as `{"name": "type", …}`, the form create_topic takes. */
const schemaJson = (columns: readonly TopicColumn[]) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.type.name])));

/** The log's columns as `mutable_tables.schema_json` records a table's (the writable tables' MutableColumn shape). */
function logColumnsJson(columns: readonly TopicColumn[]): string {
  const col = (name: string, type: string, oid: number, duckdbType: string, nullable: boolean) => ({ name, type, oid, typmod: -1, nullable, default: null, duckdbType });
  return JSON.stringify({
    columns: [
      col('_offset', 'bigint', PgOid.int8, 'BIGINT', false),
      col('_produced_at', 'timestamp with time zone', PgOid.timestamptz, 'TIMESTAMP WITH TIME ZONE', false),
      ...columns.map((c) => col(c.name, c.type.name, c.type.oid, c.type.duckdb, true)),
    ],
    constraints: [],
  });
}

function decode(row: TopicRow): TopicDef {
  const spec = JSON.parse(row.schema_json) as Record<string, string>;
  const columns = Object.entries(spec).map(([name, t]) => ({ name, type: typeByName(t)! }));
  return { topicId: row.topic_id, name: row.name, columns, backingTable: `${TOPICS_SCHEMA}."${row.name}"`, tenantId: row.tenant_id, createdAt: row.created_at };
}

/**
 * The server's topics: their definitions in the catalog (`topics`, with the log registered in
 * `mutable_tables`), their logs in DuckDB, and the next offset of each. Offsets are handed out
 * only under the topic's lock (see `withLocks`), so they stay contiguous.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, TopicState>();
  private changes = 0;

  /** Increases whenever a topic is created or dropped (the emulated catalog lists their logs). */
  get version(): number {
    return this.changes;
  }

  /** Every topic's name. */
  names(): string[] {
    return [...this.topics.keys()];
  }
  private readonly locks = new KeyedMutex();

  private constructor(
    private readonly db: Database.Database,
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /** Load every topic and find each log's next offset (one past its highest). */
  static async open(db: Database.Database, engine: Engine, log: Logger): Promise<TopicRegistry> {
    const r = new TopicRegistry(db, engine, log);
    await engine.exec(`CREATE SCHEMA IF NOT EXISTS ${USER_CATALOG}.${TOPICS_SCHEMA}`);
    const conn = await engine.connect();
    try {
      for (const row of db.prepare('SELECT topic_id, name, schema_json, created_at, tenant_id FROM topics ORDER BY name').all() as TopicRow[]) {
        const def = decode(row);
        let next = 0;
        try {
          next = await nextOffsetOf(conn, def.name);
        } catch (e) {
          log.warn(`the log of topic ${def.name} is missing; created it empty`, e);
          await engine.exec(createLogSql(def));
        }
        r.topics.set(def.name, { def, next });
      }
    } finally {
      conn.close();
    }
    return r;
  }

  /** A topic visible to `tenant` (its own and global ones), or null. */
  get(name: string, tenant: string | null): TopicDef | null {
    const t = this.topics.get(name)?.def;
    return t && (t.tenantId === null || t.tenantId === tenant) ? t : null;
  }

  /** A topic visible to `tenant`, or 42704. */
  require(name: string, tenant: string | null): TopicDef {
    const t = this.get(name, tenant);
    if (!t) throw new PgError(SqlStates.undefined_object, `topic "${name}" does not exist`, { hint: "Create it with jammi.create_topic(name, columns)." });
    return t;
  }

  /** The log's columns with their Postgres types (what `SELECT * FROM topics."<name>"` reports), or null. */
  logColumns(name: string, tenant: string | null): { name: string; oid: number; typmod: number }[] | null {
    const t = this.get(name, tenant);
    if (!t) return null;
    return [
      { name: '_offset', oid: PgOid.int8, typmod: -1 },
      { name: '_produced_at', oid: PgOid.timestamptz, typmod: -1 },
      ...t.columns.map((c) => ({ name: c.name, oid: c.type.oid, typmod: -1 })),
    ];
  }

  /** The offset the next committed event of `name` gets (null for an unknown topic). */
  nextOffset(name: string): number | null {
    return this.topics.get(name)?.next ?? null;
  }

  /** Whether `def` is still the registered topic of its name (not dropped, not re-created). */
  isCurrent(def: TopicDef): boolean {
    return this.topics.get(def.name)?.def.topicId === def.topicId;
  }

  /** Create a topic and its empty log. 42710 if the name is taken (by any tenant: names are server-wide). */
  async create(name: string, columns: TopicColumn[], tenant: string | null): Promise<TopicDef> {
    checkTopicName(name);
    return this.locks.with([name], async () => {
      if (this.topics.has(name)) throw new PgError(SqlStates.duplicate_object, `topic "${name}" already exists`);
      const now = new Date().toISOString();
      const def: TopicDef = { topicId: randomUUID(), name, columns, backingTable: `${TOPICS_SCHEMA}."${name}"`, tenantId: tenant, createdAt: now };
      // The catalog decides which topics exist: a table left by a crash between the two steps is replaced.
      await this.engine.exec(`DROP TABLE IF EXISTS ${logTable(name)}`);
      await this.engine.exec(createLogSql(def));
      try {
        const tableId = randomUUID();
        this.db.transaction(() => {
          this.db
            .prepare(`INSERT INTO mutable_tables (id, schema_name, table_name, schema_json, primary_key, backend_kind, order_column, created_at, updated_at, tenant_id) VALUES (?, ?, ?, ?, '[]', 'topic_log', '_offset', ?, ?, ?)`)
            .run(tableId, TOPICS_SCHEMA, name, logColumnsJson(columns), now, now, tenant);
          this.db
            .prepare(`INSERT INTO topics (topic_id, name, schema_json, broker_metadata, backing_table, created_at, tenant_id) VALUES (?, ?, ?, '{}', ?, ?, ?)`)
            .run(def.topicId, name, schemaJson(columns), tableId, now, tenant);
        })();
      } catch (e) {
        await this.engine.exec(`DROP TABLE IF EXISTS ${logTable(name)}`).catch(() => undefined);
        throw e;
      }
      this.topics.set(name, { def, next: 0 });
      this.changes++;
      this.log.info(`created topic ${name}`);
      return def;
    });
  }

  /** Drop a topic and its log. Waits for commits in flight on it. */
  async drop(name: string, tenant: string | null): Promise<TopicDef> {
    const def = this.require(name, tenant);
    return this.locks.with([name], async () => {
      if (!this.isCurrent(def)) throw new PgError(SqlStates.undefined_object, `topic "${name}" does not exist`);
      this.db.transaction(() => {
        const tableId = this.db.prepare('SELECT backing_table FROM topics WHERE topic_id = ?').pluck().get(def.topicId) as string | undefined;
        this.db.prepare('DELETE FROM topics WHERE topic_id = ?').run(def.topicId);
        if (tableId) this.db.prepare('DELETE FROM mutable_tables WHERE id = ?').run(tableId);
      })();
      this.topics.delete(name);
      this.changes++;
      await this.engine.exec(`DROP TABLE IF EXISTS ${logTable(name)}`);
      this.log.info(`dropped topic ${name}`);
      return def;
    });
  }

  /**
   * Run `work` holding the locks of `names` (in a fixed order). Publishers append and commit
   * under them, so offsets are handed out in commit order and none is skipped.
   */
  withLocks<T>(names: Iterable<string>, work: () => Promise<T>): Promise<T> {
    return this.locks.with(names, work);
  }

  /** After a commit (under the topic's lock): `count` offsets of `name` are taken. */
  advance(name: string, count: number): void {
    const t = this.topics.get(name);
    if (t) t.next += count;
  }

  /** A connection for reading logs (replay); the caller closes it. */
  connect(): Promise<EngineConnection> {
    return this.engine.connect();
  }
}
