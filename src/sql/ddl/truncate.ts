import { PgError, SqlStates } from '../../errors/index.js';
import type { AstFields, AstNode } from '../ast.js';
import type { DdlContext, DdlProgram } from './ddl.types.js';
import { guard } from './drop.js';
import { loadMeta, metaOrEmpty, referencingTables, tableExists } from './engine-catalog.js';
import { readShape, recreateEmpty } from './table-shape.js';
import { restartSequence } from './sequences.js';
import { engineSchema, qualified } from './table-meta.js';

/**
 * TRUNCATE [TABLE] t1, t2 [RESTART IDENTITY] [CASCADE]: tables referenced by a foreign key
 * from a table not in the list are refused (0A000, as Postgres) unless CASCADE adds those
 * tables; referencing tables are emptied first. RESTART IDENTITY starts the tables'
 * serial and identity sequences over.
 */
export function planTruncate(ast: AstNode, ctx: DdlContext): DdlProgram {
  guard(ast, ctx);
  const f = ast.TruncateStmt as AstFields;
  const relations = ((f.relations ?? []) as AstNode[]).map((r) => ({ schema: engineSchema(r.RangeVar?.schemaname as string | undefined), table: r.RangeVar?.relname as string }));
  const cascade = f.behavior === 'DROP_CASCADE';
  const restart = Boolean(f.restart_seqs);
  return async (db) => {
    const notices: PgError[] = [];
    const key = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;
    const set = new Map<string, { schema: string; table: string }>();
    for (const r of relations) {
      if (!(await tableExists(db, r.schema, r.table))) throw new PgError(SqlStates.undefined_table, `relation "${r.table}" does not exist`);
      set.set(key(r), r);
    }
    // Close the set over foreign keys (CASCADE), or refuse.
    const queue = [...set.values()];
    while (queue.length) {
      const t = queue.shift()!;
      for (const r of await referencingTables(db, t.schema, t.table)) {
        if (set.has(key(r))) continue;
        if (!cascade) {
          throw new PgError(SqlStates.feature_not_supported, 'cannot truncate a table referenced in a foreign key constraint', {
            detail: `Table "${r.table}" references "${t.table}".`,
            hint: `Truncate table "${r.table}" at the same time, or use TRUNCATE ... CASCADE.`,
          });
        }
        notices.push(new PgError(SqlStates.successful_completion, `truncate cascades to table "${r.table}"`, {}, 'NOTICE'));
        set.set(key(r), r);
        queue.push(r);
      }
    }
    // DuckDB cannot delete a referenced row in the transaction that deleted the rows that
    // referenced it: tables of the set that reference each other are created again, empty
    // (referenced ones first); the others are emptied in place.
    const parents = new Map<string, Set<string>>();
    for (const t of set.values()) {
      for (const r of await referencingTables(db, t.schema, t.table)) {
        if (!set.has(key(r))) continue;
        if (!parents.has(key(t))) parents.set(key(t), new Set());
        if (!parents.has(key(r))) parents.set(key(r), new Set());
        parents.get(key(r))!.add(key(t));
      }
    }
    const inSet = new Set(parents.keys());
    // Referenced tables first: each next table is one whose referenced tables are all placed.
    const linked: { schema: string; table: string }[] = [];
    const left = [...set.values()].filter((t) => inSet.has(key(t)));
    while (left.length) {
      const i = left.findIndex((t) => [...parents.get(key(t))!].every((p) => p === key(t) || linked.some((l) => key(l) === p)));
      linked.push(...left.splice(i < 0 ? 0 : i, 1));
    }
    const shapes = [];
    for (const t of linked) shapes.push(await readShape(db, await metaOrEmpty(db, t.schema, t.table)));
    await recreateEmpty(db, shapes);
    for (const t of set.values()) if (!inSet.has(key(t))) await db.run(`DELETE FROM ${qualified(t.schema, t.table)}`);
    if (restart) {
      for (const t of set.values()) {
        const meta = await loadMeta(db, t.schema, t.table);
        for (const i of meta?.identity ?? []) await restartSequence(db, t.schema, i.sequence, [{ table: t.table, column: i.column }]);
      }
    }
    return { notices };
  };
}
