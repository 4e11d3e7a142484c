import { deparseSync } from 'pgsql-deparser';
import { PgError, SqlStates } from '../errors/index.js';
import { type AstNode, constText, constValue, fieldsOf } from './ast.js';
import { matchAdminCall } from './admin-functions.js';
import { matchConstantSelect } from './constant-select.js';
import { matchSetConfig } from './set-config.js';
import { matchNotify } from './notify.js';
import { matchTopicStatement } from './topic-statements.js';
import { commandTagOf } from './command-tag.js';
import { matchCursorStatement } from './cursor-statements.js';
import type { ParsedStatement } from './parse.js';
import type { NameResolver } from './resolver.js';
import { ddlRewrites, exactRewrites, planningGuards, resolutionRewrites, type Rewrite, type RewriteContext, rewrites, type SessionView, type VectorIndexScan } from './rewrite/index.js';
import { PG_FUNCTIONS_CATALOG } from '../engine/index.js';
import { castDeclaredParams } from './rewrite/param-types.js';
import { planSearchFilters } from './search-filters.js';
import type { Route, SettingAction } from './route.types.js';
import { rewriteVectorSearch, type VectorSearchCall } from './rewrite/vector-search.js';
import { resultTypeHints } from './result-types/index.js';
import { namesEngineKeyword } from './engine-identifiers.js';
import { planCopy } from './copy-plan.js';
import { changesTables } from './table-changes.js';
import { type DdlContext, type MetaReader, planDdl } from './ddl/index.js';

export interface PlanOptions {
  resolver: NameResolver;
  /** Parameter type OIDs declared in Parse (0 = unspecified). */
  paramTypes?: readonly number[];
  /** The session's settings and identity, for functions such as current_setting(). */
  session?: SessionView;
}

/** A handler returns a route for statements it owns, or null for "not mine". */
type Handler = (stmt: ParsedStatement, opts: PlanOptions) => Route | null;

const notSupported = (what: string, hint?: string) => new PgError(SqlStates.feature_not_supported, `${what} is not supported`, hint ? { hint } : {});
const denied = (what: string) => new PgError(SqlStates.insufficient_privilege, `permission denied: ${what}`);

/** ISOLATION LEVEL from BEGIN's options, if given. */
function isolationOption(f: Record<string, unknown>): string | undefined {
  for (const o of (f.options ?? []) as AstNode[]) {
    const d = o.DefElem;
    if (d?.defname === 'transaction_isolation') return constText(d.arg as AstNode);
  }
  return undefined;
}

/** READ ONLY / READ WRITE from BEGIN's options, if given. */
function readOnlyOption(f: Record<string, unknown>): boolean | undefined {
  for (const o of (f.options ?? []) as AstNode[]) {
    const d = o.DefElem;
    if (d?.defname === 'transaction_read_only') return Boolean(constValue(d.arg as AstNode));
  }
  return undefined;
}

const transactionHandler: Handler = (s) => {
  if (s.tag !== 'TransactionStmt') return null;
  const f = fieldsOf(s.ast);
  switch (f.kind as string) {
    case 'TRANS_STMT_BEGIN':
      return { kind: 'transaction', action: 'begin', tag: 'BEGIN', readOnly: readOnlyOption(f), isolation: isolationOption(f) };
    case 'TRANS_STMT_START':
      return { kind: 'transaction', action: 'begin', tag: 'START TRANSACTION', readOnly: readOnlyOption(f), isolation: isolationOption(f) };
    case 'TRANS_STMT_COMMIT':
      return { kind: 'transaction', action: 'commit', tag: 'COMMIT' };
    case 'TRANS_STMT_ROLLBACK':
      return { kind: 'transaction', action: 'rollback', tag: 'ROLLBACK' };
    case 'TRANS_STMT_SAVEPOINT':
      return { kind: 'transaction', action: 'savepoint', name: f.savepoint_name as string, tag: 'SAVEPOINT' };
    case 'TRANS_STMT_RELEASE':
      return { kind: 'transaction', action: 'release', name: f.savepoint_name as string, tag: 'RELEASE' };
    case 'TRANS_STMT_ROLLBACK_TO':
      return { kind: 'transaction', action: 'rollback_to', name: f.savepoint_name as string, tag: 'ROLLBACK' };
    default:
      return { kind: 'error', error: notSupported('two-phase commit (PREPARE TRANSACTION)') };
  }
};

