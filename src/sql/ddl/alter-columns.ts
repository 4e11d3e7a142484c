import { PgError, SqlStates } from '../../errors/index.js';
import { quoteIdent } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { type AlterState, constraintsAfter, fragment, notice, requireColumn, takenFor, target } from './alter-state.js';
import { createSequenceSql, declaredLength, engineNumeric, lengthCheck, translateColumn } from './column-def.js';
import { nameConstraints, type PendingConstraint, readConstraint } from './constraints.js';
import { referencingTables, tableConstraints, tableIndexes } from './engine-catalog.js';
import { indexColumns, readShape, rebuild, refuseIfReferenced, withoutIndexes } from './table-shape.js';
import { qualified } from './table-meta.js';
import { declare, declaredOf, spellDefault } from './declared-columns.js';
import { declaredType } from '../declared-type.js';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A column constraint written as the equivalent table constraint (keys named), for a rebuilt table. */
export function tableLevel(c: AstFields, column: string): AstNode {
  const node = structuredClone(c);
  const col = [{ String: { sval: column } }];
  if ((node.contype === 'CONSTR_PRIMARY' || node.contype === 'CONSTR_UNIQUE') && !node.keys) node.keys = col;
  if (node.contype === 'CONSTR_FOREIGN' && !node.fk_attrs) node.fk_attrs = col;
  return { Constraint: node };
}

const engineType: Record<string, 'PRIMARY KEY' | 'UNIQUE' | 'CHECK' | 'FOREIGN KEY'> = { primary: 'PRIMARY KEY', unique: 'UNIQUE', check: 'CHECK', foreign: 'FOREIGN KEY' };

/** The row-copy error of a rebuild that adds a constraint existing rows break, in Postgres's words. */
export function violatedBySomeRow(e: unknown, table: string, name: string, kind: string): PgError | unknown {
  const text = errorText(e);
  if (!text.startsWith('Constraint Error:')) return e;
  if (kind === 'check') return new PgError(SqlStates.check_violation, `check constraint "${name}" of relation "${table}" is violated by some row`, { table, constraint: name });
  if (kind === 'foreign') return new PgError(SqlStates.foreign_key_violation, `insert or update on table "${table}" violates foreign key constraint "${name}"`, { table, constraint: name });
  if (text.includes('NOT NULL')) return e;
  return new PgError(SqlStates.unique_violation, `could not create unique index "${name}"`, { table, constraint: name });
}

/**
 * ADD COLUMN [IF NOT EXISTS]: serial and identity columns get their sequence; a DEFAULT and
 * NOT NULL are added in place (NOT NULL after the default filled existing rows: 23502 if it
 * could not); a column with a key, check, foreign key or declared length rebuilds the table.
 */
export async function addColumn(st: AlterState, cmd: AstFields): Promise<void> {
  const def = structuredClone((cmd.def as AstNode).ColumnDef as AstFields);
  const name = def.colname as string;
  if (st.meta.columns.includes(name)) {
    if (cmd.missing_ok) return void st.notices.push(notice(`column "${name}" of relation "${st.table}" already exists, skipping`));
    throw new PgError(SqlStates.duplicate_column, `column "${name}" of relation "${st.table}" already exists`);
  }
  const taken = await takenFor(st);
  const plan = translateColumn(def, st.schema, st.table, taken);
  const pending: PendingConstraint[] = [];
  let notNull = false;
  let dflt: AstNode | undefined;
  let generated: AstNode | undefined;
  for (const c of (def.constraints ?? []) as AstNode[]) {
    const f = c.Constraint as AstFields;
    if (c === plan.lengthCheck) pending.push({ meta: { kind: 'check', columns: [name], length: plan.length }, node: f });
    else if (f.contype === 'CONSTR_NOTNULL') notNull = true;
    else if (f.contype === 'CONSTR_DEFAULT') dflt = f.raw_expr as AstNode;
    else if (f.contype === 'CONSTR_GENERATED') generated = f.raw_expr as AstNode;
    else {
      const p = readConstraint(f, name, st.schema);
      if (p) pending.push(p);
    }
  }
  if (pending.length === 1 && pending[0].meta.length && (await referencingTables(st.db, st.schema, st.table)).length) {
    // The length check needs a rebuild, which a referenced table cannot have: the column is
    // added without it rather than refused (migrations add varchar(n) columns everywhere).
    const l = pending.pop()!.meta.length!;
    def.constraints = ((def.constraints ?? []) as AstNode[]).filter((c) => c !== plan.lengthCheck);
    st.notices.push(notice(`the length of column "${name}" (${l.type}(${l.n})) is not enforced: table "${st.table}" is referenced by a foreign key, and DuckDB cannot add a check to it`));
  }
  const named = nameConstraints(st.table, pending, taken, st.meta.constraints.some((c) => c.kind === 'primary'));
  if (plan.sequence) await st.db.run(createSequenceSql(qualified(st.schema, plan.sequence.name), plan.sequence, false));
  const type = fragment(st, { TypeName: def.typeName });
  const defaultSql = dflt ? fragment(st, dflt) : null;
  if (pending.length === 0 && !generated) {
    await st.db.run(`ALTER TABLE ${target(st)} ADD COLUMN ${quoteIdent(name)} ${type}${defaultSql !== null ? ` DEFAULT (${defaultSql})` : ''}`);
    st.meta.columns.push(name);
    if (notNull && (await referencingTables(st.db, st.schema, st.table)).length) {
      st.notices.push(notice(`NOT NULL on column "${name}" is not enforced: table "${st.table}" is referenced by a foreign key, and DuckDB cannot alter it`));
    } else if (notNull) {
      await setNotNull(st, name);
    }
  } else {
    const shape = await readShape(st.db, st.meta);
    shape.columns.push({ name, type, default: defaultSql, notNull, comment: null, source: null, ...(generated ? { generated: fragment(st, generated) } : {}) });
    pending.forEach((p, i) => shape.constraints.push({ type: engineType[p.meta.kind], sql: fragment(st, tableLevel(p.node, name)), columns: named[i].columns, meta: named[i] }));
    await rebuild(st.db, shape, 'add a column with a constraint').catch((e: unknown) => {
      throw named.length ? violatedBySomeRow(e, st.table, named[0].name, named[0].kind) : e;
    });
    constraintsAfter(st, shape);
    st.meta.columns.push(name);
  }
  if (plan.identity) st.meta.identity.push(plan.identity);
  declare(st.meta, plan.declared);
  if (plan.generated) st.meta.generated = [...(st.meta.generated ?? []), name];
}

