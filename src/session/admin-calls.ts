import { parseTopicColumns } from '../broker/index.js';
import { ResultTablesRepo, type SourceRecord } from '../catalog/index.js';
import { createEmbeddingTable } from '../store/index.js';
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

/** Run an admin function and return its result rows. Side effects happen here, at Execute. */
export async function runAdminCall(
  call: AdminCall,
  params: readonly EngineParam[],
  services: SessionServices,
  tenant: string | null,
  /** Aborted when the client cancels the statement (long-running calls stop at the next batch). */
  signal?: AbortSignal,
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
      const deps = { engine: services.engine, sources: services.sources, models: services.models, repo: new ResultTablesRepo(services.catalogDb), log: services.log };
      const args = { source: text(v[0], fn, 'source'), keyColumn: text(v[1], fn, 'key_column'), textColumn: text(v[2], fn, 'text_column'), model: text(v[3], fn, 'model'), options: jsonObject(v[4], fn, 'options') };
      const t = await createEmbeddingTable(deps, args, tenant, signal);
      return { columns, rows: [[t.tableName, t.sourceId, t.modelId, t.status, t.rowCount, t.dimensions]] };
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
