import { PgError, SqlStates } from '../../errors/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { engineSchema, type TableMeta } from '../ddl/table-meta.js';
import type { Rewrite } from './rewrite.types.js';

const alwaysDetail = (column: string) => ({ detail: `Column "${column}" is an identity column defined as GENERATED ALWAYS.` });
const generatedDetail = (column: string) => ({ detail: `Column "${column}" is a generated column.` });

const insertError = (column: string, generated: boolean) =>
  new PgError(SqlStates.generated_always, `cannot insert a non-DEFAULT value into column "${column}"`, generated ? generatedDetail(column) : { ...alwaysDetail(column), hint: 'Use OVERRIDING SYSTEM VALUE to override.' });

const updateError = (column: string, generated: boolean) => new PgError(SqlStates.generated_always, `column "${column}" can only be updated to DEFAULT`, generated ? generatedDetail(column) : alwaysDetail(column));

const isDefault = (n: AstNode | undefined) => n?.SetToDefault !== undefined;
const resTarget = (name: string): AstNode => ({ ResTarget: { name, location: -1 } });

/** The record of the table a RangeVar names, if jammi keeps one. */
function metaOf(rel: AstFields | undefined, lookup: ((schema: string, table: string) => TableMeta | undefined) | undefined): TableMeta | undefined {
  if (!rel?.relname || !lookup || rel.relpersistence === 't') return undefined;
  return lookup(engineSchema(rel.schemaname as string | undefined), rel.relname as string);
}

/**
 * An INSERT into identity and generated columns. GENERATED ALWAYS identity columns refuse
 * explicit values unless OVERRIDING SYSTEM VALUE; OVERRIDING USER VALUE turns identity
 * values into DEFAULT. Generated columns take only DEFAULT, and DuckDB does not let an INSERT
 * name them at all: they leave the column list (an INSERT without one gets an explicit list
 * of the other columns, since DuckDB numbers VALUES positions without generated columns).
 */
function checkInsert(f: AstFields, meta: TableMeta): boolean {
  const given = f.override as string | undefined;
  const override = given === 'OVERRIDING_NOT_SET' ? undefined : given;
  delete f.override;
  const generated = new Set(meta.generated ?? []);
  const identity = new Map(meta.identity.filter((i) => i.kind !== 'serial').map((i) => [i.column, i.kind]));
  if (generated.size === 0 && (identity.size === 0 || override === 'OVERRIDING_SYSTEM_VALUE')) return override !== undefined;
  const listed = ((f.cols ?? []) as AstNode[]).map((c) => c.ResTarget?.name as string);
  const columns = listed.length ? listed : meta.columns;
  const select = f.selectStmt?.SelectStmt as AstFields | undefined;
  const rows = (select?.valuesLists ?? null) as AstNode[] | null;
  let changed = override !== undefined;
  const drop: number[] = [];
  columns.forEach((column, i) => {
    const isGenerated = generated.has(column);
    const kind = identity.get(column);
    const checked = isGenerated || (kind && override !== 'OVERRIDING_SYSTEM_VALUE' && (kind === 'always' || override === 'OVERRIDING_USER_VALUE'));
    if (!checked) return;
    if (!rows) {
      if (!listed.length) return;
      if (override === 'OVERRIDING_USER_VALUE' && !isGenerated) throw new PgError(SqlStates.feature_not_supported, 'OVERRIDING USER VALUE is supported only with VALUES');
      throw insertError(column, isGenerated);
    }
    for (const row of rows) {
      const items = row.List?.items as AstNode[] | undefined;
      if (!items || i >= items.length || isDefault(items[i])) continue;
      if (override !== 'OVERRIDING_USER_VALUE' || isGenerated) throw insertError(column, isGenerated);
      items[i] = { SetToDefault: { location: -1 } };
      changed = true;
    }
    if (isGenerated) drop.push(i);
  });
  if (drop.length && rows) {
    for (const row of rows) {
      const items = row.List?.items as AstNode[] | undefined;
      if (items) row.List.items = items.filter((_, i) => !drop.includes(i));
    }
    const width = Math.max(...rows.map((r) => (r.List?.items as AstNode[] | undefined)?.length ?? 0));
    f.cols = columns.filter((_, i) => !drop.includes(i)).slice(0, listed.length ? undefined : width).map(resTarget);
    changed = true;
  }
  return changed;
}

/** An UPDATE (or ON CONFLICT DO UPDATE) may set a GENERATED ALWAYS identity or a generated column only to DEFAULT. */
function checkUpdate(targets: AstNode[] | undefined, meta: TableMeta): void {
  const always = new Set(meta.identity.filter((i) => i.kind === 'always').map((i) => i.column));
  const generated = new Set(meta.generated ?? []);
  for (const t of targets ?? []) {
    const rt = t.ResTarget;
    if (!rt || isDefault(rt.val as AstNode)) continue;
    const name = rt.name as string;
    if (always.has(name) || generated.has(name)) throw updateError(name, generated.has(name));
  }
}

/**
 * Identity and generated columns, which DuckDB has not (jammi gives an identity column a
 * sequence default) or has with other rules: an explicit value for a GENERATED ALWAYS column is
 * 428C9 unless the INSERT says OVERRIDING SYSTEM VALUE, OVERRIDING USER VALUE replaces explicit
 * values with DEFAULT, and a generated column takes only DEFAULT. The OVERRIDING clause itself
 * is removed (DuckDB has none).
 */
export const rewriteIdentityColumns: Rewrite = (stmt, ctx) => {
  const lookup = ctx.resolver.tableDdl ? (s: string, t: string) => ctx.resolver.tableDdl!.get(s, t) : undefined;
  const ins = stmt.InsertStmt;
  if (ins) {
    const meta = metaOf(ins.relation as AstFields, lookup);
    let changed = false;
    if (meta) {
      changed = checkInsert(ins, meta);
      checkUpdate(ins.onConflictClause?.targetList as AstNode[] | undefined, meta);
    } else if (ins.override && ins.override !== 'OVERRIDING_NOT_SET') {
      delete ins.override;
      changed = true;
    }
    return { stmt, changed };
  }
  const upd = stmt.UpdateStmt;
  if (upd) {
    const meta = metaOf(upd.relation as AstFields, lookup);
    if (meta) checkUpdate(upd.targetList as AstNode[] | undefined, meta);
  }
  return { stmt, changed: false };
};
