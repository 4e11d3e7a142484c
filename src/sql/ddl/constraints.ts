import { PgError, SqlStates } from '../../errors/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { traverse } from '../ast-traverse.js';
import { checkName, foreignKeyName, primaryKeyName, uniqueName } from './names.js';
import { type ConstraintMeta, engineSchema, type FkAction } from './table-meta.js';

/** A constraint found in a CREATE TABLE or ALTER TABLE, before it is named. */
export interface PendingConstraint {
  meta: Omit<ConstraintMeta, 'name'> & { name?: string };
  /** The constraint node, which may be adjusted for DuckDB. */
  node: AstFields;
}

const hiddenKinds = new Set(['CONSTR_NOTNULL', 'CONSTR_NULL', 'CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED']);

/** Columns an expression reads, in order of appearance, each once. */
export function referencedColumns(expr: unknown): string[] {
  const out: string[] = [];
  traverse(expr, {
    ColumnRef(path) {
      const last = ((path.node.fields ?? []) as AstNode[]).at(-1)?.String?.sval as string | undefined;
      if (last && !out.includes(last)) out.push(last);
    },
  });
  return out;
}

/**
 * Read a constraint node (of a column `column`, or of the table when undefined) into what
 * jammi records, and make the node something DuckDB accepts: foreign-key actions DuckDB
 * cannot run are recorded and removed (the DELETE or UPDATE that would need one answers
 * 0A000), DEFERRABLE is accepted as immediate checking; what cannot be honoured is refused.
 * Returns null for constraints that are not named objects (NOT NULL, DEFAULT…).
 */
export function readConstraint(c: AstFields, column: string | undefined, tableSchema: string): PendingConstraint | null {
  const type = c.contype as string;
  if (hiddenKinds.has(type)) return null;
  if (type === 'CONSTR_ATTR_DEFERRED') throw new PgError(SqlStates.feature_not_supported, 'INITIALLY DEFERRED constraints are not supported', { hint: 'Constraints are checked when each statement runs.' });
  if (type.startsWith('CONSTR_ATTR_')) return null;
  if (c.initdeferred) throw new PgError(SqlStates.feature_not_supported, 'INITIALLY DEFERRED constraints are not supported', { hint: 'Constraints are checked when each statement runs.' });
  delete c.deferrable;
  const name = c.conname as string | undefined;
  const keys = column !== undefined ? [column] : nameList(c.keys as AstNode[]);
  switch (type) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      if (c.including || c.exclusions || c.where_clause) throw new PgError(SqlStates.feature_not_supported, 'INCLUDE and WHERE on a key constraint are not supported');
      if (c.nulls_not_distinct) throw new PgError(SqlStates.feature_not_supported, 'UNIQUE NULLS NOT DISTINCT is not supported');
      return { meta: { name, kind: type === 'CONSTR_PRIMARY' ? 'primary' : 'unique', columns: keys }, node: c };
    case 'CONSTR_CHECK':
      if (c.is_no_inherit) delete c.is_no_inherit;
      return { meta: { name, kind: 'check', columns: referencedColumns(c.raw_expr) }, node: c };
    case 'CONSTR_FOREIGN': {
      if (c.fk_matchtype === 'f') throw new PgError(SqlStates.feature_not_supported, 'MATCH FULL foreign keys are not supported', { hint: 'Foreign keys match SIMPLE: a row with any NULL in its key is not checked.' });
      const pk = c.pktable as AstFields;
      const fkCols = column !== undefined ? [column] : nameList(c.fk_attrs as AstNode[]);
      const references = {
        schema: pk.schemaname ? engineSchema(pk.schemaname as string) : tableSchema,
        table: pk.relname as string,
        columns: nameList(c.pk_attrs as AstNode[]),
        onDelete: (c.fk_del_action ?? 'a') as FkAction,
        onUpdate: (c.fk_upd_action ?? 'a') as FkAction,
      };
      // DuckDB refuses every action but NO ACTION; RESTRICT differs only for deferred checks.
      c.fk_del_action = 'a';
      c.fk_upd_action = 'a';
      c.fk_matchtype = 's';
      return { meta: { name, kind: 'foreign', columns: fkCols, references }, node: c };
    }
    case 'CONSTR_EXCLUSION':
      throw new PgError(SqlStates.feature_not_supported, 'EXCLUDE constraints are not supported');
    default:
      throw new PgError(SqlStates.feature_not_supported, `constraint type ${type.replace('CONSTR_', '')} is not supported`);
  }
}

/**
 * Give every constraint its Postgres name: names written in the statement are kept (a
 * duplicate is 42710), the others chosen as Postgres does, checks first, then keys, then
 * foreign keys (the order in which Postgres creates them). A second primary key is 42P16.
 */
export function nameConstraints(table: string, pending: PendingConstraint[], taken: Set<string>, hasPrimary = false): ConstraintMeta[] {
  const own = new Set<string>();
  for (const p of pending) {
    if (p.meta.kind === 'primary') {
      if (hasPrimary) throw new PgError(SqlStates.invalid_table_definition, `multiple primary keys for table "${table}" are not allowed`);
      hasPrimary = true;
    }
    const name = p.meta.name;
    if (name === undefined || p.meta.length) continue;
    if (own.has(name)) throw new PgError(SqlStates.duplicate_object, `constraint "${name}" for relation "${table}" already exists`);
    own.add(name);
    taken.add(name);
  }
  const order: ConstraintMeta['kind'][] = ['check', 'primary', 'unique', 'foreign'];
  for (const kind of order) {
    for (const p of pending) {
      if (p.meta.kind !== kind || p.meta.name !== undefined || p.meta.length) continue;
      if (kind === 'check') p.meta.name = checkName(table, p.meta.columns, taken);
      else if (kind === 'primary') p.meta.name = primaryKeyName(table, taken);
      else if (kind === 'unique') p.meta.name = uniqueName(table, p.meta.columns, taken);
      else p.meta.name = foreignKeyName(table, p.meta.columns, taken);
    }
  }
  return pending.map((p) => ({ ...p.meta, name: p.meta.name ?? '' }));
}
