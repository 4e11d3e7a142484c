import { type EngineConnection, type EngineParam, type EnginePrepared, type EngineStream, pgSessionZoneVariable, quoteLiteral } from '../engine/index.js';
import { isInternal, PgError, pgErrors, SqlStates, toPgError } from '../errors/index.js';
import { type CopyFromPlan, paramInfo, type NameResolver, type SessionView, type ParsedStatement, parseStatements, PlanCache, type PlannedStatement, planStatement, type Route, type SettingAction, type NotifyAction, type AdminArg, type CursorAction } from '../sql/index.js';
import { descForOid, type EncodeContext, PgOid, pgTypeOf } from '../types/index.js';
import type { ConnectionHandler, FormatCode, FrontendMessage, HandlerOutcome, ProtocolOutput, StartupInfo, TransactionStatus } from '../wire/index.js';
import { argValue, runAdminCall } from './admin-calls.js';
import { revealOverloadError } from './overload-errors.js';
import { type ResultColumn, fieldsFor, formatsFor, RowEncoder, resultColumnsOf } from './row-encoder.js';
import { EngineSource, type RowSource, TagSource, ValuesSource } from './row-source.js';
import { createResolver, type SessionServices } from './services.js';
import { displayName, reportedSettings, SessionSettings } from './settings.js';
import { engineTimeZone } from './time-zone.js';
import { decodeBindParams } from './bind-params.js';
import { SessionNotifications } from './session-notifications.js';
import { SessionTopics } from './session-topics.js';
import { type CopyEnd, CopyInFlow } from './copy-flow.js';
import { CopyOutSource } from './copy-out.js';
import { SessionDdl } from './ddl-runner.js';
import { constraintError } from '../sql/ddl/index.js';
import { probeOperandTypes } from './param-probe.js';
import { retryOnConflict } from './conflict-retry.js';
import { upsertLocksOf } from './upsert-locks.js';
import { effectOf, TransactionEffects } from './transaction-effects.js';
import { SETTINGS_VARIABLE } from '../pg-catalog/index.js';
import { CursorFetchSource, type CursorState, forwardStep } from './sql-cursors.js';
import { hitsRelation, placeholderHits, renderHits } from '../search/vector-searcher.js';
import { ResultTablesRepo } from '../catalog/index.js';
import { SessionVectorScans } from './vector-scans.js';

/** A statement from Parse (or the unnamed one of a simple Query), planned once. */
export interface PreparedStatement {
  sql: string;
  parsed: ParsedStatement | null;
  route: Route | null;
  /** Declared or inferred parameter type OIDs. */
  paramOids: number[];
  /** The DuckDB prepared statement, when the route is a static DuckDB statement. */
  engine: EnginePrepared | null;
}

/** A bound statement: its parameters and, once executing, its row source. */
interface Portal {
  stmt: PreparedStatement;
  params: EngineParam[];
  resultFormats: FormatCode[];
  source: RowSource | null;
  encoder: RowEncoder | null;
  /** Set for an SQL cursor (DECLARE). */
  cursor?: CursorState;
}

/** A simple Query's statements while they run; a COPY FROM STDIN pauses it at `next`. */
interface SimpleRun {
  stmts: ParsedStatement[];
  cached: PlannedStatement[] | undefined;
  key: string;
  /** Several statements outside a block: one transaction, begun before the first. */
  implicit: boolean;
  planned: PlannedStatement[];
  next: number;
}

const textColumn = (name: string): ResultColumn => ({ name, type: descForOid(PgOid.text) });

/** Notifications written per pass before waiting for the socket. */
const NOTIFY_BATCH = 256;

/**
 * One client connection's state: settings, transaction status, prepared statements and
 * portals. It implements the simple and extended query flows of protocol 3.0.
 * @see https://www.postgresql.org/docs/15/protocol-flow.html
 */
export class Session implements ConnectionHandler {
  private tx: TransactionStatus = 'I';
  private ignoreTillSync = false;
  private cancelled = false;
  /** Aborts the running admin call (an embedding-table build) on cancel. */
  private adminAbort: AbortController | null = null;
  private closed = false;
  /** The open transaction block was started READ ONLY. */
  private readOnly = false;
  /**
   * The open transaction is the extended protocol's implicit one: begun by the first
   * writing statement after a Sync, committed (or rolled back after an error) at the next.
   */
  private implicitTx = false;
  /** Passes on this session's turn in a table's upsert queue, while it holds one. */
  private upsertRelease: (() => void) | null = null;
  /** The message being handled is directly followed by a Sync that has already arrived. */
  private syncFollows = false;
  /** What the open transaction has done so far, and its savepoints. */
  private readonly transactionEffects = new TransactionEffects();
  /** Engine-side effects of setting changes (SET TimeZone), in order. */
  private engineWork: Promise<void> = Promise.resolve();
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();
  readonly settings: SessionSettings;
  private readonly resolver: NameResolver;
  /** What statements read of this session (current_setting(), current_user…), read live at each execution. */
  private readonly view: SessionView;
  private readonly notifications: SessionNotifications;
  /** Topic events this session's transaction publishes, and its subscriptions. */
  private readonly topics: SessionTopics;
  /** A loop is writing queued notifications (see sendNotificationsIfIdle). */
  private pumping = false;
  /** COPY FROM STDIN in progress: it receives every message until CopyDone or CopyFail. */
  private readonly copyIn: CopyInFlow;
  private readonly ddl: SessionDdl;
  /** This session's side of the HNSW indexes: writes to report, and whether a query may use them. */
  private readonly vectorScans: SessionVectorScans;
  /** Declared column types and the writable-tables registry, kept in step with committed DDL. */
  /** The connection's output, and whether the last reply ended with ReadyForQuery (idle: notifications may go out). */
  private out: ProtocolOutput | null = null;
  private idle = false;

  private constructor(
    private readonly info: StartupInfo,
    private readonly services: SessionServices,
    private readonly conn: EngineConnection,
  ) {
    this.settings = new SessionSettings(info.params, services.engineOptions);
    this.resolver = createResolver(services, () => this.tenant());
    this.view = {
      setting: (name) => this.settings.get(name),
      user: () => this.settings.get('session_authorization') ?? info.params.user ?? 'jammi',
      database: () => info.params.database ?? info.params.user ?? 'jammi',
      backendPid: () => info.processId,
    };
    this.ddl = new SessionDdl(services.tableDdl, services.tables, conn);
    this.vectorScans = new SessionVectorScans(services.vectorIndexes);
    this.topics = new SessionTopics({
      broker: services.broker,
      conn,
      pid: info.processId,
      log: services.log,
      tenant: () => this.tenant(),
      enqueue: (n, sent) => this.notifications.enqueue(n, sent),
      listen: (channel) => this.notifications.listenNow(channel),
      purge: (channel) => this.notifications.purgeEvents(channel),
    });
    this.notifications = new SessionNotifications(services.notifications, info.processId, () => this.sendNotificationsIfIdle(), this.topics);
    this.copyIn = new CopyInFlow({
      conn,
      probeConnection: () => services.engine.connect(),
      idle: () => this.tx === 'I',
      isCancelled: () => this.cancelled,
      explain: (e, copy) => constraintError(e, copy, this.ddl.reader()),
    });
  }

