import { PgError, SqlStates } from '../../errors/index.js';
import { USER_CATALOG, quoteLiteral } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName } from '../rewrite/ast-build.js';
import type { DdlContext, DdlProgram } from './ddl.types.js';
import { nextvalSql, restartSequence, sequenceOptions } from './sequences.js';
import { engineSchema } from './table-meta.js';

/** Clauses that make a SELECT more than "evaluate setval's arguments (over FROM/WHERE), call it per row". */
const unsupported = ['groupClause', 'havingClause', 'sortClause', 'limitCount', 'limitOffset', 'distinctClause', 'withClause', 'larg', 'valuesLists', 'intoClause', 'windowClause'];

/** The setval call a statement consists of, `SELECT setval(seq, value [, is_called]) [FROM …]`, or null. */
export function matchSetval(stmt: AstNode): { call: AstFields; column: string } | null {
  const s = stmt.SelectStmt as AstFields | undefined;
  const targets = (s?.targetList ?? []) as AstNode[];
  if (targets.length !== 1) return null;
  const call = targets[0].ResTarget?.val?.FuncCall as AstFields | undefined;
  if (!call || builtinName(call.funcname as AstNode[]) !== 'setval') return null;
  if (unsupported.some((k) => s![k] !== undefined)) return null;
  const args = (call.args ?? []) as AstNode[];
  if (args.length < 2 || args.length > 3) return null;
  return { call, column: (targets[0].ResTarget?.name as string | undefined) ?? 'setval' };
}

/** A regclass-style name `schema.seq` / `"Odd Name"`: its parts, unquoted (unquoted parts lowercased). */
export function nameParts(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === '.' && !quoted) {
      parts.push(cur);
      cur = '';
    } else {
      cur += quoted ? ch : ch.toLowerCase();
    }
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

const text = (expr: AstNode): AstNode => ({ TypeCast: { arg: expr, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } });

/**
 * setval(sequence, value [, is_called]): DuckDB cannot alter a sequence, so the sequence is
 * created again to continue after `value` (or at it, with is_called false), the serial and
 * identity defaults that use it detached and reattached around that. The arguments are
 * evaluated first by the statement's own FROM and WHERE (as Django's sequence reset writes
 * it), then setval runs once per row and answers the value, as Postgres does.
 */
export function planSetval(ast: AstNode, ctx: DdlContext, match: { call: AstFields }): DdlProgram {
  const args = (match.call.args ?? []) as AstNode[];
  const argsStmt = structuredClone(ast);
  argsStmt.SelectStmt.targetList = [...args, ...(args.length === 2 ? [{ A_Const: { boolval: { boolval: true }, location: -1 } }] : [])].map((a) => ({ ResTarget: { val: text(structuredClone(a)), location: -1 } }));
  const argsSql = ctx.querySql(argsStmt);
  return async (db) => {
    const out: unknown[][] = [];
    for (const [name, valueText, calledText] of await db.rows(argsSql)) {
      if (name === null || valueText === null || calledText === null) {
        out.push([null]);
        continue;
      }
      const parts = nameParts(name);
      const seq = parts[parts.length - 1];
      const schema = engineSchema(parts.length >= 2 ? parts[parts.length - 2] : undefined);
      const o = await sequenceOptions(db, schema, seq);
      if (!o) throw new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`);
      const value = BigInt(valueText);
      if (value < BigInt(o.min) || value > BigInt(o.max)) {
        throw new PgError(SqlStates.numeric_value_out_of_range, `setval: value ${value} is out of bounds for sequence "${seq}" (${o.min}..${o.max})`);
      }
      const called = calledText === 'true';
      const users = await db.rows(
        `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ${quoteLiteral(USER_CATALOG)} AND schema_name = ${quoteLiteral(schema)} AND column_default = ${quoteLiteral(nextvalSql(schema, seq))}`,
      );
      await restartSequence(db, schema, seq, users.map(([table, column]) => ({ table: table!, column: column! })), called ? value + BigInt(o.increment) : value);
      out.push([value.toString()]);
    }
    return { notices: [], rows: out };
  };
}
