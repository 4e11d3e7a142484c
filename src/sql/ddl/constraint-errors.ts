import { parseSync } from 'libpg-query';
import { PgError, type PgErrorFields, SqlStates } from '../../errors/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { referencedColumns } from './constraints.js';
import type { MetaReader } from './ddl.types.js';
import { checkName, foreignKeyName, primaryKeyName, uniqueName } from './names.js';
import { type ConstraintMeta, engineSchema, pgSchema, type TableMeta } from './table-meta.js';

/**
 * DuckDB's constraint errors in Postgres's words, with the ErrorResponse fields ORMs read
 * (schema, table, column, constraint). DuckDB's text names neither the constraint nor, for
 * keys, the table: the table is the statement's target and the constraint is found in the
 * table's DDL record (or, for a table created in the same transaction, named by Postgres's
 * rules from the columns the error lists).
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/ri_triggers.c (ri_ReportViolation)
 */

/** The table a writing statement targets (DuckDB schema), if any. */
function targetOf(stmt: AstNode | undefined): { schema: string; table: string; tag: string } | null {
  if (!stmt) return null;
  const tag = Object.keys(stmt)[0];
  const rel = (stmt[tag] as AstFields).relation as AstFields | undefined;
  if (!rel?.relname) return null;
  return { schema: engineSchema(rel.schemaname as string | undefined), table: rel.relname as string, tag };
}

/** Parse DuckDB's `col: value, col2: value2` for known column names; null when they do not fit. */
function keyValues(text: string, columns: readonly string[]): string[] | null {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp('^' + columns.map((c) => `${esc(c)}: ([\\s\\S]*?)`).join(', ') + '$');
  const m = re.exec(text);
  return m ? m.slice(1) : null;
}

/** Column names of a `col: value, …` key when nothing is known about the table (values without `, ` or `: `). */
function guessKey(text: string): { columns: string[]; values: string[] } {
  const parts = text.split(', ').map((p) => p.split(': '));
  return { columns: parts.map((p) => p[0]), values: parts.map((p) => p.slice(1).join(': ')) };
}

const keyDetail = (columns: readonly string[], values: readonly string[]) => `Key (${columns.join(', ')})=(${values.join(', ')})`;

function fields(schema: string, table: string, extra: PgErrorFields = {}): PgErrorFields {
  return { schema: pgSchema(schema), table, ...extra };
}

/** Rule-made names for a table created in the same transaction (its record is not committed yet). */
function fallbackMeta(schema: string, table: string): TableMeta {
  return { schema, table, columns: [], constraints: [], identity: [] };
}

function uniqueViolation(key: string, kind: string, target: { schema: string; table: string }, meta: TableMeta): PgError {
  const keys = meta.constraints.filter((c) => c.kind === 'primary' || c.kind === 'unique');
  const preferred = [...keys.filter((c) => (kind === 'primary key' ? c.kind === 'primary' : c.kind === 'unique')), ...keys];
  for (const c of preferred) {
    const values = keyValues(key, c.columns);
    if (values) return uniqueError(c.name, c.columns, values, target);
  }
  const { columns, values } = guessKey(key);
  const name = kind === 'primary key' ? primaryKeyName(target.table, new Set()) : uniqueName(target.table, columns, new Set());
  return uniqueError(name, columns, values, target);
}

function uniqueError(name: string, columns: readonly string[], values: readonly string[], target: { schema: string; table: string }): PgError {
  return new PgError(SqlStates.unique_violation, `duplicate key value violates unique constraint "${name}"`, fields(target.schema, target.table, { detail: `${keyDetail(columns, values)} already exists.`, constraint: name }));
}

/** The columns an INSERT lists, if it lists them. */
function insertedColumns(stmt: AstNode | undefined): string[] | null {
  const cols = stmt?.InsertStmt?.cols as AstNode[] | undefined;
  return cols?.length ? cols.map((c) => c.ResTarget?.name as string) : null;
}

/**
 * `duplicate key "6, 6"`: two rows of one statement (or two transactions) with the same key;
 * only the values are known. The key is one with as many columns, all written by the INSERT
 * when it lists its columns (the primary key first).
 */