  /** Open a session for an authenticated connection. Bad startup settings fail the connection. */
  static async create(info: StartupInfo, services: SessionServices): Promise<Session> {
    const conn = await services.engine.connect();
    try {
      const s = new Session(info, services, conn);
      await s.applyEngineSetting('timezone');
      // The emulated catalog's views name the session's role and database (pg_roles, pg_database, information_schema).
      await conn.run(`SET VARIABLE jammi_user = ${quoteLiteral(s.view.user())}`);
      await conn.run(`SET VARIABLE jammi_database = ${quoteLiteral(s.view.database())}`);
      await s.publishSettings();
      return s;
    } catch (e) {
      conn.close();
      throw e;
    }
  }

  /** What cached plans depend on: the sources and the DDL records of writable tables. */
  private catalogVersion(): string {
    return `${this.services.sources.version}.${this.services.tableDdl.version}.${this.services.tables.version}.${ResultTablesRepo.version}`;
  }

  private tenant(): string | null {
    return this.settings.get('jammi.tenant') || null;
  }

  private encodeContext(): EncodeContext {
    return { timeZone: this.settings.get('timezone') ?? 'UTC', extraFloatDigits: Number(this.settings.get('extra_float_digits') ?? 1) };
  }

  greet(out: ProtocolOutput): void {
    for (const name of reportedSettings) out.ser.parameterStatus(name, this.settings.get(name) ?? '');
    out.ser.backendKeyData(this.info.processId, this.info.secretKey);
    this.readyForQuery(out);
  }

  cancel(): void {
    if (this.closed) return;
    this.cancelled = true;
    this.conn.interrupt();
    this.adminAbort?.abort(new PgError(SqlStates.query_canceled, 'canceling statement due to user request'));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.releaseUpsert();
    this.notifications.close();
    await this.engineWork;
    await this.copyIn.close();
    for (const p of this.portals.values()) p.source?.close();
    for (const s of this.statements.values()) s.engine?.close();
    this.portals.clear();
    this.statements.clear();
    this.conn.close();
  }

  async handle(msg: FrontendMessage, out: ProtocolOutput, next?: FrontendMessage['type']): Promise<HandlerOutcome> {
    this.out = out;
    this.idle = false;
    this.syncFollows = next === 'Sync';
    return this.handleMessage(msg, out);
  }

  /**
   * Send the notifications received while the session is idle and outside a transaction block,
   * as Postgres does. One loop writes them in batches and waits whenever the client is slow to
   * read, so what waits stays in the (bounded) queue, never in socket buffers.
   */
  private sendNotificationsIfIdle(): void {
    if (this.pumping || !this.out || !this.idle || this.closed || this.tx !== 'I') return;
    this.pumping = true;
    void this.pumpNotifications()
      .catch(() => undefined)
      .finally(() => {
        this.pumping = false;
        if (this.notifications.pending) this.sendNotificationsIfIdle();
      });
  }

  private async pumpNotifications(): Promise<void> {
    // One turn of the event loop first: a burst of events leaves in one write.
    await new Promise((r) => setImmediate(r));
    for (let out = this.out; out && this.idle && !this.closed && this.tx === 'I'; out = this.out) {
      if (this.notifications.drain(out.ser, NOTIFY_BATCH) === 0) return;
      await out.flush();
    }
  }

  /** ReadyForQuery, preceded by (a batch of) the notifications that arrived if no transaction block is open. */
  private readyForQuery(out: ProtocolOutput): void {
    // Outside a transaction block every write of the session has committed: HNSW indexes catch up before the next search.
    this.vectorScans.ready(this.tx === 'I');
    if (this.tx === 'I') this.notifications.drain(out.ser, NOTIFY_BATCH);
    out.ser.readyForQuery(this.tx);
    this.idle = true;
    if (this.notifications.pending) this.sendNotificationsIfIdle();
  }

  private async handleMessage(msg: FrontendMessage, out: ProtocolOutput): Promise<HandlerOutcome> {
    await this.engineWork;
    if (this.copyIn.active) return this.copyIn.message(msg, out);
    if (msg.type === 'Terminate') return 'close';
    if (msg.type === 'Sync') {
      this.ignoreTillSync = false;
      await this.endImplicit(out);
      this.sync(out);
      return 'continue';
    }
    if (msg.type === 'Flush') {
      await out.flush();
      return 'continue';
    }
    // After an error in the extended protocol everything up to Sync is discarded.
    if (this.ignoreTillSync) return 'continue';
    if (msg.type === 'Query') {
      await this.simpleQuery(msg.sql, out);
      return 'continue';
    }
    try {
      switch (msg.type) {
        case 'Parse':
          await this.parse(msg.name, msg.sql, msg.paramTypes);
          out.ser.parseComplete();
          break;
        case 'Bind':
          this.bind(msg);
          out.ser.bindComplete();
          break;
        case 'Describe':
          await this.describe(msg.target, msg.name, out);
          break;
        case 'Execute':
          await this.execute(msg.portal, msg.maxRows, out);
          break;
        case 'Close':
          this.closeTarget(msg.target, msg.name);
          out.ser.closeComplete();
          break;
        case 'CopyData':
        case 'CopyDone':
        case 'CopyFail':
          // Outside COPY IN these are ignored, as Postgres does.
          break;
        case 'FunctionCall':
          throw pgErrors.notSupported('the fastpath function call protocol');
        case 'Invalid':
          throw msg.error;
        default: {
          const never: never = msg;
          throw pgErrors.protocol(`unexpected message ${(never as { type: string }).type}`);
        }
      }
    } catch (e) {
      this.fail(e, out);
      this.ignoreTillSync = true;
    }
    return 'continue';
  }

  /** Report an error: map it, log internals, and mark an open transaction failed. */
  private fail(e: unknown, out: ProtocolOutput): void {
    const err = toPgError(e);
    if (isInternal(err)) this.services.log.error('internal error', e);
    out.ser.error(err);
    if (this.tx === 'T') this.tx = 'E';
  }

  private notice(out: ProtocolOutput, code: PgError['code'], message: string): void {
    out.ser.error(new PgError(code, message, {}, 'WARNING'));
  }

