import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { constValue, type AstFields, type AstNode } from '../ast.js';
import { nameParts } from '../ddl/setval.js';
import { engineSchema, pgSchema } from '../ddl/table-meta.js';
import { catalogFunctionName } from '../../pg-catalog/index.js';
import { builtinName, funcCall, replaceNode, stringConst } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const quoted = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/**
 * pg_get_serial_sequence('table', 'column') with constant arguments: the sequence behind a
 * serial or identity column, `schema.table_column_seq` as jammi recorded it, or NULL for a
 * column without one (42703 for a column the table lacks). ORMs call it to reset sequences.
 * A call with other arguments (SQLAlchemy's reflection passes `a.attrelid::regclass::text,
 * a.attname`) goes to the catalog's lookup of the same record (src/pg-catalog), row by row.
 */
export const rewriteSerialSequence: Rewrite = (stmt, ctx) => {
  const reader = ctx.resolver.tableDdl;
  if (!reader) return { stmt, changed: false };
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      if (builtinName(f.funcname as AstNode[]) !== 'pg_get_serial_sequence') return;
      const args = (f.args ?? []) as AstNode[];
      const [t, c] = args.map((a) => constValue(a));
      if (typeof t !== 'string' || typeof c !== 'string') {
        if (args.length !== 2) return;
        replaceNode(path, funcCall(catalogFunctionName('_pg_get_serial_sequence'), args));
        ctx.catalog = true;
        changed = true;
        return;
      }
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