function duplicateValues(values: string, target: { schema: string; table: string }, meta: TableMeta, stmt: AstNode | undefined): PgError {
  const parts = values.split(', ');
  const written = insertedColumns(stmt);
  const keys = meta.constraints.filter((c) => (c.kind === 'primary' || c.kind === 'unique') && c.columns.length === parts.length && (!written || c.columns.every((col) => written.includes(col))));
  const c = keys.find((k) => k.kind === 'primary') ?? keys[0];
  if (c) return uniqueError(c.name, c.columns, parts, target);
  return new PgError(SqlStates.unique_violation, 'duplicate key value violates unique constraint', fields(target.schema, target.table, { detail: `Key (${values}) already exists.` }));
}

/** The CHECK of a table whose DuckDB expression is `expr`. */
function checkOf(meta: TableMeta, expr: string): ConstraintMeta | undefined {
  return meta.constraints.find((c) => c.kind === 'check' && c.expression === expr);
}

/** A CHECK expression's columns, read with the Postgres parser (DuckDB prints expressions in SQL). */
function expressionColumns(expr: string): string[] {
  try {
    const stmt = (parseSync(`SELECT ${expr}`) as { stmts: { stmt: AstNode }[] }).stmts[0].stmt;
    return referencedColumns(stmt);
  } catch {
    return [];
  }
}

/** jammi's own length check, recognised by shape when the table's record is not committed yet: `(length(rtrim(c, ' ')) <= n)`. */
function lengthOfExpression(expr: string): number | null {
  const m = /^\(length\(rtrim\([^()]*, ' '\)\) <= (\d+)\)$/.exec(expr);
  return m ? Number(m[1]) : null;
}

function checkViolation(table: string, expr: string, target: { schema: string } | null, lookup: (s: string, t: string) => TableMeta | undefined): PgError {
  const schema = target?.schema ?? 'main';
  const meta = lookup(schema, table);
  const c = meta ? checkOf(meta, expr) : undefined;
  const length = c ? c.length : lengthOfExpression(expr) !== null ? { type: 'character varying' as const, n: lengthOfExpression(expr)! } : undefined;
  if (length) return new PgError(SqlStates.string_data_right_truncation, `value too long for type ${length.type}(${length.n})`);
  const name = c?.name ?? checkName(table, expressionColumns(expr), new Set());
  return new PgError(SqlStates.check_violation, `new row for relation "${table}" violates check constraint "${name}"`, fields(schema, table, { constraint: name }));
}

/** FK actions jammi records but DuckDB cannot run. */
const actionNames: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The columns an UPDATE sets. */
function updatedColumns(stmt: AstNode | undefined): string[] {
  return ((stmt?.UpdateStmt?.targetList ?? []) as AstNode[]).map((t) => t.ResTarget?.name as string);
}

/** A key a referencing table still holds: DuckDB names the referencing columns. */
function stillReferenced(key: string, target: { schema: string; table: string; tag: string }, stmt: AstNode | undefined, meta: MetaReader): PgError {
  for (const m of meta.all()) {
    for (const c of m.constraints) {
      const r = c.references;
      if (c.kind !== 'foreign' || !r || r.table !== target.table || r.schema !== target.schema) continue;
      const values = keyValues(key, c.columns);
      if (!values) continue;
      if (target.tag === 'InsertStmt') {
        // DuckDB runs an upsert with RETURNING as a delete and an insert of the conflicting row.
        return new PgError(SqlStates.feature_not_supported, `INSERT … ON CONFLICT DO UPDATE … RETURNING cannot update a row of "${target.table}" that a foreign key references`, {
          ...fields(m.schema, m.table, { constraint: c.name }),
          detail: `${keyDetail(r.columns, values)} is referenced from table "${m.table}".`,
          hint: 'Run the upsert without RETURNING (then select the row), or update the row with UPDATE.',
        });
      }
      const action = target.tag === 'DeleteStmt' ? r.onDelete : r.onUpdate;
      if (actionNames[action]) {
        const verb = target.tag === 'DeleteStmt' ? 'DELETE' : 'UPDATE';
        return new PgError(SqlStates.feature_not_supported, `ON ${verb} ${actionNames[action]} is not supported: foreign key constraint "${c.name}" on table "${m.table}" still references the row`, {
          ...fields(m.schema, m.table, { constraint: c.name }),
          detail: `${keyDetail(r.columns, values)} is still referenced from table "${m.table}".`,
          hint: `jammi records the action but cannot run it; ${verb === 'DELETE' ? 'delete' : 'update'} the referencing rows of "${m.table}" first.`,
        });
      }
      if (target.tag === 'UpdateStmt' && !updatedColumns(stmt).some((col) => r.columns.includes(col))) {
        return new PgError(SqlStates.feature_not_supported, `cannot update a key column of table "${target.table}" while a foreign key references the row`, {
          ...fields(m.schema, m.table, { constraint: c.name }),
          detail: `${keyDetail(r.columns, values)} is referenced from table "${m.table}"; the engine rewrites the whole index entry of a unique or primary-key column it updates.`,
          hint: 'Update the columns that are not part of a unique or primary key, or remove the referencing rows first.',
        });
      }
      return new PgError(SqlStates.foreign_key_violation, `update or delete on table "${target.table}" violates foreign key constraint "${c.name}" on table "${m.table}"`, {
        ...fields(m.schema, m.table, { constraint: c.name }),
        detail: `${keyDetail(r.columns, values)} is still referenced from table "${m.table}".`,
      });
    }
  }
  const { columns, values } = guessKey(key);
  return new PgError(SqlStates.foreign_key_violation, `update or delete on table "${target.table}" violates foreign key constraint`, {
    ...fields(target.schema, target.table),
    detail: `${keyDetail(columns, values)} is still referenced from another table.`,
  });
}

