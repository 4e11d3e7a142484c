import { PgError, SqlStates } from '../errors/index.js';
import { parseStatements } from '../sql/index.js';
import { type AstFields, type AstNode, constValue, nameList, tagOf } from '../sql/ast.js';
import { topicColumnType } from './topic-schema.js';
import { payloadMicros } from './topic-time.js';
import type { TopicColumn } from './topic-types.js';
import {
  arithmetic,
  boolArg,
  boolExprOf,
  coerce,
  compare,
  comparisons,
  concat,
  type Expr,
  FilterRuntimeError,
  type FilterRow,
  type FType,
  jsonField,
  kindType,
  like,
  notAllowed,
  textOf,
  toBool,
  typeNames,
  unary,
  type Val,
} from './topic-predicate-ops.js';

/**
 * A subscription filter: a small, safe SQL predicate over a topic's columns, parsed with the
 * Postgres grammar and evaluated here, in JS, per event (it never reaches DuckDB).
 * Grammar: comparisons (= <> != < > <= >=), AND / OR / NOT, IN (list), BETWEEN, IS [NOT] NULL,
 * IS [NOT] TRUE/FALSE, [NOT] LIKE / ILIKE, + - * / % and ||, casts, `->` / `->>` on jsonb
 * columns, and the functions lower, upper, length and starts_with.
 */

/** A compiled filter: whether an event (its parsed payload) matches. */
export type TopicPredicate = (row: FilterRow) => boolean;
export { likeRegex } from './topic-predicate-ops.js';
export type { FilterRow } from './topic-predicate-ops.js';

/**
 * Parse and check `filter` against the topic's columns. Errors: 42601 syntax, 0A000 a
 * construct outside the filter language, 42703 unknown column, 42883 mismatched types.
 */
export function compileTopicFilter(filter: string, columns: readonly TopicColumn[]): TopicPredicate {
  const prefix = 'SELECT 1 WHERE ';
  let stmts;
  try {
    stmts = parseStatements(`${prefix}${filter}\n`);
  } catch (e) {
    if (e instanceof PgError && e.code === SqlStates.syntax_error) {
      const at = e.fields.position !== undefined ? e.fields.position - prefix.length : undefined;
      throw new PgError(SqlStates.syntax_error, `invalid topic filter: ${e.message}`, at !== undefined && at > 0 ? { detail: `At character ${at} of the filter.` } : {});
    }
    throw e;
  }
  const select = stmts.length === 1 ? stmts[0].ast.SelectStmt : undefined;
  const extra = select && Object.keys(select).filter((k) => !['targetList', 'whereClause', 'limitOption', 'op'].includes(k));
  if (!select || !select.whereClause || extra!.length > 0 || (select.op && select.op !== 'SETOP_NONE')) {
    throw new PgError(SqlStates.syntax_error, 'invalid topic filter: a filter is one boolean expression', { detail: `Got: ${filter.slice(0, 200)}` });
  }
  const cols = new Map<string, FType>([
    ['_offset', 'int'],
    ['_produced_at', 'ts'],
    ...columns.map((c) => [c.name, kindType[c.type.kind]] as [string, FType]),
  ]);
  const root = compile(select.whereClause as AstNode, cols);
  if (root.type !== 'bool' && root.type !== 'null' && root.type !== 'unknown') {
    throw new PgError(SqlStates.datatype_mismatch, `argument of a topic filter must be type boolean, not type ${typeNames[root.type]}`);
  }
  const ev = root.type === 'unknown' ? toBool(root).eval : root.eval;
  return (row) => {
    try {
      return ev(row) === true;
    } catch (e) {
      if (e instanceof FilterRuntimeError) return false;
      throw e;
    }
  };
}

function compile(node: AstNode, cols: Map<string, FType>): Expr {
  const tag = tagOf(node);
  const f = node[tag];
  switch (tag) {
    case 'A_Const':
      return constant(node);
    case 'ColumnRef':
      return column(f, cols);
    case 'BoolExpr':
      return boolExpr(f, cols);
    case 'A_Expr':
      return aExpr(f, cols);
    case 'NullTest': {
      const arg = compile(f.arg as AstNode, cols);
      const isNull = f.nulltesttype === 'IS_NULL';
      return { type: 'bool', eval: (r) => (arg.eval(r) === null) === isNull };
    }
    case 'BooleanTest':
      return booleanTest(f, cols);
    case 'FuncCall':
      return funcCall(f, cols);
    case 'TypeCast':
      return typeCast(f, cols);
    case 'SubLink':
      throw notAllowed('a subquery', 'A filter sees one event at a time.');
    case 'ParamRef':
      throw notAllowed('a parameter ($n)', 'Write the value into the filter text, or pass the whole filter as a parameter.');
    default:
      throw notAllowed(describe(tag));
  }
}

