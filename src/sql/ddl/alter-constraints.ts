import { PgError, SqlStates } from '../../errors/index.js';
import { quoteIdent } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { violatedBySomeRow } from './alter-columns.js';
import { type AlterState, constraintsAfter, fragment, notice, takenFor, target } from './alter-state.js';
import { nameConstraints, readConstraint } from './constraints.js';
import { tableConstraints } from './engine-catalog.js';
import { readShape, rebuild, withoutIndexes } from './table-shape.js';
import { qualified } from './table-meta.js';

const list = (cols: readonly string[]) => cols.map(quoteIdent).join(', ');

/**
 * ADD CONSTRAINT: a primary key is added by DuckDB; a UNIQUE constraint becomes a unique
 * index with the constraint's name (DuckDB cannot add a unique constraint to a table); a
 * CHECK or FOREIGN KEY rebuilds the table with it, existing rows checked (23514/23503).
 */
export async function addConstraint(st: AlterState, cmd: AstFields): Promise<void> {
  const c = structuredClone((cmd.def as AstNode).Constraint as AstFields);
  if (c.indexname) throw new PgError(SqlStates.feature_not_supported, 'ADD CONSTRAINT … USING INDEX is not supported');
  const p = readConstraint(c, undefined, st.schema);
  if (!p) throw new PgError(SqlStates.feature_not_supported, `ALTER TABLE … ADD ${String(c.contype).replace('CONSTR_', '')} is not supported`);
  if (p.meta.name && st.meta.constraints.some((x) => x.name === p.meta.name)) {
    throw new PgError(SqlStates.duplicate_object, `constraint "${p.meta.name}" for relation "${st.table}" already exists`);
  }
  const engine = await tableConstraints(st.db, st.schema, st.table);
  const hasPrimary = engine.some((e) => e.type === 'PRIMARY KEY');
  const [meta] = nameConstraints(st.table, [p], await takenFor(st), hasPrimary);
  if (meta.kind === 'primary') {
    await withoutIndexes(st.db, st.meta, () => st.db.run(`ALTER TABLE ${target(st)} ADD PRIMARY KEY (${list(meta.columns)})`));
    // DuckDB lists the new key after the existing constraints: keep the records in that order.
    st.meta.constraints.push(meta);
    return;
  }
  if (meta.kind === 'unique') {
    await st.db.run(`CREATE UNIQUE INDEX ${quoteIdent(meta.name)} ON ${target(st)} (${list(meta.columns)})`).catch((e: unknown) => {
      throw violatedBySomeRow(e, st.table, meta.name, 'unique');
    });
    st.meta.constraints.push({ ...meta, index: true });
    return;
  }
  const shape = await readShape(st.db, st.meta);
  shape.constraints.push({ type: meta.kind === 'check' ? 'CHECK' : 'FOREIGN KEY', sql: fragment(st, { Constraint: p.node }), columns: meta.columns, meta });
  await rebuild(st.db, shape, `add constraint "${meta.name}"`).catch((e: unknown) => {
    throw violatedBySomeRow(e, st.table, meta.name, meta.kind);
  });
  constraintsAfter(st, shape);
}

/**
 * DROP CONSTRAINT [IF EXISTS] name: a constraint kept as an index drops the index; any other
 * rebuilds the table without it (DuckDB cannot drop a constraint).
 */
export async function dropConstraint(st: AlterState, cmd: AstFields): Promise<void> {
  const name = cmd.name as string;
  const m = st.meta.constraints.find((c) => c.name === name && !c.length);
  if (!m) {
    if (cmd.missing_ok) return void st.notices.push(notice(`constraint "${name}" of relation "${st.table}" does not exist, skipping`));
    throw new PgError(SqlStates.undefined_object, `constraint "${name}" of relation "${st.table}" does not exist`);
  }
  if (m.index) {
    await st.db.run(`DROP INDEX ${qualified(st.schema, name)}`);
    st.meta.constraints = st.meta.constraints.filter((c) => c !== m);
    return;
  }
  const shape = await readShape(st.db, st.meta);
  const before = shape.constraints.length;
  shape.constraints = shape.constraints.filter((c) => c.meta !== m);
  if (shape.constraints.length === before) throw new PgError(SqlStates.internal_error, `constraint "${name}" of relation "${st.table}" was not found in the engine`);
  await rebuild(st.db, shape, `drop constraint "${name}"`);
  constraintsAfter(st, shape);
}

/** RENAME CONSTRAINT: the record's name (and the index's, for one kept as an index). */
export async function renameConstraint(st: AlterState, from: string, to: string): Promise<void> {
  const m = st.meta.constraints.find((c) => c.name === from && !c.length);
  if (!m) throw new PgError(SqlStates.undefined_object, `constraint "${from}" for table "${st.table}" does not exist`);
  if (st.meta.constraints.some((c) => c.name === to)) throw new PgError(SqlStates.duplicate_object, `constraint "${to}" for relation "${st.table}" already exists`);
  if (m.index) {
    await st.db.run(`DROP INDEX ${qualified(st.schema, from)}`);
    await st.db.run(`CREATE UNIQUE INDEX ${quoteIdent(to)} ON ${target(st)} (${list(m.columns)})`);
  }
  m.name = to;
}