/**
 * DROP COLUMN [IF EXISTS]: the constraints and indexes that use the column go with it, as in
 * Postgres, and so does a serial or identity column's sequence. A table with key, check or
 * foreign-key constraints is rebuilt (DuckDB refuses to drop a column any constraint
 * follows); otherwise the column is dropped in place.
 */
export async function dropColumn(st: AlterState, cmd: AstFields): Promise<void> {
  const name = cmd.name as string;
  if (!st.meta.columns.includes(name)) {
    if (cmd.missing_ok) return void st.notices.push(notice(`column "${name}" of relation "${st.table}" does not exist, skipping`));
    requireColumn(st, name);
  }
  await refuseIfReferenced(st.db, st.schema, st.table, `drop column "${name}"`);
  // DuckDB refuses to drop a column an index or key follows, even an index dropped earlier in
  // the transaction: only a table with neither drops the column in place.
  const engine = (await tableConstraints(st.db, st.schema, st.table)).filter((c) => c.type !== 'NOT NULL');
  if (engine.length === 0 && (await tableIndexes(st.db, st.schema, st.table)).length === 0) {
    await st.db.run(`ALTER TABLE ${target(st)} DROP COLUMN ${quoteIdent(name)}`);
  } else {
    const shape = await readShape(st.db, st.meta);
    shape.columns = shape.columns.filter((c) => c.name !== name);
    shape.constraints = shape.constraints.filter((c) => !c.columns.includes(name));
    shape.indexes = shape.indexes.filter((i) => !indexColumns(i).includes(name));
    await rebuild(st.db, shape, `drop column "${name}"`);
    constraintsAfter(st, shape);
  }
  st.meta.constraints = st.meta.constraints.filter((c) => !c.columns.includes(name));
  // An HNSW index goes with its column or with the key that identifies its rows.
  if (st.meta.vectorIndexes) st.meta.vectorIndexes = st.meta.vectorIndexes.filter((v) => v.column !== name && v.key !== name);
  st.meta.columns = st.meta.columns.filter((c) => c !== name);
  for (const i of st.meta.identity.filter((x) => x.column === name)) await st.db.run(`DROP SEQUENCE IF EXISTS ${qualified(st.schema, i.sequence)}`);
  st.meta.identity = st.meta.identity.filter((i) => i.column !== name);
  st.meta.generated = st.meta.generated?.filter((c) => c !== name);
  st.meta.declared = st.meta.declared?.filter((c) => c.column !== name);
}

const identityOf = (st: AlterState, column: string) => st.meta.identity.find((i) => i.column === column && i.kind !== 'serial');

const isIdentity = (st: AlterState, column: string, hint?: string) =>
  new PgError(SqlStates.syntax_error, `column "${column}" of relation "${st.table}" is an identity column`, hint ? { hint } : {});

