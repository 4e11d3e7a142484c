/** How a topic column's values are checked, stored and printed. */
export type TopicValueKind = 'text' | 'int' | 'float' | 'bool' | 'timestamptz' | 'timestamp' | 'date' | 'uuid' | 'json';

/** A column type a topic may declare: its canonical Postgres name and how DuckDB stores it. */
export interface TopicColumnType {
  /** The name `_jammi_topics.schema` shows (`bigint`, `double precision`, …). */
  name: string;
  duckdb: string;
  /** The Postgres type OID (catalog views and `mutable_tables` report it). */
  oid: number;
  kind: TopicValueKind;
  /** Integer bounds, for the integer kinds. */
  min?: bigint;
  max?: bigint;
}

export interface TopicColumn {
  name: string;
  type: TopicColumnType;
}

/** A topic as the registry knows it. */
export interface TopicDef {
  topicId: string;
  name: string;
  /** The user's columns, in declared order (the log adds `_offset` and `_produced_at` before them). */
  columns: TopicColumn[];
  /** The backing table as SQL names it: `topics."<name>"`. */
  backingTable: string;
  tenantId: string | null;
  createdAt: string;
}

/**
 * One committed event. `json` is the payload subscribers receive, computed once: the
 * event as a JSON object with `_offset`, `_produced_at`, then the columns.
 */
export interface TopicEvent {
  topic: string;
  offset: number;
  /** The server whose log holds the event; null for this server's own events. */
  origin: string | null;
  json: string;
  /** Backend pid of the publishing session (0 when it came from another server). */
  senderPid: number;
  /** The topic's id on this server (null for another server's event): a re-created topic starts its offsets again. */
  topicId: string | null;
  /** The payload parsed, cached by the first filter that reads it. */
  parsed?: Record<string, unknown>;
}

/** The columns every topic log starts with. */
export const OFFSET_COLUMN = '_offset';
export const PRODUCED_AT_COLUMN = '_produced_at';

/** The DuckDB schema (in the user catalog) that holds topic logs; clients read it as `topics."<name>"`. */
export { TOPICS_SCHEMA } from '../engine/index.js';
