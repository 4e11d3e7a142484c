import { PgError, SqlStates } from '../../errors/index.js';
import { quoteIdent } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { type ColumnPlan, createSequenceSql, translateColumn } from './column-def.js';
import { nameConstraints, type PendingConstraint, readConstraint } from './constraints.js';
import type { DdlContext, DdlEngine, DdlProgram, MetaReader } from './ddl.types.js';
import { relationExists, relationNames, tableConstraints } from './engine-catalog.js';
import { type ConstraintMeta, engineSchema, qualified, type TableMeta, writeMetaSql } from './table-meta.js';

/** Names already used in a schema (constraints, sequences), so new ones do not clash. */
export function takenNames(meta: MetaReader, schema: string): Set<string> {
  const taken = new Set<string>();
  for (const m of meta.all()) {
    if (m.schema !== schema) continue;
    for (const c of m.constraints) if (c.name) taken.add(c.name);
    for (const i of m.identity) taken.add(i.sequence);
  }
  return taken;
}

const notSupported = (what: string, hint?: string) => new PgError(SqlStates.feature_not_supported, `${what} is not supported`, hint ? { hint } : {});

/** Refuse what a writable table cannot be (inheritance, partitions, typed tables, LIKE). */
function refuseUnsupported(f: AstFields): void {
  if ((f.inhRelations as unknown[] | undefined)?.length) throw notSupported('table inheritance (INHERITS)');
  if (f.partspec || f.partbound) throw notSupported('partitioned tables');
  if (f.ofTypename) throw notSupported('typed tables (OF type)');
  if (f.oncommit === 'ONCOMMIT_DELETE_ROWS' || f.oncommit === 'ONCOMMIT_DROP') throw notSupported('ON COMMIT DELETE ROWS / DROP');
  for (const e of (f.tableElts ?? []) as AstNode[]) if (e.TableLikeClause) throw notSupported('CREATE TABLE … (LIKE …)');
}

/**
 * Fill in what only DuckDB knows once the table exists: its CHECK expressions as its errors
 * print them, and the referenced columns of a foreign key written without them (the
 * referenced table's primary key). Pairs by order within each kind, which DuckDB keeps.
 */
export async function reconcileWithEngine(db: DdlEngine, meta: TableMeta): Promise<TableMeta> {
  const engine = await tableConstraints(db, meta.schema, meta.table);
  const pair = (kind: ConstraintMeta['kind'], type: string, fill: (m: ConstraintMeta, e: (typeof engine)[number]) => void) => {
    const mine = meta.constraints.filter((c) => c.kind === kind && !c.index);
    const theirs = engine.filter((e) => e.type === type);
    if (mine.length === theirs.length) mine.forEach((m, i) => fill(m, theirs[i]));
  };
  pair('check', 'CHECK', (m, e) => (m.expression = e.expression ?? undefined));
  pair('foreign', 'FOREIGN KEY', (m, e) => {
    if (m.references && m.references.columns.length === 0) m.references.columns = e.referencedColumns;
  });
  return meta;
}

/** Expressions the deparser prints bare after DEFAULT, where the grammar allows them as they are. */
const simpleDefaults = new Set(['A_Const', 'FuncCall', 'TypeCast', 'SQLValueFunction', 'ColumnRef', 'A_ArrayExpr']);

/**
 * Take out the DEFAULTs the deparser would print without the parentheses the grammar needs
 * (`DEFAULT now() AT TIME ZONE 'utc'`): they are set after the table exists, parenthesized.
 * A SQL-syntax call (AT TIME ZONE, EXTRACT…) is a FuncCall that deparses as an operator.
 */
function takeCompoundDefaults(f: AstFields): { column: string; expr: AstNode }[] {
  const out: { column: string; expr: AstNode }[] = [];
  for (const e of (f.tableElts ?? []) as AstNode[]) {
    const col = e.ColumnDef as AstFields | undefined;
    if (!col) continue;
    col.constraints = ((col.constraints ?? []) as AstNode[]).filter((c) => {
      const expr = c.Constraint?.contype === 'CONSTR_DEFAULT' ? (c.Constraint.raw_expr as AstNode) : undefined;
      if (!expr || (simpleDefaults.has(Object.keys(expr)[0]) && expr.FuncCall?.funcformat !== 'COERCE_SQL_SYNTAX')) return true;
      out.push({ column: col.colname as string, expr });
      return false;
    });
  }
  return out;
}

/** CREATE TABLE translated for the engine, its names chosen to avoid `taken`. */
interface CreatePlan {
  meta: TableMeta;
  sequences: string[];
  tableSql: string;
  laterDefaults: { column: string; expr: AstNode }[];
  /** Names that are relations in Postgres (sequences, the indexes of keys): they must not clash with existing relations. */
  relations: string[];
}