/** ALTER COLUMN SET DEFAULT / DROP DEFAULT (DuckDB allows it even with indexes). */
export async function columnDefault(st: AlterState, cmd: AstFields): Promise<void> {
  const name = cmd.name as string;
  requireColumn(st, name);
  if (identityOf(st, name)) throw isIdentity(st, name, cmd.def ? undefined : 'Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.');
  const sql = cmd.def ? `SET DEFAULT (${fragment(st, cmd.def as AstNode)})` : 'DROP DEFAULT';
  await st.db.run(`ALTER TABLE ${target(st)} ALTER COLUMN ${quoteIdent(name)} ${sql}`);
  const declared = declaredOf(st.meta, name);
  if (declared) declared.default = spellDefault(cmd.def as AstNode | undefined, declared);
}

/** ALTER COLUMN SET NOT NULL: 23502 when a row holds NULL, as Postgres words it. */
export async function setNotNull(st: AlterState, column: string): Promise<void> {
  requireColumn(st, column);
  await refuseIfReferenced(st.db, st.schema, st.table, `set NOT NULL on column "${column}"`);
  await withoutIndexes(st.db, st.meta, async () => {
    try {
      await st.db.run(`ALTER TABLE ${target(st)} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`);
    } catch (e) {
      if (errorText(e).startsWith('Constraint Error: NOT NULL constraint failed')) {
        throw new PgError(SqlStates.not_null_violation, `column "${column}" of relation "${st.table}" contains null values`, { table: st.table, column });
      }
      throw e;
    }
  });
}

/** ALTER COLUMN DROP NOT NULL: refused for primary-key and identity columns, as in Postgres. */
export async function dropNotNull(st: AlterState, column: string): Promise<void> {
  requireColumn(st, column);
  const pk = (await tableConstraints(st.db, st.schema, st.table)).find((c) => c.type === 'PRIMARY KEY');
  if (pk?.columns.includes(column)) throw new PgError(SqlStates.invalid_table_definition, `column "${column}" is in a primary key`);
  if (identityOf(st, column)) throw isIdentity(st, column);
  await refuseIfReferenced(st.db, st.schema, st.table, `drop NOT NULL on column "${column}"`);
  await withoutIndexes(st.db, st.meta, () => st.db.run(`ALTER TABLE ${target(st)} ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL`));
}

/**
 * ALTER COLUMN TYPE [USING expr]: in place when no constraint uses the column; a column under
 * a key or check, or a new declared length (varchar(n)), rebuilds the table with the new
 * type, the rows converted by the USING expression or a cast.
 */
export async function alterType(st: AlterState, cmd: AstFields): Promise<void> {
  const name = cmd.name as string;
  requireColumn(st, name);
  const def = structuredClone((cmd.def as AstNode).ColumnDef as AstFields);
  // The column keeps its DEFAULT; a column declared by none of jammi's paths gets a declaration now.
  declare(st.meta, { column: name, ...declaredType(def.typeName as AstFields), default: declaredOf(st.meta, name)?.default ?? null });
  engineNumeric(def.typeName as AstFields);
  const type = fragment(st, { TypeName: def.typeName });
  const using = def.raw_default ? fragment(st, def.raw_default as AstNode) : null;
  const length = declaredLength(def.typeName as AstFields);
  await refuseIfReferenced(st.db, st.schema, st.table, `alter the type of column "${name}"`);
  const constrained = (await tableConstraints(st.db, st.schema, st.table)).some((c) => c.type !== 'NOT NULL' && c.columns.includes(name));
  const isLength = (c: { length?: unknown; columns: string[] }) => c.length !== undefined && c.columns[0] === name;
  // An index dropped earlier in the same transaction still blocks a type change: a table with
  // indexes is rebuilt instead.
  if (!constrained && !length && (await tableIndexes(st.db, st.schema, st.table)).length === 0) {
    await st.db.run(`ALTER TABLE ${target(st)} ALTER COLUMN ${quoteIdent(name)} TYPE ${type}${using !== null ? ` USING ${using}` : ''}`);
    return;
  }
  const shape = await readShape(st.db, st.meta);
  const col = shape.columns.find((c) => c.name === name)!;
  col.type = type;
  col.source = using ?? `CAST(${quoteIdent(name)} AS ${type})`;
  shape.constraints = shape.constraints.filter((c) => !(c.meta && isLength(c.meta)));
  if (length) {
    const meta = { name: '', kind: 'check' as const, columns: [name], length };
    shape.constraints.push({ type: 'CHECK', sql: fragment(st, lengthCheck(name, length.n)), columns: [name], meta });
  }
  await rebuild(st.db, shape, `alter the type of column "${name}"`).catch((e: unknown) => {
    if (length && errorText(e).startsWith('Constraint Error: CHECK')) throw new PgError(SqlStates.string_data_right_truncation, `value too long for type ${length.type}(${length.n})`);
    throw e;
  });
  constraintsAfter(st, shape);
}
