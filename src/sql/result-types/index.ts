import { type AstNode, fieldsOf, tagOf } from '../ast.js';
import { castTarget } from './cast-target.js';
import { functionColumnHint, functionColumns } from './function-columns.js';
import { computedTypmod } from './computed-typmod.js';
import { sessionNames } from './session-names.js';
import { jsonbResult } from './jsonb-result.js';
import type { ColumnTypeHint, HintRule, ResultTypeHints } from './result-types.types.js';
import type { NameResolver } from '../resolver.js';
import { columnRefHint, starHints, type TableScope, tableScope } from './table-columns.js';

export type { ColumnTypeHint, HintRule, ResultTypeHints } from './result-types.types.js';

/**
 * Every rule, in order; the first hint for an expression wins. Area-specific rules go
 * before `computedTypmod`, the catch-all for "not a column, not a cast".
 */
const rules: readonly HintRule[] = [castTarget, sessionNames, jsonbResult, computedTypmod];

/** The statement's output expressions: a plain SELECT's targets or a DML's RETURNING list. */
function outputExpressions(stmt: AstNode): AstNode[] | null {
  const tag = tagOf(stmt);
  const f = fieldsOf(stmt);
  if (tag === 'SelectStmt') {
    // Set operations and VALUES are derivedHints' (several select lists).
    if (f.op && f.op !== 'SETOP_NONE') return null;
    return f.targetList ? (f.targetList as AstNode[]).map((t) => t.ResTarget?.val as AstNode) : null;
  }
  if (tag === 'InsertStmt' || tag === 'UpdateStmt' || tag === 'DeleteStmt') {
    const list = (f.returningClause?.exprs ?? f.returningList) as AstNode[] | undefined;
    return list ? list.map((t) => t.ResTarget?.val as AstNode) : null;
  }
  return null;
}

/** A `*` or `t.*` expands to several columns, so positions after it are unknown. */
const isStar = (e: AstNode | undefined) => Boolean(e?.ColumnRef && (e.ColumnRef.fields as AstNode[]).some((n) => n.A_Star));

/**
 * A SELECT whose FROM is only function calls (`FROM generate_series(…) AS g(n)`, `unnest`):
 * every column it reads is a function result, and Postgres's function results carry no typmod.
 */
function readsOnlyFunctions(stmt: AstNode): boolean {
  const from = stmt.SelectStmt?.fromClause as AstNode[] | undefined;
  return Boolean(from?.length && from.every((item) => item.RangeFunction));
}

const functionResult: ColumnTypeHint = { typmod: -1 };

/** A hint without its table origin: a column made of several rows or branches comes from no one table. */
function withoutOrigin(h: ColumnTypeHint | null): ColumnTypeHint | null {
  if (!h?.origin) return h;
  const { origin: _origin, ...rest } = h;
  return Object.keys(rest).length ? rest : null;
}

/** Postgres's type for a column made of several rows or branches: their shared hint, else typmod -1. */
function mergeHints(hints: readonly (ColumnTypeHint | null)[]): ColumnTypeHint | null {
  const plain = hints.map(withoutOrigin);
  const first = JSON.stringify(plain[0] ?? null);
  return plain.every((h) => JSON.stringify(h ?? null) === first) ? (plain[0] ?? null) : { typmod: -1 };
}

/** The first rule's hint for one expression. */
function hintOf(e: AstNode): ColumnTypeHint | null {
  for (const rule of rules) {
    const h = rule(e);
    if (h) return h;
  }
  return null;
}

/** A set operation branch's hint per column (null: DuckDB's type stands), or undefined when its columns are unknown. */
function branchHints(branch: AstNode, resolver?: NameResolver): (ColumnTypeHint | null)[] | undefined {
  const h = derivedHints(branch, resolver) ?? resultTypeHints(branch, resolver);
  if (h) return h.rest ? undefined : [...h.columns];
  const exprs = outputExpressions(branch);
  return exprs && !exprs.some((e) => !e || isStar(e)) ? exprs.map(() => null) : undefined;
}

/**
 * Hints Postgres derives from more than one select list: a set operation merges its branches,
 * VALUES its rows, and `SELECT * FROM (subquery) AS s` (how BI tools wrap every query) is the
 * subquery's. Undefined when the statement is none of these or a part has nothing to say.
 */
