import { quoteLiteral, USER_CATALOG } from '../../engine/index.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { PgOid } from '../../types/index.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import type { DdlContext, DdlEngine, DdlProgram } from './ddl.types.js';
import { metaOrEmpty, relationNames, tableConstraints, tableExists } from './engine-catalog.js';
import { indexName } from './names.js';
import { engineSchema, type TableMeta, type VectorIndexMeta, type VectorOpclass, writeMetaSql } from './table-meta.js';

/**
 * pgvector's HNSW operator classes; the first is the type's default (`CREATE OPERATOR CLASS
 * vector_l2_ops DEFAULT FOR TYPE vector USING hnsw`).
 * @see https://github.com/pgvector/pgvector/blob/master/sql/vector.sql
 */
const OPCLASSES: readonly VectorOpclass[] = ['vector_l2_ops', 'vector_cosine_ops', 'vector_ip_ops'];

/** pgvector's reloption bounds and defaults for hnsw (src/hnsw.c, HnswInit). */
const OPTIONS = { m: { min: 2, max: 100, default: 16 }, ef_construction: { min: 4, max: 1000, default: 64 } } as const;

const bad = (message: string, detail?: string) => new PgError(SqlStates.invalid_parameter_value, message, detail ? { detail } : {});
const notSupported = (message: string, hint?: string) => new PgError(SqlStates.feature_not_supported, message, hint ? { hint } : {});

