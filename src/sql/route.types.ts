import type { PgError } from '../errors/index.js';
import type { AdminArg, AdminCall } from './admin-functions.js';
import type { ConstantResult } from './constant-select.js';
import type { CopyPlan } from './copy-plan.js';
import type { ResultTypeHints } from './result-types/index.js';
import type { TopicInsert } from './topic-statements.js';
import type { DdlProgram } from './ddl/index.js';
import type { CursorStatement } from './cursor-statements.js';
import type { VectorSearchCall } from './rewrite/vector-search.js';
import type { VectorIndexScan } from './rewrite/vector-index-scan.js';

/** What a statement does to session settings. */
export type SettingAction =
  | { type: 'set'; name: string; value: string | null; local: boolean }
  /** Several SETs at once (SET TRANSACTION …, SET SESSION CHARACTERISTICS AS TRANSACTION …). */
  | { type: 'set_many'; items: { name: string; value: string; local: boolean }[] }
  | { type: 'reset'; name: string }
  | { type: 'reset_all' }
  | { type: 'show'; name: string }
  /** `SELECT set_config(name, value, is_local)`: arguments as written, bound at execution. */
  | { type: 'set_config'; name: AdminArg; value: AdminArg; local: AdminArg; column: string };

/** Transaction control statements. */
export type TransactionAction = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollback_to';

/**
 * Where a statement goes. One variant per destination; a new kind of statement adds a
 * handler in plan.ts and, if it needs one, a variant here.
 */
export type Route =
  | {
      kind: 'duckdb';
      /** SQL for DuckDB; a function when it must be rebuilt per execution (system tables). */
      sql: string | (() => string);
      /** Command tag verb, e.g. SELECT, INSERT, CREATE TABLE. */
      tag: string;
      /** Whether the statement yields rows (SELECT, RETURNING, EXPLAIN…). */
      returnsRows: boolean;
      /** A SELECT that writes (SELECT INTO); other verbs say so by their tag. */
      writes?: boolean;
      /** A query whose result a small constant LIMIT bounds: safe to run to completion at once. */
      small?: boolean;
      /**
       * The statement with only its names resolved (no compatibility rewrites), for finding
       * the user's error behind a failure inside a compatibility function. Set only when the
       * SQL calls one.
       */
      diagnose?: () => string;
      /** Per result column, what Postgres would report where DuckDB's type says otherwise. */
      columnTypes?: ResultTypeHints;
      /** A statement that may change writable tables: the registry is reconciled once it commits. */
      changesTables?: true;
      /** Reads the emulated pg_catalog / information_schema: it must be loaded and current before the statement runs. */
      catalog?: true;
      /**
       * The statement calls vector_search: the session computes each call's hits first and runs
       * `sql(hits)` (one rendered hits relation per call, in order) instead of `sql`.
       */
      search?: { calls: readonly VectorSearchCall[]; sql: (hits: readonly string[]) => string; /** The statement around the hits is static: the route may be cached. */ cacheable: boolean };
      /**
       * The statement can be answered through HNSW indexes (rewriteVectorIndexScan): `sql` is its
       * exact plan; when the indexes can answer, the session runs `vectorScan.sql(candidates)`
       * (one rendered candidate-keys relation per scan, in order) instead.
       */
      vectorScan?: { scans: readonly VectorIndexScan[]; sql: (candidates: readonly string[]) => string };
    }
  /**
   * DDL jammi translates into several engine statements (a sequence with its table, indexes
   * dropped and rebuilt around an ALTER): run as one unit, in its own transaction when the
   * session has none open.
   */
  | {
      kind: 'ddl';
      tag: string;
      run: DdlProgram;
      /** Whether the program may change writable tables (the registry is reconciled once it commits). */
      changesTables: boolean;
      /** Result columns of a DDL statement that answers rows (setval). */
      columns?: { name: string; oid: number }[];
    }
  | { kind: 'admin'; call: AdminCall }
  /** A constant row jammi answers itself (`SELECT 1`). */
  | { kind: 'constant'; result: ConstantResult }
  | { kind: 'setting'; action: SettingAction }
  | { kind: 'transaction'; action: TransactionAction; name?: string; tag: string; readOnly?: boolean; isolation?: string }
  | { kind: 'noop'; tag: string }
  /** DECLARE / FETCH / MOVE / CLOSE: SQL cursors, portals the session keeps by name. */
  | { kind: 'cursor'; action: CursorAction }
  /** DEALLOCATE name / DEALLOCATE ALL (name null): drops the protocol-level prepared statement too. */
  | { kind: 'deallocate'; name: string | null }
  /** COPY … FROM STDIN / TO STDOUT: the COPY sub-protocol, run by the session. */
  | { kind: 'copy'; copy: CopyPlan }
  /** LISTEN / UNLISTEN / NOTIFY / SELECT pg_notify(…): the session's notification state. */
  | { kind: 'notify'; action: NotifyAction; tag: string }
  /** `INSERT INTO topics."<name>"`: a publish; `query` computes the rows when they are not constants. */
  | { kind: 'topic_insert'; insert: TopicInsert; query: Extract<Route, { kind: 'duckdb' }> | null }
  | { kind: 'error'; error: PgError };

/** An SQL cursor statement; DECLARE's query is planned (a SELECT or VALUES: DuckDB's, or a constant row). */
export type CursorAction =
  | (Extract<CursorStatement, { type: 'declare' }> & { plan: Extract<Route, { kind: 'duckdb' } | { kind: 'constant' }> })
  | Exclude<CursorStatement, { type: 'declare' }>;

/** What a LISTEN-family statement asks of the session. */
export type NotifyAction =
  | { type: 'listen'; channel: string }
  /** `UNLISTEN *` has no channel. */
  | { type: 'unlisten'; channel: string | null }
  /** NOTIFY (column null: no result rows) or SELECT pg_notify (one void row named `column`). */
  | { type: 'notify'; channel: AdminArg; payload: AdminArg; column: string | null };

export type RouteKind = Route['kind'];