  // ---- simple query -------------------------------------------------------------------

  /** @see https://www.postgresql.org/docs/15/protocol-flow.html#id-1.10.6.7.4 */
  private async simpleQuery(sql: string, out: ProtocolOutput): Promise<void> {
    await this.endImplicit(out);
    this.closePortal('');
    const key = PlanCache.key(sql, this.catalogVersion(), this.tenant());
    const cached = this.services.planCache.get(key);
    let stmts: ParsedStatement[];
    try {
      stmts = cached ? cached.map((p) => p.parsed) : parseStatements(sql);
    } catch (e) {
      this.fail(e, out);
      this.readyForQuery(out);
      return;
    }
    if (stmts.length === 0) {
      out.ser.emptyQueryResponse();
      this.readyForQuery(out);
      return;
    }
    // Several statements in one Query run as one transaction unless they manage their own.
    const implicit = stmts.length > 1 && this.tx === 'I' && !stmts.some((s) => s.tag === 'TransactionStmt');
    await this.runSimple({ stmts, cached, key, implicit, planned: [], next: 0 }, out);
  }

  /**
   * Run a simple Query's statements from `q.next`, then ReadyForQuery. A COPY FROM STDIN pauses
   * the run until CopyDone or CopyFail, which resume it (with the COPY's error, if any).
   */
  private async runSimple(q: SimpleRun, out: ProtocolOutput, failure: unknown = null): Promise<void> {
    try {
      if (failure !== null) throw failure;
      if (q.implicit && q.next === 0) {
        await this.conn.run('BEGIN TRANSACTION');
        this.tx = 'T';
        this.settings.beginTransaction();
      }
      while (q.next < q.stmts.length) {
        const i = q.next++;
        const s = q.stmts[i];
        // Plan each statement just before it runs: an earlier one may change the catalog.
        const route = q.cached ? q.cached[i].route : planStatement(s, { resolver: this.resolver, session: this.view });
        q.planned.push({ parsed: s, route });
        if (route.kind === 'copy' && route.copy.direction === 'from') {
          await this.beginCopyIn(route.copy, s.ast, out, (err) => this.runSimple(q, out, err));
          return;
        }
        await this.runToCompletion({ sql: s.text, parsed: s, route, paramOids: [], engine: null }, out);
      }
      if (q.implicit) {
        await this.topics.commit(() => this.conn.run('COMMIT'));
        this.tx = 'I';
        this.endTransaction(out, true);
      }
      if (!q.cached) this.services.planCache.set(q.key, q.planned);
    } catch (e) {
      this.fail(e, out);
      if (q.implicit) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        this.tx = 'I';
        this.endTransaction(out, false);
      }
    }
    this.readyForQuery(out);
  }

  /** Enter copy-in mode for COPY FROM STDIN (after the checks any statement gets). */
  private async beginCopyIn(plan: CopyFromPlan, statement: ParsedStatement['ast'], out: ProtocolOutput, end: CopyEnd): Promise<void> {
    await this.engineWork;
    if (this.tx === 'E') throw pgErrors.aborted();
    this.refuseWriteIfReadOnly({ tag: 'COPY FROM' });
    this.vectorScans.copied(statement);
    this.cancelled = false;
    await this.copyIn.begin(plan, statement, out, end);
    // A later write must not retry (and so undo) the rows copied, nor a savepoint after it restart the transaction.
    if (this.tx === 'T') this.transactionEffects.record('write');
  }

  /** Run one statement of a simple Query: RowDescription, every row, CommandComplete. */
  private async runToCompletion(stmt: PreparedStatement, out: ProtocolOutput): Promise<void> {
    // An earlier statement of the same Query may have changed an engine setting (SET TimeZone; SELECT …).
    await this.engineWork;
    this.cancelled = false;
    const source = await this.start(stmt, [], out).catch((e: unknown) => {
      throw this.explained(e, stmt);
    });
    try {
      let encoder: RowEncoder | null = null;
      if (source.columns) {
        const formats = formatsFor(source.columns.length, source.binary ? [1] : []);
        out.ser.rowDescription(fieldsFor(source.columns, formats));
        encoder = new RowEncoder(source.columns, formats, this.encodeContext());
      }
      const r = await source.pump(out, encoder, 0, () => this.cancelled);
      if (r.done) out.ser.commandComplete(r.tag);
    } catch (e) {
      throw this.explained(e, stmt);
    } finally {
      source.close();
    }
  }

  /** A constraint error in Postgres's words, with the constraint found from the statement's target table. */
  private explained(e: unknown, stmt: PreparedStatement): unknown {
    return constraintError(e, stmt.parsed?.ast, this.ddl.reader()) ?? e;
  }

  // ---- extended query -----------------------------------------------------------------

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARSE */
  private async parse(name: string, sql: string, declared: number[]): Promise<void> {
    if (name !== '' && this.statements.has(name)) {
      throw new PgError(SqlStates.duplicate_prepared_statement, `prepared statement "${name}" already exists`);
    }
    const key = PlanCache.key(sql, this.catalogVersion(), this.tenant(), declared);
    const cached = this.services.planCache.get(key);
    const stmts = cached ? cached.map((p) => p.parsed) : parseStatements(sql);
    if (stmts.length > 1) throw new PgError(SqlStates.syntax_error, 'cannot insert multiple commands into a prepared statement');
    const parsed = stmts[0] ?? null;
    const stmt: PreparedStatement = { sql, parsed, route: null, paramOids: [...declared], engine: null };
    if (parsed) {
      // Types Postgres infers from context ($1::int, generate_series(1, $1)) are the parameters'
      // types as much as declared ones: the statement is planned with them cast in.
      let types = cached?.[0].paramTypes;
      if (!cached) {
        types = withInferredTypes(parsed, declared);
        // `n + $1`: the type of the other operand, which DuckDB cannot lend an untyped parameter.
        const plan = (p: ParsedStatement) => planStatement(p, { resolver: this.resolver, session: this.view });
        for (const [i, oid] of await probeOperandTypes(parsed, types, plan, this.conn)) (types as number[])[i] = oid;
        stmt.route = planStatement(parsed, { resolver: this.resolver, paramTypes: types, session: this.view });
        this.services.planCache.set(key, [{ parsed, route: stmt.route, paramTypes: types }]);
      } else stmt.route = cached[0].route;
      types?.forEach((oid, i) => (stmt.paramOids[i] ||= oid));
      await this.prepareRoute(stmt);
    }
    if (name === '') this.closeStatement('');
    this.statements.set(name, stmt);
  }

  /** Prepare static DuckDB statements now: errors surface at Parse and Describe knows the types. */
  private async prepareRoute(stmt: PreparedStatement): Promise<void> {
    const route = stmt.route!;
    const { count, inferred } = paramInfo(stmt.parsed!.ast);
    // Types Postgres infers from context ($1::int, $1 + 1) count as declared ones.
    for (const [i, oid] of inferred) if (!stmt.paramOids[i]) stmt.paramOids[i] = oid;
    if (route.kind === 'duckdb' && typeof route.sql === 'string' && this.tx !== 'E') {
      const sql = route.sql;
      stmt.engine = await this.revealingErrors(route, () => (route.tag === 'SELECT' && route.returnsRows ? this.conn.prepareQuery(sql) : this.conn.prepare(sql)));
      const untyped = stmt.engine.paramTypes.map((t, i) => (t === null ? i : -1)).filter((i) => i >= 0);
      if (untyped.length) {
        // DuckDB could not type some parameters from context. Cast them to the type Postgres
        // would give them (inferred or, failing that, text), so the statement and its result
        // columns are typed before any value arrives.
        const n = Math.max(count, stmt.engine.paramTypes.length);
        const types = Array.from({ length: n }, (_, i) => stmt.paramOids[i] || (untyped.includes(i) ? PgOid.text : 0));
        const replanned = planStatement(stmt.parsed!, { resolver: this.resolver, paramTypes: types, session: this.view });
        if (replanned.kind === 'duckdb' && typeof replanned.sql === 'string') {
          const retry = await this.conn.prepare(replanned.sql).catch(() => null);
          if (retry) {
            stmt.engine.close();
            stmt.engine = retry;
            stmt.route = replanned;
            untyped.forEach((i) => (stmt.paramOids[i] ||= PgOid.text));
          }
        }
      }
      const n = Math.max(count, stmt.engine.paramTypes.length);
      for (let i = 0; i < n; i++) {
        if (stmt.paramOids[i]) continue;
        const t = stmt.engine.paramTypes[i];
        stmt.paramOids[i] = t ? pgTypeOf(t).oid : PgOid.text;
      }
    } else if (route.kind === 'duckdb' && route.search && this.tx !== 'E') {
      // vector_search: prepared with empty hits, so Describe knows the columns and DuckDB types the other parameters.
      const sql = route.search.sql(route.search.calls.map(placeholderHits));
      stmt.engine = await this.revealingErrors(route, () => this.conn.prepareQuery(sql));
      stmt.engine.paramTypes.forEach((t, i) => (stmt.paramOids[i] ||= t ? pgTypeOf(t).oid : PgOid.text));
    } else if (route.kind === 'admin') {
      const types = route.call.fn.params.map((p) => (p.type === 'jsonb' ? PgOid.jsonb : PgOid.text));
      route.call.args.forEach((a) => {
        if (a.kind === 'param' && !stmt.paramOids[a.index]) stmt.paramOids[a.index] = types[route.call.args.indexOf(a)];
      });
    }
    for (let i = 0; i < count; i++) stmt.paramOids[i] ||= PgOid.text;
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BIND */
  private bind(msg: Extract<FrontendMessage, { type: 'Bind' }>): void {
    const stmt = this.statements.get(msg.statement);
    if (!stmt) throw new PgError(SqlStates.invalid_sql_statement_name, `prepared statement "${msg.statement}" does not exist`);
    if (this.tx === 'E' && !isTransactionEnd(stmt.route)) throw pgErrors.aborted();
    const params = decodeBindParams(msg.statement, stmt, msg.params, msg.paramFormats);
    if (msg.portal !== '' && this.portals.has(msg.portal)) {
      throw new PgError(SqlStates.duplicate_cursor, `portal "${msg.portal}" already exists`);
    }
    this.closePortal(msg.portal);
    this.portals.set(msg.portal, { stmt, params, resultFormats: msg.resultFormats, source: null, encoder: null });
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-DESCRIBE */
  private async describe(target: 'S' | 'P', name: string, out: ProtocolOutput): Promise<void> {
    if (target === 'S') {
      const stmt = this.statements.get(name);
      if (!stmt) throw new PgError(SqlStates.invalid_sql_statement_name, `prepared statement "${name}" does not exist`);
      out.ser.parameterDescription(stmt.paramOids);
      const cols = this.staticColumns(stmt);
      if (cols) out.ser.rowDescription(fieldsFor(cols, formatsFor(cols.length, [])));
      else out.ser.noData();
      return;
    }
    const portal = this.portals.get(name);
    if (!portal) throw new PgError(SqlStates.invalid_cursor_name, `portal "${name}" does not exist`);
    let cols = portal.source ? portal.source.columns : this.staticColumns(portal.stmt);
    if (!portal.source && !cols && portal.stmt.route?.kind === 'duckdb' && portal.stmt.route.returnsRows && portal.stmt.route.tag === 'SELECT') {
      // DuckDB could not type the result before binding: start the (lazy) stream to learn it.
      portal.source = await this.start(portal.stmt, portal.params, out);
      cols = portal.source.columns;
    }
    if (cols) out.ser.rowDescription(fieldsFor(cols, formatsFor(cols.length, portal.resultFormats)));
    else out.ser.noData();
  }

  /** Columns known without executing: DuckDB's prepared types, admin signatures, SHOW. */
  private staticColumns(stmt: PreparedStatement): ResultColumn[] | null {
    const r = stmt.route;
    if (!r) return null;
    if (r.kind === 'duckdb') return r.returnsRows && stmt.engine?.columns ? resultColumnsOf(stmt.engine.columns, r.columnTypes) : null;
    if (r.kind === 'admin') return r.call.fn.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) }));
    if (r.kind === 'ddl') return r.columns?.map((c) => ({ name: c.name, type: descForOid(c.oid) })) ?? null;
    if (r.kind === 'topic_insert') return this.topics.describeInsert(r);
    if (r.kind === 'constant') return r.result.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) }));
    if (r.kind === 'notify') return r.action.type === 'notify' && r.action.column ? [{ name: r.action.column, type: descForOid(PgOid.void) }] : null;
    if (r.kind === 'setting' && r.action.type === 'set_config') return [textColumn(r.action.column)];
    if (r.kind === 'cursor') return r.action.type === 'fetch' && !r.action.move ? (this.portals.get(r.action.name)?.source?.columns ?? null) : null;
    if (r.kind === 'setting' && r.action.type === 'show') {
      return r.action.name === 'all' ? [textColumn('name'), textColumn('setting'), textColumn('description')] : [textColumn(displayName(r.action.name))];
    }
    return null;
  }

  /** @see https://www.postgresql.org/docs/15/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-EXECUTE */
  private async execute(name: string, maxRows: number, out: ProtocolOutput): Promise<void> {
    const portal = this.portals.get(name);
    if (!portal) throw new PgError(SqlStates.invalid_cursor_name, `portal "${name}" does not exist`);
    if (!portal.stmt.parsed) {
      out.ser.emptyQueryResponse();
      return;
    }
    this.cancelled = false;
    try {
      // An Execute that Sync directly follows is the implicit transaction's only statement:
      // it runs as DuckDB's own autocommit statement (no BEGIN/COMMIT round trips, and a
      // conflict found at its commit can still be retried).
      if (!portal.source && !(this.syncFollows && maxRows === 0)) await this.beginImplicitIfWriting(portal.stmt.route);
      const route = portal.stmt.route;
      if (!portal.source && route?.kind === 'copy' && route.copy.direction === 'from') {
        await this.beginCopyIn(route.copy, portal.stmt.parsed!.ast, out, async (err) => {
          if (err === null) return;
          this.fail(err, out);
          this.ignoreTillSync = true;
        });
        portal.source = new TagSource('COPY 0');
        return;
      }
      portal.source ??= await this.start(portal.stmt, portal.params, out);
      const cols = portal.source.columns;
      if (cols && !portal.encoder) portal.encoder = new RowEncoder(cols, formatsFor(cols.length, portal.resultFormats), this.encodeContext());
      const r = await portal.source.pump(out, portal.encoder, Math.max(0, maxRows), () => this.cancelled);
      if (r.done) {
        out.ser.commandComplete(r.tag);
        portal.source.close();
        // Executing a finished portal again yields no rows, as in Postgres.
        portal.source = new TagSource(r.tag.replace(/\d+$/, '0'));
      } else {
        out.ser.portalSuspended();
      }
    } catch (e) {
      this.closePortal(name);
      throw this.explained(e, portal.stmt);
    }
  }

  /**
   * Outside a transaction block, Postgres runs everything up to Sync as one transaction.
   * Reads need nothing; before the first write jammi opens that transaction in DuckDB so a
   * later error in the same batch undoes the write.
   */
  private async beginImplicitIfWriting(route: Route | null): Promise<void> {
    if (this.tx !== 'I' || !route || !writes(route)) return;
    await this.conn.run('BEGIN TRANSACTION');
    this.tx = 'T';
    this.implicitTx = true;
    this.settings.beginTransaction();
  }

  /** Close the extended protocol's implicit transaction: commit, or roll back after an error. */
  private async endImplicit(out: ProtocolOutput): Promise<void> {
    if (!this.implicitTx) return;
    this.implicitTx = false;
    const commit = this.tx === 'T';
    try {
      await (commit ? this.topics.commit(() => this.conn.run('COMMIT')) : this.conn.run('ROLLBACK'));
    } catch (e) {
      this.tx = 'E';
      this.fail(e, out);
      await this.conn.run('ROLLBACK').catch(() => undefined);
    } finally {
      this.tx = 'I';
      this.endTransaction(out, commit);
    }
  }

  private sync(out: ProtocolOutput): void {
    // Outside a transaction block, Sync ends the implicit transaction and with it every portal (but WITH HOLD cursors).
    if (this.tx === 'I') for (const [name, p] of [...this.portals]) if (p.cursor?.hold !== 'held') this.closePortal(name);
    this.readyForQuery(out);
  }

  private closeTarget(target: 'S' | 'P', name: string): void {
    if (target === 'S') this.closeStatement(name);
    else this.closePortal(name);
  }

  private closeStatement(name: string): void {
    const s = this.statements.get(name);
    if (!s) return;
    this.statements.delete(name);
    // A portal may outlive its statement (Postgres allows it); its rows still come from the
    // engine's statement, which is then left to the garbage collector instead of freed here.
    if (![...this.portals.values()].some((p) => p.stmt === s)) s.engine?.close();
  }

  private closePortal(name: string): void {
    this.portals.get(name)?.source?.close();
    this.portals.delete(name);
  }

  // ---- SQL cursors and DEALLOCATE -------------------------------------------------------

  /** DECLARE / FETCH / MOVE / CLOSE over the session's portals (an SQL cursor is a named portal). */
  private async cursorStatement(action: CursorAction, params: EngineParam[], out: ProtocolOutput): Promise<RowSource> {
    switch (action.type) {
      case 'declare': {
        const inBlock = this.tx === 'T' && !this.implicitTx;
        if (!action.hold && !inBlock) throw new PgError(SqlStates.no_active_sql_transaction, 'DECLARE CURSOR can only be used in transaction blocks');
        if (this.portals.has(action.name)) throw new PgError(SqlStates.duplicate_cursor, `cursor "${action.name}" already exists`);
        const stmt: PreparedStatement = { sql: action.query.text, parsed: action.query, route: action.plan, paramOids: [], engine: null };
        const source = await this.start(stmt, params, out);
        const cursor: CursorState = { position: 0, binary: action.binary, hold: !action.hold ? 'no' : inBlock ? 'pending' : 'held' };
        this.portals.set(action.name, { stmt, params, resultFormats: action.binary ? [1] : [], source, encoder: null, cursor });
        return new TagSource('DECLARE CURSOR');
      }
      case 'fetch': {
        const portal = this.portals.get(action.name);
        if (!portal?.cursor) throw new PgError(SqlStates.invalid_cursor_name, `cursor "${action.name}" does not exist`);
        const step = forwardStep(action.direction, action.count, portal.cursor.position);
        return new CursorFetchSource(portal as typeof portal & { cursor: CursorState }, action.move, step);
      }
      case 'close':
        if (action.name === null) {
          for (const [name, p] of [...this.portals]) if (p.cursor) this.closePortal(name);
          return new TagSource('CLOSE CURSOR ALL');
        }
        if (!this.portals.get(action.name)?.cursor) throw new PgError(SqlStates.invalid_cursor_name, `cursor "${action.name}" does not exist`);
        this.closePortal(action.name);
        return new TagSource('CLOSE CURSOR');
    }
  }

  /** DEALLOCATE name drops that prepared statement, as Close would; DEALLOCATE ALL drops every named one. */
  private deallocate(name: string | null): void {
    if (name === null) {
      for (const n of [...this.statements.keys()]) if (n !== '') this.closeStatement(n);
      return;
    }
    if (!this.statements.has(name)) throw new PgError(SqlStates.invalid_sql_statement_name, `prepared statement "${name}" does not exist`);
    this.closeStatement(name);
  }

  // ---- running a route ------------------------------------------------------------------

  /** Begin executing a planned statement and return its rows. */
  private async start(stmt: PreparedStatement, params: EngineParam[], out: ProtocolOutput): Promise<RowSource> {
    const route = stmt.route!;
    if (this.tx === 'E' && !isTransactionEnd(route)) throw pgErrors.aborted();
    if (effectOf(route) === 'write') this.vectorScans.wrote(route, stmt.parsed?.ast);
    const source = await this.startRoute(stmt, route, params, out);
    // Noted once it ran: a write alone in its transaction is still "alone" while it runs.
    const effect = this.tx === 'T' ? effectOf(route) : null;
    if (effect) this.transactionEffects.record(effect);
    return source;
  }

  private async startRoute(stmt: PreparedStatement, route: Route, params: EngineParam[], out: ProtocolOutput): Promise<RowSource> {
    switch (route.kind) {
      case 'error':
        throw route.error;
      case 'noop':
        return new TagSource(route.tag);
      case 'cursor':
        return this.cursorStatement(route.action, params, out);
      case 'deallocate':
        this.deallocate(route.name);
        return new TagSource(route.name === null ? 'DEALLOCATE ALL' : 'DEALLOCATE');
      case 'transaction':
        return new TagSource(await this.transaction(route, out));
      case 'setting':
        return this.setting(route.action, out, params);
      case 'admin': {
        if (route.call.fn.name === 'publish') this.refuseWriteIfReadOnly({ tag: 'jammi.publish' });
        if (route.call.fn.name === 'publish' || route.call.fn.name === 'subscribe') return this.topics.call(route.call, params, this.tx === 'T');
        const abort = new AbortController();
        this.adminAbort = abort;
        try {
          const notice = (m: string) => {
            out.ser.error(new PgError(SqlStates.successful_completion, m, {}, 'NOTICE'));
            void out.flush();
          };
          const r = await runAdminCall(route.call, params, this.services, this.tenant(), abort.signal, notice);
          return new ValuesSource(r.columns, r.rows);
        } finally {
          if (this.adminAbort === abort) this.adminAbort = null;
        }
      }
      case 'topic_insert':
        this.refuseWriteIfReadOnly({ tag: 'INSERT' });
        return this.topics.insert(route, params, this.tx === 'T');
      case 'notify':
        return this.notify(route.action, params);
      case 'constant':
        return new ValuesSource(
          route.result.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) })),
          [route.result.row],
        );
      case 'ddl': {
        this.refuseWriteIfReadOnly(route);
        const autocommit = this.tx === 'I';
        const outcome = await this.ddl.run(route.run, autocommit, route.changesTables);
        for (const n of outcome.notices) out.ser.error(n);
        return route.columns ? new ValuesSource(route.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) })), outcome.rows ?? []) : new TagSource(route.tag);
      }
      case 'duckdb': {
        this.refuseWriteIfReadOnly(route);
        if (route.changesTables) {
          const run = () => this.revealingErrors(route, () => this.streamRoute(stmt, route, params));
          return new EngineSource(await this.ddl.runStatement(this.tx === 'I', run), route.tag, route.returnsRows, route.columnTypes);
        }
        const retry = !this.aloneInTransaction(route) ? 'no' : stmt.parsed?.ast.InsertStmt?.onConflictClause ? 'upsert' : 'conflict';
        if (retry === 'upsert') await this.queueUpsert(stmt.parsed!.ast.InsertStmt!.relation as { schemaname?: string; relname?: string });
        const stream = await retryOnConflict(
          // A write alone in its transaction runs to completion inside the retry, so a conflict
          // found late (at autocommit) is still retried; only upserts' RETURNING rows are held.
          () => this.revealingErrors(route, () => this.streamRoute(stmt, route, params, retry !== 'no' && (!route.returnsRows || retry === 'upsert'), out)),
          retry,
          () => this.restartImplicit(),
        );
        // Autocommit: the upsert has committed (it ran to completion).
        if (this.tx === 'I') this.releaseUpsert();
        return new EngineSource(stream, route.tag, route.returnsRows, route.columnTypes);
      }
      case 'copy': {
        if (route.copy.direction === 'from') throw pgErrors.internal('COPY FROM STDIN outside the copy-in flow');
        const query = route.copy.query;
        this.refuseWriteIfReadOnly(query);
        const stream = await this.revealingErrors(query, () => this.streamRoute(stmt, query, params));
        return new CopyOutSource(stream, route.copy, this.encodeContext());
      }
      default: {
        const never: never = route;
        throw pgErrors.internal(`unhandled route ${(never as Route).kind}`);
      }
    }
  }

  /**
   * Rows of a server-side query on this session's connection, with the statement's parameters
   * bound (those it does not use are referenced by an always-true guard, so the numbering holds).
   */
  private async readWithParams(sql: string, params: EngineParam[]): Promise<Record<string, unknown>[]> {
    const used = new Set([...sql.matchAll(/\$(\d+)\b/g)].map((m) => Number(m[1])));
    const guards = params.map((_, i) => (used.has(i + 1) ? '' : ` AND (CAST($${i + 1} AS VARCHAR) IS NULL OR true)`)).join('');
    const text = params.length ? `SELECT * FROM (${sql}) AS q WHERE true${guards}` : sql;
    const stream = await this.streamSql(text, params, true);
    const rows: Record<string, unknown>[] = [];
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) {
      rows.push(...chunk.getRowObjects(stream.columns.map((c) => c.name)));
    }
    return rows;
  }

  /** Start a duckdb route's result: its prepared statement, or the SQL run directly. */
  private async streamRoute(stmt: PreparedStatement, route: Extract<Route, { kind: 'duckdb' }>, params: EngineParam[], materialize = false, out?: ProtocolOutput): Promise<EngineStream> {
    const small = route.small === true || materialize;
    if (route.search) {
      // vector_search: the hits first, then the statement with them in place of the placeholders.
      // Each call's hits are bound to two parameters after the statement's own, so the text stays the same and its prepared statement is reused.
      const relations: string[] = [];
      const bound: EngineParam[] = [...params];
      const notice = (m: string) => (out ? out.ser.error(new PgError(SqlStates.successful_completion, m, {}, 'NOTICE')) : undefined);
      for (const call of route.search.calls) {
        const hits = await renderHits(this.services, call, params, stmt.paramOids, this.tenant(), notice, (q) => this.readWithParams(q, params));
        relations.push(hitsRelation(call, bound.length + 1, bound.length + 2));
        bound.push({ kind: 'text', value: JSON.stringify(hits.rowIds) }, { kind: 'text', value: JSON.stringify(hits.similarities) });
      }
      const sql = route.search.sql(relations);
      const prepared = route.tag === 'SELECT' && route.returnsRows ? await this.conn.prepareQuery(sql) : await this.conn.prepare(sql);
      try {
        return await prepared.stream(bound, small);
      } finally {
        prepared.close();
      }
    }
    // A query planned onto HNSW indexes: their candidates re-ranked exactly, or its exact plan below.
    const ann = route.vectorScan ? await this.vectorScans.sql(route, params, this.tx !== 'I', this.transactionEffects.onlyReads) : null;
    if (ann !== null) return this.streamSql(ann, params, small);
    if (stmt.engine) return stmt.engine.stream(params, small);
    if (params.length === 0 && typeof route.sql === 'string' && route.tag === 'SELECT' && route.returnsRows) return this.conn.streamQuery(route.sql, small);
    return this.streamSql(typeof route.sql === 'string' ? route.sql : route.sql(), params, small);
  }

  /** Run SQL made for this execution: directly without parameters, else prepared once and bound. */
  private async streamSql(sql: string, params: EngineParam[], small: boolean): Promise<EngineStream> {
    if (params.length === 0) return this.conn.stream(sql, small);
    const prepared = await this.conn.prepare(sql);
    try {
      return await prepared.stream(params, small);
    } finally {
      prepared.close();
    }
  }

  /** Engine work for a route, with an error hidden inside a compatibility function brought out. */
  private async revealingErrors<T>(route: Extract<Route, { kind: 'duckdb' }>, work: () => Promise<T>): Promise<T> {
    // A statement over pg_catalog or information_schema reads the emulated catalog: loaded and current first.
    if (route.catalog) await this.services.pgCatalog.ensureFresh();
    try {
      return await work();
    } catch (e) {
      throw await revealOverloadError(e, route, this.conn);
    }
  }

  /** Whether a writing statement has a transaction to itself: autocommit, or the first write of the extended protocol's implicit one. */
  private aloneInTransaction(route: Extract<Route, { kind: 'duckdb' }>): boolean {
    if ((route.tag === 'SELECT' && !route.writes) || route.tag === 'EXPLAIN') return false;
    return this.tx === 'I' || (this.implicitTx && this.transactionEffects.onlyReads);
  }

  /** Wait for this table's upsert queue (see UpsertLocks); held until the transaction ends. */
  private async queueUpsert(relation: { schemaname?: string; relname?: string }): Promise<void> {
    this.releaseUpsert();
    this.upsertRelease = await upsertLocksOf(this.services.engine).acquire([`${relation.schemaname ?? ''}.${relation.relname ?? ''}`.toLowerCase()]);
  }

  private releaseUpsert(): void {
    this.upsertRelease?.();
    this.upsertRelease = null;
  }

  /** Undo a conflicting attempt: a fresh implicit transaction (autocommit needs nothing). */
  private async restartImplicit(): Promise<void> {
    if (!this.implicitTx) return;
    await this.conn.run('ROLLBACK').catch(() => undefined);
    await this.conn.run('BEGIN TRANSACTION');
  }

  /** In a READ ONLY transaction (or with default_transaction_read_only), writes answer 25006. */
  private refuseWriteIfReadOnly(route: { tag: string; writes?: boolean }): void {
    const readOnly = this.tx === 'I' ? this.settings.get('default_transaction_read_only') === 'on' : this.readOnly || this.settings.get('transaction_read_only') === 'on';
    if (!readOnly || (route.tag === 'SELECT' && !route.writes) || route.tag === 'EXPLAIN') return;
    throw new PgError(SqlStates.read_only_sql_transaction, `cannot execute ${route.tag} in a read-only transaction`);
  }

  /** BEGIN/COMMIT/ROLLBACK with Postgres's warnings and the I/T/E status. */
  private async transaction(route: Extract<Route, { kind: 'transaction' }>, out: ProtocolOutput): Promise<string> {
    switch (route.action) {
      case 'begin':
        if (this.implicitTx) {
          // BEGIN inside the implicit transaction turns it into a regular block, silently.
          this.implicitTx = false;
          this.readOnly = route.readOnly ?? false;
          return route.tag;
        }
        if (this.tx !== 'I') {
          this.notice(out, SqlStates.active_sql_transaction, 'there is already a transaction in progress');
          return route.tag;
        }
        await this.conn.run('BEGIN TRANSACTION');
        this.tx = 'T';
        this.settings.beginTransaction();
        this.readOnly = route.readOnly ?? this.settings.get('default_transaction_read_only') === 'on';
        if (route.isolation) this.settings.set('transaction_isolation', route.isolation, true, true);
        return route.tag;
      case 'commit':
      case 'rollback': {
        if (this.tx === 'I') {
          this.notice(out, SqlStates.no_active_sql_transaction, 'there is no transaction in progress');
          return route.tag;
        }
        this.implicitTx = false;
        const failed = this.tx === 'E';
        const committing = route.action === 'commit' && !failed;
        let committed = false;
        try {
          await (committing ? this.topics.commit(() => this.conn.run('COMMIT')) : this.conn.run('ROLLBACK'));
          committed = committing;
        } finally {
          this.tx = 'I';
          this.endTransaction(out, committed);
        }
        return failed ? 'ROLLBACK' : route.tag;
      }
      case 'savepoint':
      case 'release':
      case 'rollback_to':
        if (this.tx === 'I' || this.implicitTx) throw new PgError(SqlStates.no_active_sql_transaction, `${{ savepoint: 'SAVEPOINT', release: 'RELEASE SAVEPOINT', rollback_to: 'ROLLBACK TO SAVEPOINT' }[route.action]} can only be used in transaction blocks`);
        if (route.action === 'savepoint') this.transactionEffects.add(route.name!);
        else if (route.action === 'release') this.transactionEffects.release(route.name!);
        else await this.rollbackToSavepoint(route.name!, out);
        return route.tag;
    }
  }

  /** ROLLBACK TO SAVEPOINT: the whole transaction rolled back and begun again (see TransactionEffects), the savepoint kept. */
  private async rollbackToSavepoint(name: string, out: ProtocolOutput): Promise<void> {
    this.transactionEffects.rollbackTo(name);
    const kept = this.transactionEffects.snapshot();
    const readOnly = this.readOnly;
    await this.conn.run('ROLLBACK').catch(() => undefined);
    this.tx = 'I';
    this.endTransaction(out, false);
    await this.conn.run('BEGIN TRANSACTION');
    this.tx = 'T';
    this.settings.beginTransaction();
    this.readOnly = readOnly;
    this.transactionEffects.restore(kept);
  }

  /** A transaction ended: portals close, SET LOCAL values revert (all SETs on rollback). */
  private endTransaction(out: ProtocolOutput, committed: boolean): void {
    this.readOnly = false;
    this.transactionEffects.clear();
    this.releaseUpsert();
    const reload = this.ddl.afterTransaction(committed);
    if (reload) this.engineWork = this.engineWork.then(reload);
    this.notifications.endTransaction(committed);
    this.topics.endTransaction();
    for (const [name, p] of [...this.portals]) {
      // A WITH HOLD cursor outlives the transaction that declared it, if that one commits.
      if (p.cursor?.hold === 'pending' && committed) p.cursor.hold = 'held';
      if (p.cursor?.hold !== 'held') this.closePortal(name);
    }
    this.reportChanges(this.settings.endTransaction(committed), out);
  }

  /** LISTEN / UNLISTEN / NOTIFY / SELECT pg_notify: effective now, or at COMMIT in a transaction block. */
  private notify(action: NotifyAction, params: readonly EngineParam[]): RowSource {
    const inBlock = this.tx === 'T' && !this.implicitTx;
    switch (action.type) {
      case 'listen':
      case 'unlisten':
        this.notifications.change(action.channel, action.type === 'listen', inBlock);
        return new TagSource(action.type.toUpperCase());
      case 'notify': {
        const text = (a: AdminArg) => {
          const v = argValue(a, params);
          return v === null ? null : String(v);
        };
        this.notifications.notify(text(action.channel), text(action.payload), inBlock);
        return action.column ? new ValuesSource([{ name: action.column, type: descForOid(PgOid.void) }], [['']]) : new TagSource('NOTIFY');
      }
    }
  }

  private setting(action: SettingAction, out: ProtocolOutput, params: readonly EngineParam[]): RowSource {
    switch (action.type) {
      case 'show': {
        if (action.name === 'all') {
          return new ValuesSource([textColumn('name'), textColumn('setting'), textColumn('description')], this.settings.all().map((s) => [s.name, s.value, s.description]), 'SHOW');
        }
        const v = this.settings.get(action.name);
        if (v === undefined) this.settings.validate(action.name, '');
        return new ValuesSource([textColumn(displayName(action.name))], [[v ?? '']], 'SHOW');
      }
      case 'set':
        this.reportChanges(this.settings.set(action.name, action.value, action.local, this.tx !== 'I'), out);
        return new TagSource('SET');
      case 'set_many': {
        // Validate every item before changing any, as one statement does.
        for (const i of action.items) this.settings.validate(i.name, i.value);
        for (const i of action.items) this.reportChanges(this.settings.set(i.name, i.value, i.local, this.tx !== 'I'), out);
        return new TagSource('SET');
      }
      case 'reset':
        this.reportChanges(this.settings.reset(action.name), out);
        return new TagSource('RESET');
      case 'reset_all':
        this.reportChanges(this.settings.resetAll(), out);
        return new TagSource('RESET');
      case 'set_config':
        return this.setConfig(action, out, params);
    }
  }

  /** set_config(name, value, is_local): SET (LOCAL) that answers the new value; a NULL value resets. */
  private setConfig(action: Extract<SettingAction, { type: 'set_config' }>, out: ProtocolOutput, params: readonly EngineParam[]): RowSource {
    const name = argValue(action.name, params);
    if (name === null) throw new PgError(SqlStates.null_value_not_allowed, 'SET requires parameter name');
    const raw = argValue(action.value, params);
    const value = raw === null ? null : String(raw);
    const l = argValue(action.local, params);
    const local = l === true || (typeof l === 'string' && /^(t|true|on|yes|y|1)$/i.test(l.trim()));
    this.reportChanges(this.settings.set(String(name), value, local, this.tx !== 'I'), out);
    // A local value outside a transaction block lasts for this statement only: Postgres still answers it.
    const now = local && this.tx === 'I' && value !== null ? this.settings.validate(String(name), value) : this.settings.get(String(name));
    return new ValuesSource([textColumn(action.column)], [[now ?? '']]);
  }

  /** Put the session's settings where the emulated pg_settings reads them (an engine variable). */
  private async publishSettings(): Promise<void> {
    const entries = this.settings.changedFromDefaults().map(([k, v]) => `${quoteLiteral(k)}: ${quoteLiteral(v)}`);
    await this.conn.run(`SET VARIABLE ${SETTINGS_VARIABLE} = CAST(MAP {${entries.join(', ')}} AS MAP(VARCHAR, VARCHAR))`);
    // DuckDB folds getvariable into a plan when it prepares a statement.
    this.conn.settingsChanged();
  }

  /** Send ParameterStatus for reported settings that changed and mirror engine-side ones into DuckDB. */
  private reportChanges(names: string[], out: ProtocolOutput): void {
    if (names.length) this.engineWork = this.engineWork.then(() => this.publishSettings());
    for (const n of names) {
      if (this.settings.isReported(n)) out.ser.parameterStatus(displayName(n), this.settings.get(n) ?? '');
      // Chained, and awaited before the next statement and before close: an engine call must
      // never be in flight when its connection is released.
      this.engineWork = this.engineWork.then(() => this.applyEngineSetting(n));
    }
  }

  /**
   * Settings DuckDB must know too: date functions depend on the session time zone, and the
   * native functions that print timestamptz read it, as Postgres spells it, from a variable.
   */
  private async applyEngineSetting(name: string): Promise<void> {
    if (name !== 'timezone') return;
    const tz = this.settings.get('timezone') ?? 'UTC';
    await this.conn.run(`SET VARIABLE ${pgSessionZoneVariable} = ${quoteLiteral(tz)}`);
    // DuckDB folds the zone (and getvariable) into a plan when it prepares a statement.
    this.conn.settingsChanged();
    const engineZone = engineTimeZone(tz);
    try {
      if (engineZone !== null) await this.conn.run(`SET TimeZone = ${quoteLiteral(engineZone)}`);
    } catch {
      // DuckDB's ICU does not know every zone Node's does; display still follows the setting.
    }
  }
}

/** Whether a route writes, and so needs the extended protocol's implicit transaction. */
function writes(route: Route): boolean {
  if (route.kind === 'copy') return route.copy.direction === 'from' || writes(route.copy.query);
  if (route.kind === 'ddl') return true;
  return route.kind === 'duckdb' && !((route.tag === 'SELECT' && !route.writes) || route.tag === 'EXPLAIN');
}

function isTransactionEnd(route: Route | null): boolean {
  return route?.kind === 'transaction' && (route.action === 'commit' || route.action === 'rollback' || route.action === 'rollback_to');
}

/** Declared parameter types, with the ones Postgres infers from context filling the gaps. */
function withInferredTypes(parsed: ParsedStatement, declared: readonly number[]): number[] {
  const { count, inferred } = paramInfo(parsed.ast);
  if (inferred.size === 0) return [...declared];
  return Array.from({ length: Math.max(count, declared.length) }, (_, i) => declared[i] || inferred.get(i) || 0);
}