function describe(tag: string): string {
  const names: Record<string, string> = { CaseExpr: 'CASE', CoalesceExpr: 'COALESCE', A_ArrayExpr: 'an ARRAY constructor', RowExpr: 'a row constructor', A_Indirection: 'subscripting', CollateClause: 'COLLATE', MinMaxExpr: 'GREATEST/LEAST', SQLValueFunction: 'a SQL value function', NullIfExpr: 'NULLIF' };
  return names[tag] ?? `${tag}`;
}

function constant(node: AstNode): Expr {
  const v = constValue(node);
  const c = node.A_Const;
  if (v === null || v === undefined) return { type: 'null', eval: () => null };
  if (typeof v === 'boolean') return { type: 'bool', eval: () => v };
  if (typeof v === 'number') return { type: c.fval ? 'float' : 'int', eval: () => v };
  return { type: 'unknown', eval: () => v, literal: v };
}

function column(f: AstFields, cols: Map<string, FType>): Expr {
  const names = nameList(f.fields as AstNode[]);
  if (names.length !== 1 || names[0] === '') throw notAllowed('a qualified name or *', 'Name a column of the topic by itself.');
  const name = names[0];
  const type = cols.get(name);
  if (!type) throw new PgError(SqlStates.undefined_column, `column "${name}" does not exist`, { hint: `The topic's columns: ${[...cols.keys()].join(', ')}.` });
  if (type === 'ts') {
    return {
      type,
      eval: (r) => {
        const v = r[name];
        return typeof v === 'string' ? payloadMicros(v) : null;
      },
    };
  }
  return { type, eval: (r) => (r[name] ?? null) as Val };
}

function boolExpr(f: AstFields, cols: Map<string, FType>): Expr {
  const op = f.boolop === 'AND_EXPR' ? 'AND' : f.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = ((f.args ?? []) as AstNode[]).map((a) => boolArg(compile(a, cols), op));
  if (op === 'NOT') {
    const a = args[0];
    return {
      type: 'bool',
      eval: (r) => {
        const v = a.eval(r);
        return v === null ? null : !v;
      },
    };
  }
  return boolExprOf(args, op);
}