function translateCreate(ast: AstNode, ctx: DdlContext, taken: Set<string>): CreatePlan {
  const stmt = structuredClone(ast);
  const f = stmt.CreateStmt;
  refuseUnsupported(f);
  const rel = f.relation as AstFields;
  const temp = rel.relpersistence === 't';
  if (rel.relpersistence === 'u') rel.relpersistence = 'p';
  const schema = temp ? 'main' : engineSchema(rel.schemaname as string | undefined);
  const table = rel.relname as string;
  const columns: string[] = [];
  const plans: ColumnPlan[] = [];
  const pending: PendingConstraint[] = [];
  const seen = new Set<string>();
  for (const e of (f.tableElts ?? []) as AstNode[]) {
    const col = e.ColumnDef;
    if (!col) continue;
    const name = col.colname as string;
    if (seen.has(name)) throw new PgError(SqlStates.duplicate_column, `column "${name}" specified more than once`);
    seen.add(name);
    columns.push(name);
    const plan = translateColumn(col, schema, table, taken);
    plans.push(plan);
    const kept: AstNode[] = [];
    for (const c of (col.constraints ?? []) as AstNode[]) {
      if (c === plan.lengthCheck) {
        pending.push({ meta: { kind: 'check', columns: [name], length: plan.length }, node: c.Constraint });
        kept.push(c);
        continue;
      }
      const p = readConstraint(c.Constraint, name, schema);
      if (p) pending.push(p);
      // DuckDB rejects the DEFERRABLE attribute nodes; checking is immediate either way.
      if (!(c.Constraint.contype as string).startsWith('CONSTR_ATTR_')) kept.push(c);
    }
    col.constraints = kept;
  }
  for (const e of (f.tableElts ?? []) as AstNode[]) {
    if (!e.Constraint) continue;
    const p = readConstraint(e.Constraint, undefined, schema);
    if (p) pending.push(p);
  }
  const constraints = nameConstraints(table, pending, taken);
  const laterDefaults = takeCompoundDefaults(f);
  const meta: TableMeta = {
    schema,
    table,
    columns,
    constraints,
    identity: plans.flatMap((p) => (p.identity ? [p.identity] : [])),
    generated: columns.filter((_, i) => plans[i].generated),
    declared: plans.map((p) => p.declared),
  };
  const sequences = plans.flatMap((p) => (p.sequence ? [createSequenceSql(temp ? quoteIdent(p.sequence.name) : qualified(schema, p.sequence.name), p.sequence, temp)] : []));
  delete f.if_not_exists;
  const relations = [...plans.flatMap((p) => (p.sequence ? [p.sequence.name] : [])), ...constraints.filter((c) => c.kind === 'primary' || c.kind === 'unique').map((c) => c.name)];
  return { meta, sequences, tableSql: ctx.engineSql(stmt), laterDefaults, relations };
}

/**
 * CREATE TABLE: serial and identity columns get their sequences (created first, in the same
 * transaction), varchar(n)/char(n) their length checks, and every constraint its Postgres
 * name, recorded with the table. Translated when planned (so errors come early) and again
 * when a generated name turns out to clash with an existing relation (`t_id_seq1`).
 */
export function planCreateTable(ast: AstNode, ctx: DdlContext): DdlProgram {
  const rel = ast.CreateStmt.relation as AstFields;
  const temp = rel.relpersistence === 't';
  const schema = temp ? 'main' : engineSchema(rel.schemaname as string | undefined);
  const table = rel.relname as string;
  const taken = takenNames(ctx.meta, schema);
  const first = translateCreate(ast, ctx, new Set(taken));
  const ifNotExists = Boolean(ast.CreateStmt.if_not_exists);
  return async (db) => {
    if (ifNotExists && (await relationExists(db, schema, table, temp))) {
      return { notices: [new PgError(SqlStates.duplicate_table, `relation "${table}" already exists, skipping`, {}, 'NOTICE')] };
    }
    let plan = first;
    if (!temp && plan.relations.length) {
      const existing = await relationNames(db, schema);
      if (plan.relations.some((n) => existing.has(n))) plan = translateCreate(ast, ctx, new Set([...taken, ...existing]));
    }
    for (const sql of plan.sequences) await db.run(sql);
    await db.run(plan.tableSql);
    for (const d of plan.laterDefaults) await db.run(`ALTER TABLE ${temp ? `temp.main.${quoteIdent(table)}` : qualified(schema, table)} ALTER COLUMN ${quoteIdent(d.column)} SET DEFAULT (${ctx.engineSql(d.expr)})`);
    if (!temp) for (const sql of writeMetaSql(await reconcileWithEngine(db, structuredClone(plan.meta)))) await db.run(sql);
    return { notices: [] };
  };
}
