import { walk } from '@pgsql/traverse';
import { PgError, SqlStates } from '../errors/index.js';
import { PgOid } from '../types/index.js';
import { type AstFields, type AstNode, constValue, nameList } from './ast.js';

/** A parameter of an admin function, as `docs/sql.md` documents it. */
export interface AdminParam {
  name: string;
  type: 'text' | 'jsonb' | 'bigint';
  /** Present when the parameter is optional (null: DEFAULT NULL). */
  default?: string | null;
}

/** An admin function's signature and the columns it returns. */
export interface AdminFunctionSpec {
  name: string;
  params: readonly AdminParam[];
  columns: readonly { name: string; oid: number }[];
}

/** An argument as written: a constant, or a `$n` bound at execution. */
export type AdminArg = { kind: 'const'; value: string | number | boolean | null } | { kind: 'param'; index: number };

/** A recognised call: which function, and its arguments in parameter order. */
export interface AdminCall {
  fn: AdminFunctionSpec;
  args: AdminArg[];
}

const sourceColumns = [
  { name: 'source_id', oid: PgOid.text },
  { name: 'source_type', oid: PgOid.text },
  { name: 'uri', oid: PgOid.text },
  { name: 'format', oid: PgOid.text },
  { name: 'tables', oid: 1009 },
  { name: 'columns', oid: PgOid.int4 },
] as const;

const embeddingTableColumns = [
  { name: 'table_name', oid: PgOid.text },
  { name: 'source_id', oid: PgOid.text },
  { name: 'model_id', oid: PgOid.text },
  { name: 'status', oid: PgOid.text },
  { name: 'row_count', oid: PgOid.int8 },
  { name: 'dimensions', oid: PgOid.int4 },
] as const;

/** Every admin function in schema `jammi`. */
export const adminFunctions: ReadonlyMap<string, AdminFunctionSpec> = new Map(
  (
    [
      {
        name: 'add_source',
        params: [{ name: 'name', type: 'text' }, { name: 'uri', type: 'text' }, { name: 'options', type: 'jsonb', default: '{}' }],
        columns: sourceColumns,
      },
      { name: 'remove_source', params: [{ name: 'name', type: 'text' }], columns: [{ name: 'source_id', oid: PgOid.text }, { name: 'removed', oid: PgOid.bool }] },
      { name: 'refresh_source', params: [{ name: 'name', type: 'text' }], columns: sourceColumns },
      {
        name: 'create_topic',
        params: [{ name: 'name', type: 'text' }, { name: 'columns', type: 'jsonb' }],
        columns: [{ name: 'topic_id', oid: PgOid.text }, { name: 'name', oid: PgOid.text }, { name: 'backing_table', oid: PgOid.text }, { name: 'schema', oid: PgOid.jsonb }],
      },
      { name: 'drop_topic', params: [{ name: 'name', type: 'text' }], columns: [{ name: 'topic_id', oid: PgOid.text }, { name: 'dropped', oid: PgOid.bool }] },
      { name: 'publish', params: [{ name: 'topic', type: 'text' }, { name: 'payload', type: 'jsonb' }], columns: [{ name: 'publish', oid: PgOid.int8 }] },
      {
        name: 'subscribe',
        params: [{ name: 'topic', type: 'text' }, { name: 'filter', type: 'text', default: null }, { name: 'from_offset', type: 'bigint', default: null }],
        columns: [{ name: 'topic', oid: PgOid.text }, { name: 'filter', oid: PgOid.text }, { name: 'from_offset', oid: PgOid.int8 }, { name: 'next_offset', oid: PgOid.int8 }],
      },
      {
        name: 'register_model',
        params: [{ name: 'name', type: 'text' }, { name: 'provider', type: 'text' }, { name: 'options', type: 'jsonb' }],
        columns: [{ name: 'name', oid: PgOid.text }, { name: 'provider', oid: PgOid.text }, { name: 'dimensions', oid: PgOid.int4 }, { name: 'status', oid: PgOid.text }],
      },
      {
        name: 'create_embedding_table',
        params: [{ name: 'source', type: 'text' }, { name: 'key_column', type: 'text' }, { name: 'text_column', type: 'text' }, { name: 'model', type: 'text' }, { name: 'options', type: 'jsonb', default: '{}' }],
        columns: embeddingTableColumns,
      },
      {
        name: 'register_embeddings',
        params: [{ name: 'source', type: 'text' }, { name: 'key_column', type: 'text' }, { name: 'vector_column', type: 'text' }, { name: 'options', type: 'jsonb', default: '{}' }],
        columns: embeddingTableColumns,
      },
      {
        name: 'rebuild_index',
        params: [{ name: 'table', type: 'text' }, { name: 'options', type: 'jsonb', default: '{}' }],
        columns: [{ name: 'table_name', oid: PgOid.text }, { name: 'status', oid: PgOid.text }, { name: 'row_count', oid: PgOid.int8 }, { name: 'dimensions', oid: PgOid.int4 }, { name: 'index_params', oid: PgOid.jsonb }],
      },
    ] satisfies AdminFunctionSpec[]
  ).map((f) => [f.name, f]),
);

