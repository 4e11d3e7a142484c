import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { constValue, type AstFields, type AstNode } from '../ast.js';
import { nameParts } from '../ddl/setval.js';
import { engineSchema, pgSchema } from '../ddl/table-meta.js';
import { builtinName, replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const quoted = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/**
 * pg_get_serial_sequence('table', 'column') with constant arguments: the sequence behind a
 * serial or identity column, `schema.table_column_seq` as jammi recorded it, or NULL for a
 * column without one (42703 for a column the table lacks). ORMs call it to reset sequences.
 */
export const rewriteSerialSequence: Rewrite = (stmt, ctx) => {
  const reader = ctx.resolver.tableDdl;
  if (!reader) return { stmt, changed: false };
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (builtinName(f.funcname as AstNode[]) !== 'pg_get_serial_sequence') return;
      const [t, c] = ((f.args ?? []) as AstNode[]).map((a) => constValue(a));
      if (typeof t !== 'string' || typeof c !== 'string') return;
      const parts = nameParts(t);
      const schema = engineSchema(parts.length >= 2 ? parts[parts.length - 2] : undefined);
      const meta = reader.get(schema, parts[parts.length - 1]);
      if (!meta) return;
      if (!meta.columns.includes(c)) throw new PgError(SqlStates.undefined_column, `column "${c}" of relation "${meta.table}" does not exist`);
      const seq = meta.identity.find((i) => i.column === c)?.sequence;
      replaceNode(path, seq ? stringConst(`${quoted(pgSchema(schema))}.${quoted(seq)}`) : { A_Const: { isnull: true, location: -1 } });
      changed = true;
    },
  });
  return { stmt, changed };
};