/** A new row's key is missing from the referenced table: DuckDB names the referenced columns. */
function notPresent(key: string, target: { schema: string; table: string }, meta: TableMeta): PgError {
  for (const c of meta.constraints) {
    const r = c.references;
    if (c.kind !== 'foreign' || !r) continue;
    const values = keyValues(key, r.columns);
    if (!values) continue;
    return new PgError(SqlStates.foreign_key_violation, `insert or update on table "${target.table}" violates foreign key constraint "${c.name}"`, {
      ...fields(target.schema, target.table, { constraint: c.name }),
      detail: `${keyDetail(c.columns, values)} is not present in table "${r.table}".`,
    });
  }
  const { columns, values } = guessKey(key);
  const name = foreignKeyName(target.table, columns, new Set());
  return new PgError(SqlStates.foreign_key_violation, `insert or update on table "${target.table}" violates foreign key constraint "${name}"`, {
    ...fields(target.schema, target.table, { constraint: name }),
    detail: `${keyDetail(columns, values)} is not present in the referenced table.`,
  });
}

/**
 * Postgres's error for a DuckDB constraint error raised by `stmt`, or null when `err` is not
 * one. `stmt` is the client's statement (its target names the table).
 */
export function constraintError(err: unknown, stmt: AstNode | undefined, meta: MetaReader): PgError | null {
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const m = /^(?:Constraint Error: |TransactionContext Error: Failed to commit: )([\s\S]*)$/.exec(text);
  if (!m) return null;
  const body = m[1].split('\n')[0];
  const target = targetOf(stmt);
  const lookup = (schema: string, table: string) => meta.get(schema, table);
  let r: RegExpExecArray | null;
  if ((r = /^NOT NULL constraint failed: (.+)\.([^.]+)$/.exec(body))) {
    const table = target && r[1] === target.table ? target.table : r[1];
    return new PgError(SqlStates.not_null_violation, `null value in column "${r[2]}" of relation "${table}" violates not-null constraint`, fields(target?.schema ?? 'main', table, { column: r[2] }));
  }
  if ((r = /^CHECK constraint failed on table (.+) with expression CHECK\(([\s\S]*)\)$/.exec(body))) return checkViolation(r[1], r[2], target, lookup);
  if (!target) return null;
  const tableMeta = lookup(target.schema, target.table) ?? fallbackMeta(target.schema, target.table);
  if ((r = /^Duplicate key "([\s\S]*)" violates (primary key|unique) constraint/.exec(body))) return uniqueViolation(r[1], r[2], target, tableMeta);
  if ((r = /^PRIMARY KEY or UNIQUE constraint violation: duplicate key "([\s\S]*)"$/.exec(body))) return duplicateValues(r[1], target, tableMeta, stmt);
  if ((r = /^Violates foreign key constraint because key "([\s\S]*)" does not exist in the referenced table/.exec(body))) return notPresent(r[1], target, tableMeta);
  if ((r = /^Violates foreign key constraint because key "([\s\S]*)" is still referenced by a foreign key in a different table/.exec(body))) return stillReferenced(r[1], target, stmt, meta);
  return null;
}
