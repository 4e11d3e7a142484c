import { deparseSync } from 'pgsql-deparser';
import type { AstFields, AstNode } from './ast.js';

/**
 * Postgres types a parameter that is an operand of an operator from the other operand:
 * in `n + $1` with `n integer`, `$1` is an integer. DuckDB leaves such a parameter untyped
 * (`+` has many overloads), and a value bound as text then makes the call ambiguous. For
 * each such parameter this builds a probe, `SELECT <other operand> FROM <the statement's
 * relations> LIMIT 0`, whose one column has the type the parameter should take.
 */
export function operandProbes(stmt: AstNode): Map<number, OperandProbe> {
  const probes = new Map<number, OperandProbe>();
  const scope = (from: AstNode[], exprs: unknown[]) => {
    for (const e of exprs) visit(e, from, probes);
  };
  const [tag, f] = Object.entries(stmt)[0] as [string, AstFields];
  if (tag === 'UpdateStmt') scope([f.relation as AstNode, ...((f.fromClause ?? []) as AstNode[])].map(asRangeVar), [f.targetList, f.whereClause]);
  else if (tag === 'DeleteStmt') scope([f.relation as AstNode, ...((f.usingClause ?? []) as AstNode[])].map(asRangeVar), [f.whereClause]);
  else if (tag === 'SelectStmt') selectScope(f, probes);
  else if (tag === 'InsertStmt' && f.selectStmt) selectScope(((f.selectStmt as AstNode).SelectStmt ?? {}) as AstFields, probes);
  return probes;
}

/** A probe query, and whether its operator is arithmetic (where only a number type carries over: `date + $1` is not a date). */
export interface OperandProbe {
  sql: string;
  arithmetic: boolean;
}

const comparisons = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const arithmetic = new Set(['+', '-', '*', '/', '%']);

/** DML targets are bare RangeVars in the AST; a FROM list wants them wrapped as nodes. */
function asRangeVar(n: AstNode): AstNode {
  return 'RangeVar' in n || !('relname' in n) ? n : { RangeVar: n };
}

function selectScope(f: AstFields, probes: Map<number, OperandProbe>): void {
  if (f.larg || f.rarg) {
    for (const side of [f.larg, f.rarg]) if (side) selectScope(side as AstFields, probes);
    return;
  }
  const from = (f.fromClause ?? []) as AstNode[];
  for (const e of [f.targetList, f.whereClause, f.havingClause]) visit(e, from, probes);
}

const paramIndex = (n: unknown): number => {
  const p = (n as AstNode | undefined)?.ParamRef;
  return p ? ((p.number as number) ?? 0) - 1 : -1;
};

function hasParam(n: unknown): boolean {
  if (n === null || typeof n !== 'object') return false;
  if ('ParamRef' in (n as object)) return true;
  return Object.values(n as object).some(hasParam);
}

/** Walk an expression of one FROM scope; a subquery starts its own scope. */
function visit(n: unknown, from: AstNode[], probes: Map<number, OperandProbe>): void {
  if (n === null || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const x of n) visit(x, from, probes);
    return;
  }
  const node = n as AstNode;
  if (node.SubLink) {
    visit(node.SubLink.testexpr, from, probes);
    const sub = (node.SubLink.subselect as AstNode | undefined)?.SelectStmt;
    if (sub) selectScope(sub as AstFields, probes);
    return;
  }
  const op = node.A_Expr?.kind === 'AEXPR_OP' ? ((node.A_Expr.name as AstNode[] | undefined)?.at(-1)?.String?.sval as string | undefined) : undefined;
  if (op && (comparisons.has(op) || arithmetic.has(op))) {
    const { lexpr, rexpr } = node.A_Expr;
    for (const [p, other] of [
      [lexpr, rexpr],
      [rexpr, lexpr],
    ]) {
      const i = paramIndex(p);
      if (i >= 0 && other && !hasParam(other) && !probes.has(i)) probes.set(i, { sql: probeSql(other as AstNode, from), arithmetic: arithmetic.has(op) });
    }
  }
  for (const v of Object.values(node)) visit(v, from, probes);
}

function probeSql(expr: AstNode, from: AstNode[]): string {
  const select: AstNode = {
    SelectStmt: {
      targetList: [{ ResTarget: { val: expr } }],
      ...(from.length ? { fromClause: from } : {}),
      limitCount: { A_Const: { ival: { ival: 0 } } },
      limitOption: 'LIMIT_OPTION_COUNT',
      op: 'SETOP_NONE',
    },
  };
  return deparseSync(select, { pretty: false });
}