const settingHandler: Handler = (s) => {
  const setConfig = matchSetConfig(s.ast);
  if (setConfig) return { kind: 'setting', action: setConfig };
  if (s.tag === 'VariableShowStmt') return { kind: 'setting', action: { type: 'show', name: String(fieldsOf(s.ast).name).toLowerCase() } };
  if (s.tag === 'DiscardStmt') return { kind: 'setting', action: { type: 'reset_all' } };
  if (s.tag !== 'VariableSetStmt') return null;
  const f = fieldsOf(s.ast);
  const name = String(f.name ?? '').toLowerCase();
  let action: SettingAction;
  switch (f.kind as string) {
    case 'VAR_SET_VALUE': {
      let args = ((f.args ?? []) as AstNode[]).map((a) => constText(a));
      if (args.some((a) => a === undefined)) return { kind: 'error', error: notSupported(`SET ${name} to a non-constant value`) };
      // search_path is a list of identifiers: Postgres shows the ones that need it quoted.
      if (name === 'search_path') args = args.map((a) => (/^[a-z_][a-z0-9_]*$/.test(a!) ? a : '"' + a!.replace(/"/g, '""') + '"'));
      action = { type: 'set', name, value: args.join(', '), local: Boolean(f.is_local) };
      break;
    }
    case 'VAR_SET_DEFAULT':
      action = { type: 'set', name, value: null, local: Boolean(f.is_local) };
      break;
    case 'VAR_RESET':
      action = { type: 'reset', name };
      break;
    case 'VAR_RESET_ALL':
      action = { type: 'reset_all' };
      break;
    case 'VAR_SET_MULTI':
      return transactionCharacteristics(f);
    default:
      return { kind: 'error', error: notSupported(`SET ${name}`) };
  }
  return { kind: 'setting', action };
};

/**
 * SET TRANSACTION … (this transaction's transaction_isolation / _read_only / _deferrable, as
 * SET LOCAL) and SET SESSION CHARACTERISTICS AS TRANSACTION … (the default_transaction_*
 * settings). They are recorded and shown; DuckDB runs every transaction serializably whatever
 * the level says.
 */
function transactionCharacteristics(f: Record<string, unknown>): Route {
  const session = f.name === 'SESSION CHARACTERISTICS';
  const items: { name: string; value: string; local: boolean }[] = [];
  for (const o of (f.args ?? []) as AstNode[]) {
    const d = o.DefElem;
    const v = d ? constValue(d.arg as AstNode) : undefined;
    if (!d || v === undefined || v === null) return { kind: 'error', error: notSupported(`SET ${String(f.name)} with this option`) };
    const value = typeof v === 'string' ? v : v ? 'on' : 'off';
    items.push({ name: session ? `default_${d.defname as string}` : (d.defname as string), value, local: !session });
  }
  return { kind: 'setting', action: { type: 'set_many', items } };
}

/** Statements a client may never run, and Postgres features jammi does not have yet. */
const safetyHandler: Handler = (s) => {
  const f = fieldsOf(s.ast);
  switch (s.tag) {
    case 'CopyStmt':
      if (f.filename !== undefined || f.is_program) return { kind: 'error', error: denied('COPY to or from a server file is not allowed; use COPY ... TO STDOUT or FROM STDIN') };
      return null;
    case 'LoadStmt':
      return { kind: 'error', error: denied('LOAD is not allowed') };
    case 'AlterSystemStmt':
      return { kind: 'error', error: denied('ALTER SYSTEM is not allowed') };
    case 'CallStmt':
      return { kind: 'error', error: denied('CALL is not allowed') };
    case 'CreatedbStmt':
    case 'DropdbStmt':
      return { kind: 'error', error: notSupported('creating or dropping databases', 'A jammi server has one database; every name a client connects with reaches it.') };
    case 'CreateExtensionStmt':
      // pgvector's type and operators are built in: applications that install it run unchanged.
      if (f.extname === 'vector') return { kind: 'noop', tag: 'CREATE EXTENSION' };
      return { kind: 'error', error: notSupported(`extension "${f.extname}"`) };
    case 'CreateRoleStmt':
    case 'AlterRoleStmt':
    case 'DropRoleStmt':
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return { kind: 'error', error: notSupported('roles and privileges') };
    case 'DoStmt':
    case 'CreateFunctionStmt':
    case 'CreateTrigStmt':
      return { kind: 'error', error: notSupported(s.tag === 'DoStmt' ? 'DO blocks' : s.tag === 'CreateTrigStmt' ? 'triggers' : 'CREATE FUNCTION') };
    case 'PrepareStmt':
    case 'ExecuteStmt':
      return { kind: 'error', error: notSupported('SQL-level PREPARE/EXECUTE', 'Use the extended query protocol (every driver does).') };
    default:
      return null;
  }
};

/** DECLARE / FETCH / MOVE / CLOSE, and DEALLOCATE. */
const cursorHandler: Handler = (s, opts) => {
  if (s.tag === 'DeallocateStmt') {
    const f = fieldsOf(s.ast);
    return { kind: 'deallocate', name: f.isall ? null : (f.name as string) };
  }
  const c = matchCursorStatement(s);
  if (!c) return null;
  if (c.type !== 'declare') return { kind: 'cursor', action: c };
  if (c.scroll) return { kind: 'error', error: notSupported('SCROLL cursors', 'jammi cursors read forward only: declare the cursor without SCROLL.') };
  const f = fieldsOf(c.query.ast);
  if (c.query.tag !== 'SelectStmt' || f.intoClause !== undefined) return { kind: 'error', error: new PgError(SqlStates.syntax_error, 'DECLARE CURSOR needs a SELECT or VALUES query') };
  const plan = constantHandler(c.query, opts) ?? duckdbHandler(c.query, opts);
  if (plan?.kind !== 'duckdb' && plan?.kind !== 'constant') throw new PgError(SqlStates.internal_error, 'a cursor query was not planned as a query');
  return { kind: 'cursor', action: { ...c, plan } };
};

const noopHandler: Handler = (s) => {
  if (s.tag === 'CheckPointStmt') return { kind: 'noop', tag: 'CHECKPOINT' };
  return null;
};

const adminHandler: Handler = (s) => {
  const call = matchAdminCall(s.ast);
  return call ? { kind: 'admin', call } : null;
};

const notifyHandler: Handler = (s) => {
  const action = matchNotify(s.ast);
  if (!action) return null;
  return { kind: 'notify', action, tag: action.type === 'notify' ? (action.column ? 'SELECT' : 'NOTIFY') : action.type.toUpperCase() };
};

/** Statements on topic logs (schema `topics`): an INSERT publishes; other writes there are refused. */
const topicHandler: Handler = (s, opts) => {
  const insert = matchTopicStatement(s.ast);
  if (!insert) return null;
  const query = insert.query ? duckdbHandler({ ast: insert.query, tag: 'SelectStmt', text: deparseSync(insert.query, { pretty: false }), offset: 0 }, opts) : null;
  return { kind: 'topic_insert', insert, query: query?.kind === 'duckdb' ? query : null };
};

const constantHandler: Handler = (s) => {
  const result = matchConstantSelect(s.ast);
  return result ? { kind: 'constant', result } : null;
};

/** CREATE SCHEMA must not shadow a source. */
const schemaHandler: Handler = (s, opts) => {
  if (s.tag !== 'CreateSchemaStmt') return null;
  const name = fieldsOf(s.ast).schemaname as string | undefined;
  if (name && opts.resolver.isSource(name)) return { kind: 'error', error: new PgError(SqlStates.duplicate_schema, `schema "${name}" already exists (it is a source)`) };
  return null;
};

function returnsRows(tag: string, f: Record<string, unknown>): boolean {
  if (tag === 'SelectStmt') return f.intoClause === undefined;
  if (tag === 'ExplainStmt') return true;
  // The Postgres 18 grammar keeps RETURNING in returningClause.exprs.
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'].includes(tag)) {
    const rc = f.returningClause as { exprs?: unknown[] } | undefined;
    return (rc?.exprs?.length ?? 0) > 0 || (Array.isArray(f.returningList) && f.returningList.length > 0);
  }
  return false;
}

/** Results at most this many rows are materialized in one engine call instead of streamed. */
const SMALL_RESULT_ROWS = 10000;

/** A top-level SELECT with `LIMIT n` (a constant, n ≤ SMALL_RESULT_ROWS): its size is known to be small. */
function isSmall(tag: string, f: Record<string, unknown>): boolean {
  if (tag !== 'SelectStmt' || f.intoClause !== undefined) return false;
  const limit = constValue(f.limitCount as AstNode | undefined);
  return typeof limit === 'number' && limit <= SMALL_RESULT_ROWS;
}

/** Run every rewrite (or the given ones) on a private clone; deparse only when something changed (or always, with `deparse`). */
function rewriteForDuckDB(s: ParsedStatement, opts: PlanOptions, list: readonly Rewrite[] = rewrites, deparse = false): { sql: string; dynamic: boolean; catalog: boolean; searches: VectorSearchCall[]; vectorScans: VectorIndexScan[] } {
  const ctx: RewriteContext = { resolver: opts.resolver, dynamic: false, session: opts.session, paramTypes: opts.paramTypes };
  const chain: Rewrite[] = opts.paramTypes?.length ? [...list, castDeclaredParams(opts.paramTypes)] : [...list];
  let stmt = structuredClone(s.ast);
  let changed = deparse;
  for (const rw of chain) {
    const r = rw(stmt, ctx);
    stmt = r.stmt;
    changed ||= r.changed;
  }
  return { sql: changed || namesEngineKeyword(stmt) ? deparseSync(stmt, { pretty: false }) : s.text, dynamic: ctx.dynamic, catalog: ctx.catalog === true, searches: ctx.searches ?? [], vectorScans: ctx.vectorScans ?? [] };
}

const noTableDdl: MetaReader = { get: () => undefined, all: () => [] };

/** Postgres DDL jammi translates (serial, identity, constraint names, several engine statements): see src/sql/ddl. */
const ddlHandler: Handler = (s, opts) => {
  const ctx: DdlContext = {
    resolver: opts.resolver,
    meta: opts.resolver.tableDdl ?? noTableDdl,
    engineSql: (ast) => rewriteForDuckDB({ ...s, ast }, { resolver: opts.resolver }, ddlRewrites, true).sql,
    querySql: (ast) => rewriteForDuckDB({ ...s, ast }, { resolver: opts.resolver }, rewrites, true).sql,
  };
  const plan = planDdl(s, ctx);
  return plan ? { kind: 'ddl', tag: plan.tag, run: plan.run, changesTables: plan.changesTables, ...(plan.columns ? { columns: plan.columns } : {}) } : null;
};

/** COPY FROM STDIN / TO STDOUT (after safetyHandler, which refuses server files). */
const copyHandler: Handler = (s, opts) => (s.tag === 'CopyStmt' ? planCopy(s, opts.resolver, (q) => duckdbHandler(q, opts)!) : null);

const duckdbHandler: Handler = (s, opts) => {
  const f = fieldsOf(s.ast);
  const first = rewriteForDuckDB(s, opts);
  const columnTypes = resultTypeHints(withSearchesExpanded(s, opts), opts.resolver);
  // Only the resolver is kept: a cached route must not hold on to one session's state.
  const plainOpts: PlanOptions = { resolver: opts.resolver, paramTypes: opts.paramTypes };
  const callsCompatibility = first.sql.includes(`${PG_FUNCTIONS_CATALOG}.`);
  const annSql = first.dynamic ? () => rewriteForDuckDB(s, opts).sql : first.sql;
  // A statement planned onto an HNSW index runs exactly wherever the index is not used (see vectorScan).
  const exact = first.vectorScans.length ? rewriteForDuckDB(s, opts, exactRewrites) : null;
  const sql = exact ? (exact.dynamic ? () => rewriteForDuckDB(s, opts, exactRewrites).sql : exact.sql) : annSql;
  planSearchFilters(first.searches, (ast) => rewriteForDuckDB({ ...s, ast }, opts, rewrites, true).sql);
  const search = first.searches.length ? searchOf(first.searches, sql) : undefined;
  return {
    kind: 'duckdb',
    sql: search ? searchOnly : sql,
    ...(search ? { search } : {}),
    ...(exact && !search ? { vectorScan: vectorScanOf(first.vectorScans, annSql) } : {}),
    tag: commandTagOf(s.tag, f),
    returnsRows: returnsRows(s.tag, f),
    ...(s.tag === 'SelectStmt' && f.intoClause !== undefined ? { writes: true } : {}),
    ...(isSmall(s.tag, f) ? { small: true } : {}),
    ...(columnTypes ? { columnTypes } : {}),
    ...(first.catalog ? { catalog: true as const } : {}),
    ...(callsCompatibility ? { diagnose: () => rewriteForDuckDB(s, plainOpts, resolutionRewrites).sql } : {}),
  };
};

/**
 * The statement with its vector_search calls replaced by what they search (the result-type
 * hints then see a writable table's declared types, e.g. a pgvector column, through `t.*`).
 */
function withSearchesExpanded(s: ParsedStatement, opts: PlanOptions): AstNode {
  if (!s.text.includes('vector_search')) return s.ast;
  try {
    return rewriteVectorSearch(structuredClone(s.ast), { resolver: opts.resolver, dynamic: false }).stmt;
  } catch {
    return s.ast; // the planned statement reports the error
  }
}

/** A vector_search statement runs only once its hits are known (route.search). */
const searchOnly = (): string => {
  throw new PgError(SqlStates.feature_not_supported, 'vector_search is not supported in this statement yet', { hint: 'Use it in a plain query (SELECT … FROM vector_search(…)).' });
};

/** `sql` with each item's placeholder replaced by the relation rendered for it at execution. */
function fillPlaceholders(items: readonly { placeholder: string }[], sql: string | (() => string)): (rendered: readonly string[]) => string {
  return (rendered) => {
    let text = typeof sql === 'string' ? sql : sql();
    items.forEach((c, i) => {
      text = text.replaceAll(c.placeholder, rendered[i]);
    });
    return text;
  };
}

/** route.search: each call's placeholder in the planned SQL replaced by its rendered hits. */
function searchOf(calls: VectorSearchCall[], sql: string | (() => string)): NonNullable<Extract<Route, { kind: 'duckdb' }>['search']> {
  return { calls, sql: fillPlaceholders(calls, sql), cacheable: typeof sql === 'string' };
}

/** route.vectorScan: each scan's placeholder in the index-planned SQL replaced by its rendered candidate keys. */
function vectorScanOf(scans: VectorIndexScan[], sql: string | (() => string)): NonNullable<Extract<Route, { kind: 'duckdb' }>['vectorScan']> {
  return { scans, sql: fillPlaceholders(scans, sql) };
}

/** The handlers, in order: the first that claims a statement decides its route. */
const handlers: readonly Handler[] = [transactionHandler, settingHandler, topicHandler, safetyHandler, cursorHandler, noopHandler, schemaHandler, adminHandler, notifyHandler, constantHandler, copyHandler, ddlHandler, duckdbHandler];

/** A statement DuckDB runs as it is that may change writable tables is marked: the registry is reconciled after it commits. */
function withTableChanges(r: Route, s: ParsedStatement): Route {
  return r.kind === 'duckdb' && changesTables(s.ast) ? { ...r, changesTables: true } : r;
}

/** Decide where a parsed statement goes. Errors in planning come back as an `error` route or a thrown PgError. */
export function planStatement(s: ParsedStatement, opts: PlanOptions): Route {
  // Read-only objects and reserved names are refused whatever route the statement takes.
  for (const guard of planningGuards) guard(s.ast, { resolver: opts.resolver, dynamic: false });
  for (const h of handlers) {
    const r = h(s, opts);
    if (r) return withTableChanges(r, s);
  }
  throw new PgError(SqlStates.internal_error, `no route for ${s.tag}`);
}
