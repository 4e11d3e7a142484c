import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { DdlContext, DdlProgram } from './ddl.types.js';
import { metaOrEmpty, relationNames } from './engine-catalog.js';
import { indexName } from './names.js';
import { planCreateVectorIndex, vectorIndexNames } from './create-vector-index.js';
import { engineSchema, writeMetaSql } from './table-meta.js';

/** Access methods DuckDB's one index kind (an ART) stands in for. */
const acceptedMethods = new Set(['btree', 'hash', 'art']);

/** FigureIndexColname: the name Postgres gives an expression column (`lower` for lower(email)), else undefined. */
function expressionName(expr: AstNode | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.FuncCall) return nameList(expr.FuncCall.funcname as AstNode[]).at(-1);
  if (expr.ColumnRef) return ((expr.ColumnRef.fields ?? []) as AstNode[]).at(-1)?.String?.sval as string | undefined;
  if (expr.TypeCast) return expressionName(expr.TypeCast.arg as AstNode) ?? nameList(expr.TypeCast.typeName?.names as AstNode[]).at(-1);
  if (expr.CoalesceExpr) return 'coalesce';
  if (expr.CaseExpr) return 'case';
  return undefined;
}

/** ChooseIndexColumnNames: a column's name, an expression's figured name or `expr`, numbered when repeated. */
function indexColumnNames(params: AstNode[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    const e = p.IndexElem as AstFields;
    const orig = (e.indexcolname ?? e.name ?? expressionName(e.expr as AstNode) ?? 'expr') as string;
    let name = orig;
    for (let i = 1; out.includes(name); i++) name = `${orig}${i}`;
    out.push(name);
  }
  return out;
}

/**
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t [USING btree|hash] (cols): an index
 * without a name gets Postgres's `<table>_<cols>_idx` (numbered on a clash); btree and hash
 * become DuckDB's index, hnsw is pgvector's ANN index (create-vector-index.ts), other methods,
 * partial indexes and INCLUDE are 0A000. A unique
 * index on columns is recorded, so its violations name it.
 */
export function planCreateIndex(ast: AstNode, ctx: DdlContext): DdlProgram {
  const stmt = structuredClone(ast);
  const f = stmt.IndexStmt as AstFields;
  const method = (f.accessMethod as string | undefined) ?? 'btree';
  if (method === 'hnsw') return planCreateVectorIndex(f, ctx);
  if (method === 'ivfflat') throw new PgError(SqlStates.feature_not_supported, 'access method "ivfflat" is not supported', { hint: 'Use USING hnsw: jammi builds pgvector\'s HNSW indexes (vector_l2_ops, vector_cosine_ops, vector_ip_ops).' });
  if (!acceptedMethods.has(method)) throw new PgError(SqlStates.feature_not_supported, `access method "${method}" is not supported`, { hint: 'Indexes are btree (DuckDB\'s ART index); use USING btree or omit USING.' });
  if (f.whereClause) throw new PgError(SqlStates.feature_not_supported, 'partial indexes (CREATE INDEX … WHERE) are not supported');
  if ((f.indexIncludingParams as unknown[] | undefined)?.length) throw new PgError(SqlStates.feature_not_supported, 'INCLUDE columns in an index are not supported');
  if (f.nulls_not_distinct) throw new PgError(SqlStates.feature_not_supported, 'NULLS NOT DISTINCT is not supported');
  delete f.accessMethod;
  delete f.concurrent;
  delete f.options;
  const params = (f.indexParams ?? []) as AstNode[];
  // DuckDB's index has no order: ASC/DESC and NULLS FIRST/LAST only matter to Postgres's btree scans.
  for (const p of params) {
    delete p.IndexElem.ordering;
    delete p.IndexElem.nulls_ordering;
    delete p.IndexElem.opclass;
    delete p.IndexElem.collation;
  }
  const rel = f.relation as AstFields;
  const schema = engineSchema(rel.schemaname as string | undefined);
  const table = rel.relname as string;
  const columns = params.every((p) => p.IndexElem.name) ? params.map((p) => p.IndexElem.name as string) : null;
  const unique = Boolean(f.unique);
  const ifNotExists = Boolean(f.if_not_exists);
  delete f.if_not_exists;
  const given = f.idxname as string | undefined;
  return async (db) => {
    const taken = new Set([...(await relationNames(db, schema)), ...vectorIndexNames(ctx, schema)]);
    if (given && taken.has(given)) {
      if (ifNotExists) return { notices: [new PgError(SqlStates.duplicate_table, `relation "${given}" already exists, skipping`, {}, 'NOTICE')] };
      throw new PgError(SqlStates.duplicate_table, `relation "${given}" already exists`);
    }
    const name = given ?? indexName(table, indexColumnNames(params), taken);
    f.idxname = name;
    await db.run(ctx.engineSql(stmt));
    if (unique && columns) {
      const meta = await metaOrEmpty(db, schema, table);
      meta.constraints.push({ name, kind: 'unique', columns, index: true });
      for (const sql of writeMetaSql(meta)) await db.run(sql);
    }
    return { notices: [] };
  };
}