function derivedHints(stmt: AstNode, resolver?: NameResolver): ResultTypeHints | undefined {
  const f = stmt.SelectStmt;
  if (!f) return undefined;
  if (f.op && f.op !== 'SETOP_NONE') {
    // The branches are SelectStmt fields, not wrapped nodes.
    const [l, r] = [branchHints({ SelectStmt: f.larg }, resolver), branchHints({ SelectStmt: f.rarg }, resolver)];
    if (!l || !r || l.length !== r.length) return undefined;
    return { columns: l.map((h, i) => mergeHints([h, r[i]])) };
  }
  const rows = (f.valuesLists ?? []) as AstNode[];
  if (rows.length) {
    const cells = rows.map((row) => ((row.List?.items ?? []) as AstNode[]).map(hintOf));
    return { columns: cells[0].map((_, i) => mergeHints(cells.map((c) => c[i] ?? null))) };
  }
  const targets = (f.targetList ?? []) as AstNode[];
  const from = (f.fromClause ?? []) as AstNode[];
  const sub = from.length === 1 ? (from[0].RangeSubselect?.subquery as AstNode | undefined) : undefined;
  if (sub && targets.length === 1 && isStar(targets[0].ResTarget?.val as AstNode)) return resultTypeHints(sub, resolver);
  return undefined;
}

/** Hints for a select list with `*` over writable tables: up to the first `*` whose columns are unknown. */
function starredHints(exprs: AstNode[], scope: TableScope): ResultTypeHints | undefined {
  const columns: (ColumnTypeHint | null)[] = [];
  for (const e of exprs) {
    if (isStar(e)) {
      const expanded = starHints(e, scope);
      if (!expanded) break;
      columns.push(...expanded);
    } else {
      columns.push(hintOf(e) ?? (e.ColumnRef ? (columnRefHint(e, scope) ?? null) : null));
    }
  }
  return columns.some(Boolean) ? { columns } : undefined;
}

/**
 * `CASE … THEN t.typbasetype ELSE 0 END`, `nullif(a.attidentity, '')`, `coalesce(c.relname, '')`:
 * Postgres gives such an expression the type of its column operands (the constants are
 * coerced to it), so a catalog column's oid, "char" or name type carries through. The hint
 * is the columns' shared type, typmod -1; undefined unless every non-constant operand is a
 * column of one hinted type.
 */
function branchColumnsHint(e: AstNode, scope: TableScope): ColumnTypeHint | undefined {
  let operands: AstNode[] | undefined;
  if (e.CaseExpr) operands = [...((e.CaseExpr.args ?? []) as AstNode[]).map((w) => w.CaseWhen?.result as AstNode), ...(e.CaseExpr.defresult ? [e.CaseExpr.defresult as AstNode] : [])];
  else if (e.CoalesceExpr) operands = e.CoalesceExpr.args as AstNode[];
  else if (e.NullIfExpr || (e.A_Expr && e.A_Expr.kind === 'AEXPR_NULLIF')) operands = [(e.A_Expr?.lexpr ?? (e.NullIfExpr?.args as AstNode[])[0]) as AstNode];
  const columns = operands?.filter((o) => o && !o.A_Const);
  if (!columns?.length || columns.some((o) => !o.ColumnRef)) return undefined;
  const found = columns.map((o) => columnRefHint(o, scope));
  const oid = found[0]?.oid;
  return oid !== undefined && found.every((h) => h?.oid === oid) ? { oid, typmod: -1 } : undefined;
}

/**
 * Type hints for a statement's result as the user wrote it, or undefined when there is
 * nothing to say (no select list, a `*` over tables jammi does not know, or no rule had an
 * opinion). With a resolver, columns of writable tables report their declared types.
 */
export function resultTypeHints(stmt: AstNode, resolver?: NameResolver): ResultTypeHints | undefined {
  const derived = derivedHints(stmt, resolver);
  if (derived) return derived.columns.some(Boolean) || derived.rest ? derived : undefined;
  const exprs = outputExpressions(stmt);
  if (!exprs || exprs.some((e) => !e)) return undefined;
  const overFunctions = readsOnlyFunctions(stmt);
  const fnCols = overFunctions ? functionColumns(stmt) : undefined;
  const scope = resolver && !overFunctions ? tableScope(stmt, resolver, (sub) => resultTypeHints(sub, resolver)?.columns) : null;
  if (exprs.some(isStar)) {
    if (scope) return starredHints(exprs, scope);
    if (!overFunctions || !exprs.every(isStar)) return undefined;
    if (fnCols && exprs.length === 1) return { columns: fnCols.map(([, h]) => h ?? functionResult) };
    return { columns: [], rest: functionResult };
  }
  const hints = exprs.map((e) => {
    const branches = scope ? branchColumnsHint(e, scope) : undefined;
    if (branches) return branches;
    for (const rule of rules) {
      const h = rule(e);
      if (h) return h;
    }
    if (scope && e.ColumnRef) return columnRefHint(e, scope) ?? null;
    if (!overFunctions || !e.ColumnRef) return null;
    return (fnCols && functionColumnHint(e, fnCols)) ?? functionResult;
  });
  return hints.some(Boolean) ? { columns: hints } : undefined;
}