/** A reloption's value: the grammar leaves `m = 16` a bare Integer, `m = '16'` a String. */
function optionValue(arg: AstNode | undefined): string | number | undefined {
  if (arg?.Integer) return (arg.Integer.ival as number | undefined) ?? 0;
  if (arg?.Float) return String(arg.Float.fval);
  if (arg?.String) return arg.String.sval as string;
  const v = constValue(arg);
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** WITH (m = 16, ef_construction = 64): checked as Postgres checks integer reloptions. */
function hnswOptions(defs: AstNode[]): { m: number; ef_construction: number; options: string[] } {
  const out: { m: number; ef_construction: number } = { m: OPTIONS.m.default, ef_construction: OPTIONS.ef_construction.default };
  const options: string[] = [];
  for (const d of defs) {
    const name = d.DefElem?.defname as string;
    if (name !== 'm' && name !== 'ef_construction') throw bad(`unrecognized parameter "${name}"`);
    const raw = optionValue(d.DefElem?.arg as AstNode | undefined);
    const n = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw bad(`invalid value for integer option "${name}": ${String(raw)}`);
    const { min, max } = OPTIONS[name];
    if (n < min || n > max) throw bad(`value ${n} out of bounds for option "${name}"`, `Valid values are between "${min}" and "${max}".`);
    out[name] = n;
    options.push(`${name}=${n}`);
  }
  if (out.ef_construction < 2 * out.m) throw bad('ef_construction must be greater than or equal to 2 * m');
  return { ...out, options };
}

/** The column's declared type: its name for errors, and its dimensions when it is vector(n). */
function columnType(meta: TableMeta, column: string, engineType: string): { name: string; vector: boolean; dimensions: number | null } {
  const declared = meta.declared?.find((d) => d.column === column);
  if (declared?.oid === PgOid.vector) return { name: declared.name, vector: true, dimensions: declared.typmod > 0 ? declared.typmod : null };
  return { name: declared?.name ?? engineType.toLowerCase(), vector: false, dimensions: null };
}

/** The table's primary key column when it has exactly one (an indexed row's identity). */
async function singleKey(db: DdlEngine, schema: string, table: string): Promise<string | null> {
  const pk = (await tableConstraints(db, schema, table)).find((c) => c.type === 'PRIMARY KEY');
  return pk?.columns.length === 1 ? pk.columns[0] : null;
}

/** Names of the HNSW indexes in a schema (they are not DuckDB's: new index names must avoid them). */
export function vectorIndexNames(ctx: DdlContext, schema: string): string[] {
  return [...ctx.meta.all()].filter((m) => m.schema === schema).flatMap((m) => (m.vectorIndexes ?? []).map((v) => v.name));
}

/**
 * CREATE INDEX [IF NOT EXISTS] [name] ON t USING hnsw (col vector_l2_ops | vector_cosine_ops |
 * vector_ip_ops) [WITH (m = …, ef_construction = …)], as pgvector takes it. The index is a
 * record in the table's DDL metadata (written in the statement's transaction, so it commits or
 * rolls back with it); the graph itself is built in memory by the server when a query first
 * needs it (src/store/vector-indexes.ts). Its rows are identified by the table's primary key,
 * so a table without a single-column one is refused (0A000).
 */
export function planCreateVectorIndex(f: AstFields, ctx: DdlContext): DdlProgram {
  const params = (f.indexParams ?? []) as AstNode[];
  if (f.unique) throw notSupported('access method "hnsw" does not support unique indexes');
  if (params.length !== 1) throw notSupported('access method "hnsw" does not support multicolumn indexes');
  if (f.whereClause) throw notSupported('partial indexes (CREATE INDEX … WHERE) are not supported');
  const elem = params[0].IndexElem as AstFields;
  const column = elem.name as string | undefined;
  if (!column) throw notSupported('an hnsw index on an expression is not supported', 'Index a vector(n) column.');
  const opclassName = nameList((elem.opclass ?? []) as AstNode[]).at(-1);
  if (opclassName !== undefined && !OPCLASSES.includes(opclassName as VectorOpclass)) {
    if (opclassName === 'vector_l1_ops') throw notSupported('operator class "vector_l1_ops" is not supported', 'jammi has no <+> operator: use vector_l2_ops, vector_cosine_ops or vector_ip_ops.');
    throw new PgError(SqlStates.undefined_object, `operator class "${opclassName}" does not exist for access method "hnsw"`);
  }
  const { m, ef_construction, options } = hnswOptions((f.options ?? []) as AstNode[]);
  const rel = f.relation as AstFields;
  const schema = engineSchema(rel.schemaname as string | undefined);
  const table = rel.relname as string;
  const given = f.idxname as string | undefined;
  const ifNotExists = Boolean(f.if_not_exists);
  return async (db) => {
    if (!(await tableExists(db, schema, table))) throw new PgError(SqlStates.undefined_table, `relation "${table}" does not exist`);
    const taken = new Set([...(await relationNames(db, schema)), ...vectorIndexNames(ctx, schema)]);
    if (given && taken.has(given)) {
      if (ifNotExists) return { notices: [new PgError(SqlStates.duplicate_table, `relation "${given}" already exists, skipping`, {}, 'NOTICE')] };
      throw new PgError(SqlStates.duplicate_table, `relation "${given}" already exists`);
    }
    const meta = await metaOrEmpty(db, schema, table);
    const [engineType] = await db.rows(
      `SELECT data_type FROM duckdb_columns() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)} AND column_name = ${quoteLiteral(column)}`,
    );
    if (!engineType) throw new PgError(SqlStates.undefined_column, `column "${column}" does not exist`);
    const type = columnType(meta, column, engineType[0] ?? '');
    if (!type.vector) {
      if (opclassName) throw new PgError(SqlStates.datatype_mismatch, `operator class "${opclassName}" does not accept data type ${type.name}`);
      throw new PgError(SqlStates.undefined_object, `data type ${type.name} has no default operator class for access method "hnsw"`, {
        hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
      });
    }
    if (type.dimensions === null) throw bad('column does not have dimensions', 'Declare the column as vector(n) to index it.');
    const key = await singleKey(db, schema, table);
    if (!key) throw notSupported(`an hnsw index needs a single-column primary key on table "${table}"`, 'jammi identifies the indexed rows by their primary key: declare one column of the table PRIMARY KEY.');
    const name = given ?? indexName(table, [column], taken);
    const index: VectorIndexMeta = { name, column, dimensions: type.dimensions, opclass: (opclassName as VectorOpclass | undefined) ?? 'vector_l2_ops', key, m, ef_construction, options };
    meta.vectorIndexes = [...(meta.vectorIndexes ?? []), index];
    for (const sql of writeMetaSql(meta)) await db.run(sql);
    return { notices: [] };
  };
}
