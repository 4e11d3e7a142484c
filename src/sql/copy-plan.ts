import { deparseSync } from 'pgsql-deparser';
import { quoteIdent } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { type AstFields, type AstNode, fieldsOf, nameList, tagOf } from './ast.js';
import { type CopyOptions, copyOptions } from './copy-options.js';
import type { ParsedStatement } from './parse.js';
import type { RewriteContext } from './rewrite/index.js';
import { guardWrites } from './rewrite/write-guard.js';
import { rewritePublicSchema } from './rewrite/public-schema.js';
import type { NameResolver } from './resolver.js';
import type { Route } from './route.types.js';

/** `COPY t [(cols)] FROM STDIN`: rows loaded into a table. */
export interface CopyFromPlan {
  direction: 'from';
  /** The table as DuckDB names it (quoted). */
  table: string;
  /** The table's name as Postgres shows it in an error's CONTEXT. */
  relname: string;
  /** The columns named, or null for all. */
  columns: string[] | null;
  options: CopyOptions;
}

/** `COPY t TO STDOUT` / `COPY (query) TO STDOUT`: a query's rows written in a COPY format. */
export interface CopyToPlan {
  direction: 'to';
  /** The query, planned like any other (rewrites, result type hints). */
  query: Extract<Route, { kind: 'duckdb' }>;
  options: CopyOptions;
}

export type CopyPlan = CopyFromPlan | CopyToPlan;

const unsupported = (msg: string) => new PgError(SqlStates.feature_not_supported, msg);

/**
 * Plan a CopyStmt to or from the client (COPY to or from a server file is refused before this).
 * FROM resolves the target with the write guard (sources 42809, `_jammi_*` system tables
 * 42501) and the `public` schema mapping; TO becomes a query planned by `planQuery`.
 * @see https://www.postgresql.org/docs/15/sql-copy.html
 */
export function planCopy(s: ParsedStatement, resolver: NameResolver, planQuery: (q: ParsedStatement) => Route): Route {
  const f = fieldsOf(s.ast);
  const isFrom = Boolean(f.is_from);
  const options = copyOptions(f.options as AstNode[] | undefined, isFrom);
  const columns = copiedColumns(f.relation as AstFields | undefined, f.attlist ? nameList(f.attlist as AstNode[]) : null, resolver);
  if (isFrom) {
    if (f.whereClause) throw unsupported('COPY FROM … WHERE is not supported');
    return { kind: 'copy', copy: { direction: 'from', ...copyTarget(s.ast, resolver), columns, options } };
  }
  const query = f.query ? (f.query as AstNode) : selectFrom(f.relation as AstFields, columns);
  const tag = tagOf(query);
  const route = planQuery({ ast: query, tag, text: deparseSync(query, { pretty: false }), offset: s.offset });
  if (route.kind === 'error') return route;
  if (route.kind !== 'duckdb' || !route.returnsRows) {
    throw unsupported(tag === 'SelectStmt' ? 'COPY of this query is not supported' : 'COPY query must have a RETURNING clause');
  }
  return { kind: 'copy', copy: { direction: 'to', query: route, options } };
}

/**
 * The columns a COPY names, or null for all. Generated columns are left out of "all" and
 * refused when named (42P10), as in Postgres (CopyGetAttnums); jammi knows them from the
 * table's DDL record.
 */
function copiedColumns(relation: AstFields | undefined, named: string[] | null, resolver: NameResolver): string[] | null {
  if (!relation?.relname || relation.catalogname) return named;
  const schema = !relation.schemaname || relation.schemaname === 'public' ? 'main' : (relation.schemaname as string);
  const meta = resolver.tableDdl?.get(schema, relation.relname as string);
  const generated = new Set(meta?.generated ?? []);
  if (generated.size === 0) return named;
  for (const name of named ?? []) {
    if (generated.has(name)) throw new PgError(SqlStates.invalid_column_reference, `column "${name}" is a generated column`, { detail: 'Generated columns cannot be used in COPY.' });
  }
  return named ?? meta!.columns.filter((c) => !generated.has(c));
}

/** The table a COPY FROM writes, after the write guard and the schema mapping. */
function copyTarget(stmt: AstNode, resolver: NameResolver): { table: string; relname: string } {
  const ctx: RewriteContext = { resolver, dynamic: false };
  let ast = structuredClone(stmt);
  for (const rw of [guardWrites, rewritePublicSchema]) ast = rw(ast, ctx).stmt;
  const rv = fieldsOf(ast).relation as AstFields;
  const parts = [rv.catalogname, rv.schemaname, rv.relname].filter((p): p is string => typeof p === 'string' && p !== '');
  return { table: parts.map(quoteIdent).join('.'), relname: rv.relname as string };
}

/** `COPY t (a, b) TO` reads as `SELECT a, b FROM t`. */
function selectFrom(relation: AstFields, columns: string[] | null): AstNode {
  const col = (name: string) => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }] } } } });
  const star = { ResTarget: { val: { ColumnRef: { fields: [{ A_Star: {} }] } } } };
  return {
    SelectStmt: {
      targetList: columns ? columns.map(col) : [star],
      fromClause: [{ RangeVar: { ...relation, inh: true } }],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  };
}
