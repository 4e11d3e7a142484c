import { PgError, SqlStates } from '../../errors/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { engineSchema, type TableMeta } from '../ddl/table-meta.js';
import type { Rewrite } from './rewrite.types.js';

const alwaysDetail = (column: string) => ({ detail: `Column "${column}" is an identity column defined as GENERATED ALWAYS.` });

const insertError = (column: string) =>
  new PgError(SqlStates.generated_always, `cannot insert a non-DEFAULT value into column "${column}"`, { ...alwaysDetail(column), hint: 'Use OVERRIDING SYSTEM VALUE to override.' });

const updateError = (column: string) => new PgError(SqlStates.generated_always, `column "${column}" can only be updated to DEFAULT`, alwaysDetail(column));

const isDefault = (n: AstNode | undefined) => n?.SetToDefault !== undefined;

/** The record of the table a RangeVar names, if jammi keeps one. */
function metaOf(rel: AstFields | undefined, lookup: ((schema: string, table: string) => TableMeta | undefined) | undefined): TableMeta | undefined {
  if (!rel?.relname || !lookup || rel.relpersistence === 't') return undefined;
  return lookup(engineSchema(rel.schemaname as string | undefined), rel.relname as string);
}

/** The columns an INSERT writes, in order: its column list, or every column of the table. */
function insertColumns(f: AstFields, meta: TableMeta): string[] {
  const cols = (f.cols ?? []) as AstNode[];
  return cols.length ? cols.map((c) => c.ResTarget?.name as string) : meta.columns;
}

/** An INSERT into identity columns: GENERATED ALWAYS refuses explicit values; OVERRIDING USER VALUE turns them into DEFAULT. */
function checkInsert(f: AstFields, meta: TableMeta): boolean {
  const override = f.override as string | undefined;
  delete f.override;
  if (override === 'OVERRIDING_SYSTEM_VALUE') return true;
  const identity = new Map(meta.identity.filter((i) => i.kind !== 'serial').map((i) => [i.column, i.kind]));
  if (identity.size === 0) return override !== undefined;
  const columns = insertColumns(f, meta);
  const rows = (f.selectStmt?.SelectStmt?.valuesLists ?? null) as AstNode[] | null;
  let changed = override !== undefined;
  columns.forEach((column, i) => {
    const kind = identity.get(column);
    if (!kind || (kind === 'by default' && override !== 'OVERRIDING_USER_VALUE')) return;
    if (!rows) {
      if (override === 'OVERRIDING_USER_VALUE') throw new PgError(SqlStates.feature_not_supported, 'OVERRIDING USER VALUE is supported only with VALUES');
      throw insertError(column);
    }
    for (const row of rows) {
      const items = row.List?.items as AstNode[] | undefined;
      if (!items || i >= items.length || isDefault(items[i])) continue;
      if (override !== 'OVERRIDING_USER_VALUE') throw insertError(column);
      items[i] = { SetToDefault: { location: -1 } };
      changed = true;
    }
  });
  return changed;
}

/** An UPDATE (or ON CONFLICT DO UPDATE) may set a GENERATED ALWAYS identity column only to DEFAULT. */
function checkUpdate(targets: AstNode[] | undefined, meta: TableMeta): void {
  const always = new Set(meta.identity.filter((i) => i.kind === 'always').map((i) => i.column));
  for (const t of targets ?? []) {
    const rt = t.ResTarget;
    if (rt && always.has(rt.name as string) && !isDefault(rt.val as AstNode)) throw updateError(rt.name as string);
  }
}

/**
 * Identity columns, which DuckDB does not have (jammi gives them a sequence default): an
 * explicit value for a GENERATED ALWAYS column is 428C9 unless the INSERT says OVERRIDING
 * SYSTEM VALUE, and OVERRIDING USER VALUE replaces explicit values with DEFAULT. The
 * OVERRIDING clause itself is removed (DuckDB has none).
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
    } else if (ins.override) {
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
