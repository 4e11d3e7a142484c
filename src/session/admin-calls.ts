import { parseTopicColumns } from '../broker/index.js';
import { ResultTablesRepo, type SourceRecord } from '../catalog/index.js';
import { type BuildProgress, createEmbeddingTable, type EmbeddingTableDeps, rebuildIndex, registerEmbeddings } from '../store/index.js';
import type { EngineParam } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import type { AdminArg, AdminCall } from '../sql/index.js';
import { descForOid } from '../types/index.js';
import type { ResultColumn } from './row-encoder.js';
import type { SessionServices } from './services.js';

/** Resolve an argument: a constant, or a bound parameter's text. */
export function argValue(a: AdminArg, params: readonly EngineParam[]): string | number | boolean | null {
  if (a.kind === 'const') return a.value;
  const p = params[a.index];
  if (p === undefined) throw new PgError(SqlStates.undefined_parameter, `there is no parameter $${a.index + 1}`);
  if (p === null) return null;
  return p.kind === 'text' ? p.value : Buffer.from(p.value).toString('utf8');
}

function text(v: string | number | boolean | null, fn: string, param: string): string {
  if (v === null) throw new PgError(SqlStates.null_value_not_allowed, `jammi.${fn}: argument "${param}" must not be NULL`);
  return String(v);
}

function jsonObject(v: string | number | boolean | null, fn: string, param: string): Record<string, unknown> {
  if (v === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(v));
  } catch {
    throw new PgError(SqlStates.invalid_text_representation, `invalid input syntax for type json`, { detail: `jammi.${fn}: argument "${param}" is not valid JSON: ${String(v)}` });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PgError(SqlStates.invalid_parameter_value, `jammi.${fn}: argument "${param}" must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function sourceRow(s: SourceRecord): unknown[] {
  return [s.sourceId, s.kind, s.uri, s.format, { items: s.tables.map((t) => t.name) }, s.tables.reduce((n, t) => n + t.columns.length, 0)];
}

const embeddingDeps = (services: SessionServices): EmbeddingTableDeps => ({
  engine: services.engine,
  sources: services.sources,
  models: services.models,
  repo: new ResultTablesRepo(services.catalogDb),
  log: services.log,
});

/** Seconds between progress NOTICEs while a build's total is unknown or its percentage moves slowly. */
const PROGRESS_SECONDS = 5;

/**
 * A build's progress as NOTICEs: one at every 10% of the rows, and at least every
 * PROGRESS_SECONDS while something moves, e.g. `embedding table docs_hash_384: embedding
 * 5000 of 20000 rows (25%)`. The wording is stable: `jammi embed` parses it for its bar.
 */
export function progressNotices(notice?: (message: string) => void): ((p: BuildProgress) => void) | undefined {
  if (!notice) return undefined;
  let lastStep = -1;
  let lastPhase = '';
  let lastAt = 0;
  return (p) => {
    const pct = p.total ? Math.min(100, Math.floor((p.done / p.total) * 100)) : null;
    const step = pct === null ? -1 : Math.floor(pct / 10);
    const now = Date.now();
    if (p.phase === lastPhase && step === lastStep && now - lastAt < PROGRESS_SECONDS * 1000) return;
    lastPhase = p.phase;
    lastStep = step;
    lastAt = now;
    notice(`embedding table ${p.table}: ${p.phase} ${p.done}${p.total === null ? '' : ` of ${p.total}`} rows${pct === null ? '' : ` (${pct}%)`}`);
  };
}

/** Run an admin function and return its result rows. Side effects happen here, at Execute. */
export async function runAdminCall(
  call: AdminCall,
  params: readonly EngineParam[],
  services: SessionServices,
  tenant: string | null,
  /** Aborted when the client cancels the statement (long-running calls stop at the next batch). */
  signal?: AbortSignal,
  /** Sends a NOTICE to the client at once (progress of long builds). */
  notice?: (message: string) => void,
): Promise<{ columns: ResultColumn[]; rows: unknown[][] }> {
  const fn = call.fn.name;
  const v = call.args.map((a) => argValue(a, params));
  const columns = call.fn.columns.map((c) => ({ name: c.name, type: descForOid(c.oid) }));
  switch (fn) {
    case 'add_source': {
      const s = await services.sources.add(text(v[0], fn, 'name'), text(v[1], fn, 'uri'), jsonObject(v[2], fn, 'options'), tenant);
      return { columns, rows: [sourceRow(s)] };
    }
    case 'remove_source': {
      const s = await services.sources.remove(text(v[0], fn, 'name'), tenant);
      return { columns, rows: [[s.sourceId, true]] };
    }
    case 'refresh_source': {
      const s = await services.sources.refresh(text(v[0], fn, 'name'), tenant);
      return { columns, rows: [sourceRow(s)] };
    }
    case 'register_model': {
      const m = services.models.register(text(v[0], fn, 'name'), text(v[1], fn, 'provider'), jsonObject(v[2], fn, 'options'), tenant);
      return { columns, rows: [[m.name, m.provider, m.dimensions, m.status]] };
    }
    case 'create_embedding_table': {
      const args = { source: text(v[0], fn, 'source'), keyColumn: text(v[1], fn, 'key_column'), textColumn: text(v[2], fn, 'text_column'), model: text(v[3], fn, 'model'), options: jsonObject(v[4], fn, 'options') };
      const t = await createEmbeddingTable(embeddingDeps(services), args, tenant, signal, progressNotices(notice));
      return { columns, rows: [[t.tableName, t.sourceId, t.modelId, t.status, t.rowCount, t.dimensions]] };
    }
    case 'register_embeddings': {
      const args = { source: text(v[0], fn, 'source'), keyColumn: text(v[1], fn, 'key_column'), vectorColumn: text(v[2], fn, 'vector_column'), options: jsonObject(v[3], fn, 'options') };
      const t = await registerEmbeddings(embeddingDeps(services), args, tenant, signal, progressNotices(notice));
      return { columns, rows: [[t.tableName, t.sourceId, t.modelId, t.status, t.rowCount, t.dimensions]] };
    }
    case 'rebuild_index': {
      const t = await rebuildIndex(embeddingDeps(services), text(v[0], fn, 'table'), jsonObject(v[1], fn, 'options'), tenant, signal, progressNotices(notice));
      return { columns, rows: [[t.tableName, t.status, t.rowCount, t.dimensions, JSON.stringify(t.indexParams)]] };
    }
    case 'create_topic': {
      const spec = v[1] === null ? null : jsonObject(v[1], fn, 'columns');
      if (!spec) throw new PgError(SqlStates.null_value_not_allowed, `jammi.${fn}: argument "columns" must not be NULL`);
      const t = await services.broker.registry.create(text(v[0], fn, 'name'), parseTopicColumns(spec), tenant);
      return { columns, rows: [[t.topicId, t.name, t.backingTable, JSON.stringify(Object.fromEntries(t.columns.map((c) => [c.name, c.type.name])))]] };
    }
    case 'drop_topic': {
      const t = await services.broker.registry.drop(text(v[0], fn, 'name'), tenant);
      return { columns, rows: [[t.topicId, true]] };
    }
    default:
      throw new PgError(SqlStates.undefined_function, `function jammi.${fn} does not exist`);
  }
}
