import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { funcCall } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** The names of the rewritten subquery's parts: the original rows (as one struct), their number, and the numbered rows. */
const ROW = 'jammi_row';
const ROW_NUMBER = 'jammi_row_number';
const LIMITED = 'jammi_limited';

const str = (sval: string): AstNode => ({ String: { sval } });
const column = (...names: string[]): AstNode => ({ ColumnRef: { fields: names.map(str), location: -1 } });
const target = (val: AstNode, name?: string): AstNode => ({ ResTarget: { ...(name ? { name } : {}), val, location: -1 } });
const select = (fields: AstFields): AstNode => ({ SelectStmt: { ...fields, limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } });

/**
 * A LIMIT DuckDB refuses in a correlated subquery: a count that is not a constant, without
 * OFFSET, WITH TIES or ORDER BY (the numbering below could not follow an ORDER BY that names
 * the subquery's own tables).
 */
function nonConstantLimit(s: AstFields): boolean {
  const count = s.limitCount as AstNode | undefined;
  if (!count || count.A_Const || s.limitOffset || s.limitOption !== 'LIMIT_OPTION_COUNT') return false;
  return s.op === 'SETOP_NONE' && !s.sortClause && !s.intoClause;
}

/**
 * `SELECT … LIMIT $1` as
 * `SELECT unnest(jammi_limited.jammi_row) FROM (SELECT jammi_row, row_number() OVER () AS jammi_row_number
 *  FROM (SELECT …) jammi_row) jammi_limited WHERE $1 IS NULL OR jammi_row_number <= $1`:
 * each row travels as one struct (DuckDB reads a table alias as its row), and unnest of the
 * struct gives back exactly its columns. LIMIT NULL is no limit.
 */
function numbered(s: AstFields): AstFields {
  const count = s.limitCount as AstNode;
  const original: AstFields = { ...s, limitOption: 'LIMIT_OPTION_DEFAULT' };
  delete original.limitCount;
  const rowNumber = { FuncCall: { funcname: [str('row_number')], over: { frameOptions: 1058, location: -1 }, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } };
  const numberedRows = select({
    targetList: [target(column(ROW)), target(rowNumber, ROW_NUMBER)],
    fromClause: [{ RangeSubselect: { subquery: { SelectStmt: original }, alias: { aliasname: ROW } } }],
  });
  const within = { A_Expr: { kind: 'AEXPR_OP', name: [str('<=')], lexpr: column(ROW_NUMBER), rexpr: count, location: -1 } };
  const unlimited = { NullTest: { arg: structuredClone(count), nulltesttype: 'IS_NULL', location: -1 } };
  return select({
    targetList: [target(funcCall(['unnest'], [column(LIMITED, ROW)]))],
    fromClause: [{ RangeSubselect: { subquery: numberedRows, alias: { aliasname: LIMITED } } }],
    whereClause: { BoolExpr: { boolop: 'OR_EXPR', args: [unlimited, within], location: -1 } },
  }).SelectStmt as AstFields;
}

/**
 * `LEFT JOIN LATERAL (SELECT … WHERE x.id = outer.id LIMIT $1)` (Drizzle's relational queries):
 * DuckDB refuses a LIMIT that is not a constant in a correlated subquery (42601 "Non-constant
 * limit not supported in correlated subquery"). Inside a LATERAL subquery such a LIMIT becomes a
 * filter on row_number(), which DuckDB decorrelates per outer row (numbered).
 * Runs after nameResultColumns (the unnest must stay unnamed) and after the set-returning and
 * array rewrites (its unnest of a struct is DuckDB's, not Postgres's).
 */
export const rewriteLateralLimits: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    RangeSubselect(path: AstPath) {
      if (!path.node.lateral) return;
      traverse(path.node.subquery as AstNode, {
        SelectStmt(inner: AstPath) {
          if (!nonConstantLimit(inner.node)) return;
          const replacement = numbered(inner.node);
          for (const k of Object.keys(inner.node)) delete inner.node[k];
          Object.assign(inner.node, replacement);
          changed = true;
        },
      });
    },
  });
  return { stmt, changed };
};