/** An argument: a constant (a cast of one counts) or a `$n` bound at execution; null for anything else. */
export function argOf(node: AstNode): AdminArg | null {
  const v = constValue(node);
  if (v !== undefined) return { kind: 'const', value: v };
  if (node.TypeCast) return argOf(node.TypeCast.arg as AstNode);
  if (node.ParamRef) return { kind: 'param', index: (node.ParamRef.number as number) - 1 };
  return null;
}

/** Match a FuncCall to its spec and put its arguments in parameter order. */
function bindCall(call: AstFields): AdminCall {
  const names = nameList(call.funcname as AstNode[]);
  const fname = names[names.length - 1];
  const fn = adminFunctions.get(fname);
  const given = (call.args ?? []) as AstNode[];
  if (!fn) throw new PgError(SqlStates.undefined_function, `function jammi.${fname}(${given.map(() => 'unknown').join(', ')}) does not exist`);
  const args: (AdminArg | undefined)[] = new Array(fn.params.length);
  let positional = 0;
  for (const node of given) {
    let target = positional;
    let value = node;
    if (node.NamedArgExpr) {
      target = fn.params.findIndex((p) => p.name === node.NamedArgExpr.name);
      if (target < 0) throw new PgError(SqlStates.undefined_function, `function jammi.${fname} has no parameter named "${node.NamedArgExpr.name}"`);
      value = node.NamedArgExpr.arg as AstNode;
    } else positional++;
    if (target >= fn.params.length) throw new PgError(SqlStates.undefined_function, `function jammi.${fname} takes at most ${fn.params.length} arguments`);
    const a = argOf(value);
    if (!a) throw new PgError(SqlStates.feature_not_supported, `arguments of jammi.${fname} must be constants or parameters`);
    args[target] = a;
  }
  fn.params.forEach((p, i) => {
    if (args[i] !== undefined) return;
    if (p.default === undefined) throw new PgError(SqlStates.undefined_function, `function jammi.${fname}: missing argument "${p.name}"`);
    args[i] = { kind: 'const', value: p.default };
  });
  return { fn, args: args as AdminArg[] };
}

/** `jammi.` table functions that are queries, not admin calls (rewriteVectorSearch plans them). */
const RETRIEVAL_FUNCTIONS = new Set(['vector_search']);

const isJammiCall = (f: AstFields) => {
  const n = nameList(f.funcname as AstNode[]);
  return n.length === 2 && n[0] === 'jammi' && !RETRIEVAL_FUNCTIONS.has(n[1]);
};

/**
 * Recognise `SELECT * FROM jammi.f(...)` and `SELECT jammi.f(...)`. A `jammi.` function
 * used any other way is refused, since admin functions have side effects and run once.
 */
export function matchAdminCall(stmt: AstNode): AdminCall | null {
  const found: AstFields[] = [];
  walk(stmt, { FuncCall: (p) => void (isJammiCall(p.node as AstFields) && found.push(p.node as AstFields)) });
  if (found.length === 0) return null;
  const misuse = () =>
    new PgError(SqlStates.feature_not_supported, `jammi.${nameList(found[0].funcname as AstNode[])[1]} must be called alone, as SELECT * FROM jammi.f(...)`);
  const s = stmt.SelectStmt;
  if (!s || found.length > 1) throw misuse();
  const extra = ['whereClause', 'groupClause', 'havingClause', 'sortClause', 'limitCount', 'limitOffset', 'distinctClause', 'withClause', 'larg', 'valuesLists', 'intoClause'];
  if (extra.some((k) => s[k] !== undefined)) throw misuse();
  const targets = (s.targetList ?? []) as AstNode[];
  const from = (s.fromClause ?? []) as AstNode[];
  if (from.length === 1 && from[0].RangeFunction && targets.length === 1) {
    const star = targets[0].ResTarget?.val?.ColumnRef?.fields?.[0]?.A_Star !== undefined;
    const fnItem = from[0].RangeFunction.functions?.[0]?.List?.items?.[0] as AstNode | undefined;
    if (star && fnItem?.FuncCall && isJammiCall(fnItem.FuncCall)) return bindCall(fnItem.FuncCall);
  }
  if (from.length === 0 && targets.length === 1) {
    const val = targets[0].ResTarget?.val as AstNode | undefined;
    if (val?.FuncCall && isJammiCall(val.FuncCall)) return bindCall(val.FuncCall);
  }
  throw misuse();
}