function booleanTest(f: AstFields, cols: Map<string, FType>): Expr {
  const a = boolArg(compile(f.arg as AstNode, cols), 'IS');
  const test = f.booltesttype as string;
  return {
    type: 'bool',
    eval: (r) => {
      const v = a.eval(r);
      switch (test) {
        case 'IS_TRUE':
          return v === true;
        case 'IS_NOT_TRUE':
          return v !== true;
        case 'IS_FALSE':
          return v === false;
        case 'IS_NOT_FALSE':
          return v !== false;
        case 'IS_UNKNOWN':
          return v === null;
        default:
          return v !== null;
      }
    },
  };
}
function aExpr(f: AstFields, cols: Map<string, FType>): Expr {
  const op = nameList(f.name as AstNode[]).at(-1) ?? '';
  const kind = f.kind as string;
  const sub = (n: unknown) => compile(n as AstNode, cols);
  switch (kind) {
    case 'AEXPR_OP':
      if (comparisons[op]) return compare(sub(f.lexpr), sub(f.rexpr), op);
      if (!f.lexpr) return unary(op, sub(f.rexpr));
      if (op === '->' || op === '->>') return jsonField(sub(f.lexpr), sub(f.rexpr), op);
      if (op === '||') return concat(sub(f.lexpr), sub(f.rexpr));
      return arithmetic(op, sub(f.lexpr), sub(f.rexpr));
    case 'AEXPR_IN': {
      const l = sub(f.lexpr);
      const tests = ((f.rexpr?.List?.items ?? []) as AstNode[]).map((item) => compare(l, sub(item), '='));
      const negate = op === '<>';
      return {
        type: 'bool',
        eval: (r) => {
          let sawNull = false;
          for (const t of tests) {
            const v = t.eval(r);
            if (v === true) return !negate;
            if (v === null) sawNull = true;
          }
          return sawNull ? null : negate;
        },
      };
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const [lo, hi] = (f.rexpr?.List?.items ?? []) as AstNode[];
      const l = sub(f.lexpr);
      const both = boolExprOf([compare(l, sub(lo), '>='), compare(l, sub(hi), '<=')]);
      return kind === 'AEXPR_BETWEEN' ? both : { type: 'bool', eval: (r) => (both.eval(r) === null ? null : !both.eval(r)) };
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
      return like(sub(f.lexpr), sub(f.rexpr), kind === 'AEXPR_ILIKE', op.startsWith('!'));
    default:
      throw notAllowed(kind === 'AEXPR_BETWEEN_SYM' || kind === 'AEXPR_NOT_BETWEEN_SYM' ? 'BETWEEN SYMMETRIC' : kind === 'AEXPR_SIMILAR' ? 'SIMILAR TO' : `the operator ${op || kind}`);
  }
}
const functions: Record<string, { args: number; type: FType; fn: (...a: string[]) => Val }> = {
  lower: { args: 1, type: 'text', fn: (s) => s.toLowerCase() },
  upper: { args: 1, type: 'text', fn: (s) => s.toUpperCase() },
  length: { args: 1, type: 'int', fn: (s) => [...s].length },
  starts_with: { args: 2, type: 'bool', fn: (s, p) => s.startsWith(p) },
};

function funcCall(f: AstFields, cols: Map<string, FType>): Expr {
  const names = nameList(f.funcname as AstNode[]);
  const name = names.at(-1)!;
  const spec = functions[name];
  if (!spec || (names.length === 2 && names[0] !== 'pg_catalog')) {
    throw notAllowed(`the function ${names.join('.')}()`, 'Functions in a topic filter: lower, upper, length, starts_with.');
  }
  if (f.agg_star || f.agg_distinct || f.over || f.agg_filter || f.agg_order) throw notAllowed(`${name}() with aggregate or window syntax`);
  const args = ((f.args ?? []) as AstNode[]).map((a) => compile(a, cols)).map((a) => (a.type === 'unknown' ? coerce(a, 'text') : a));
  if (args.length !== spec.args || args.some((a) => a.type !== 'text' && a.type !== 'null')) {
    throw new PgError(SqlStates.undefined_function, `function ${name}(${args.map((a) => typeNames[a.type]).join(', ')}) does not exist`, { hint: `${name} takes ${spec.args} text argument${spec.args > 1 ? 's' : ''}.` });
  }
  return {
    type: spec.type,
    eval: (r) => {
      const vs = args.map((a) => a.eval(r));
      return vs.some((v) => v === null) ? null : spec.fn(...vs.map((v) => String(v)));
    },
  };
}

function typeCast(f: AstFields, cols: Map<string, FType>): Expr {
  const names = nameList(f.typeName?.names as AstNode[]);
  const target = names.at(-1) ?? '';
  const t = topicColumnType(target === 'float8' ? 'double precision' : target);
  if (!t || f.typeName?.arrayBounds) throw notAllowed(`a cast to ${names.join('.')}`, 'Casts in a topic filter: text, integer types, real, double precision, boolean, timestamptz, timestamp, date, jsonb, uuid.');
  const to = kindType[t.kind];
  const arg = compile(f.arg as AstNode, cols);
  if (arg.type === 'unknown') return coerce(arg, to);
  if (arg.type === to || arg.type === 'null') return { ...arg, type: to };
  return {
    type: to,
    eval: (r) => {
      const v = arg.eval(r);
      if (v === null) return null;
      if (to === 'text') return arg.type === 'ts' ? String(v) : textOf(v);
      if ((to === 'int' || to === 'float') && (arg.type === 'int' || arg.type === 'float')) return to === 'int' ? Math.round(v as number) : v;
      try {
        return coerce({ type: 'unknown', eval: () => textOf(v), literal: textOf(v) }, to).eval(r);
      } catch {
        throw new FilterRuntimeError(`cannot cast to ${typeNames[to]}`);
      }
    },
  };
}
