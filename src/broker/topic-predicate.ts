import { PgError, SqlStates } from '../errors/index.js';
import { parseStatements } from '../sql/index.js';
import { type AstFields, type AstNode, constValue, nameList, tagOf } from '../sql/ast.js';
import { topicColumnType } from './topic-schema.js';
import { literalDate, literalMicros, payloadMicros } from './topic-time.js';
import type { TopicColumn, TopicValueKind } from './topic-types.js';

/**
 * A subscription filter: a small, safe SQL predicate over a topic's columns, parsed with the
 * Postgres grammar and evaluated here, in JS, per event (it never reaches DuckDB).
 * Grammar: comparisons (= <> != < > <= >=), AND / OR / NOT, IN (list), BETWEEN, IS [NOT] NULL,
 * IS [NOT] TRUE/FALSE, [NOT] LIKE / ILIKE, + - * / % and ||, casts, `->` / `->>` on jsonb
 * columns, and the functions lower, upper, length and starts_with.
 */

/** The filter's value types: `unknown` is an untyped string literal, typed by its context as in Postgres. */
type FType = 'int' | 'float' | 'text' | 'bool' | 'ts' | 'date' | 'json' | 'unknown' | 'null';
type Val = number | string | boolean | null | object;
/** An event as the filter reads it: the parsed payload object. */
export type FilterRow = Record<string, unknown>;

interface Expr {
  type: FType;
  eval: (row: FilterRow) => Val;
  /** The literal's text, for an `unknown` constant. */
  literal?: string;
}

/** A runtime failure inside a filter (division by zero, a bad cast): the event does not match. */
class FilterRuntimeError extends Error {}

/** A compiled filter: whether an event (its parsed payload) matches. */
export type TopicPredicate = (row: FilterRow) => boolean;

const typeNames: Record<FType, string> = {
  int: 'bigint',
  float: 'double precision',
  text: 'text',
  bool: 'boolean',
  ts: 'timestamp with time zone',
  date: 'date',
  json: 'jsonb',
  unknown: 'unknown',
  null: 'unknown',
};

const kindType: Record<TopicValueKind, FType> = { text: 'text', uuid: 'text', int: 'int', float: 'float', bool: 'bool', timestamptz: 'ts', timestamp: 'ts', date: 'date', json: 'json' };

const notAllowed = (what: string, hint?: string) =>
  new PgError(SqlStates.feature_not_supported, `${what} is not allowed in a topic filter`, {
    hint: hint ?? 'A filter uses the topic\'s columns, constants, comparisons, AND/OR/NOT, IN, BETWEEN, IS NULL, LIKE, arithmetic, casts, ->/->> and lower/upper/length/starts_with.',
  });
const noOperator = (op: string, l: FType, r: FType) =>
  new PgError(SqlStates.undefined_function, `operator does not exist: ${typeNames[l]} ${op} ${typeNames[r]}`, { hint: 'Cast one side so both have the same type.' });

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

/** Give an untyped literal the type its context needs (Postgres's `unknown` resolution). */
function coerce(e: Expr, to: FType): Expr {
  if (e.type !== 'unknown' || e.literal === undefined) return e;
  const s = e.literal;
  let v: Val;
  switch (to) {
    case 'int':
    case 'float': {
      const n = Number(s.trim());
      if (s.trim() === '' || !Number.isFinite(n) || (to === 'int' && !Number.isInteger(n))) {
        throw new PgError(SqlStates.invalid_text_representation, `invalid input syntax for type ${typeNames[to]}: "${s}"`);
      }
      v = n;
      break;
    }
    case 'bool':
      v = boolLiteral(s);
      break;
    case 'ts':
      v = literalMicros('timestamptz', s);
      break;
    case 'date':
      v = literalDate(s);
      break;
    case 'json':
      try {
        v = JSON.parse(s) as Val;
      } catch {
        throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type json', { detail: s });
      }
      break;
    default:
      v = s;
      to = 'text';
  }
  return { type: to, eval: () => v };
}

function boolLiteral(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t)) return true;
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(t)) return false;
  throw new PgError(SqlStates.invalid_text_representation, `invalid input syntax for type boolean: "${s}"`);
}

const toBool = (e: Expr) => coerce(e, 'bool');

function boolArg(e: Expr, op: string): Expr {
  const b = e.type === 'unknown' ? toBool(e) : e;
  if (b.type !== 'bool' && b.type !== 'null') throw new PgError(SqlStates.datatype_mismatch, `argument of ${op} must be type boolean, not type ${typeNames[b.type]}`);
  return b;
}

function boolExpr(f: AstFields, cols: Map<string, FType>): Expr {
  const op = f.boolop === 'AND_EXPR' ? 'AND' : f.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = ((f.args ?? []) as AstNode[]).map((a) => boolArg(compile(a, cols), op));
  if (op === 'NOT') {
    const a = args[0];
    return { type: 'bool', eval: (r) => (a.eval(r) === null ? null : !a.eval(r)) };
  }
  const decisive = op === 'OR';
  return {
    type: 'bool',
    eval: (r) => {
      let sawNull = false;
      for (const a of args) {
        const v = a.eval(r);
        if (v === decisive) return decisive;
        if (v === null) sawNull = true;
      }
      return sawNull ? null : !decisive;
    },
  };
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

/** Both operands of a comparison, with literals typed by the other side. */
function unify(l: Expr, r: Expr, op: string): [Expr, Expr] {
  if (l.type === 'unknown' && r.type === 'unknown') return [coerce(l, 'text'), coerce(r, 'text')];
  if (l.type === 'unknown') l = coerce(l, r.type === 'null' ? 'text' : r.type);
  if (r.type === 'unknown') r = coerce(r, l.type === 'null' ? 'text' : l.type);
  const num = (t: FType) => t === 'int' || t === 'float';
  if (l.type === 'null' || r.type === 'null' || l.type === r.type || (num(l.type) && num(r.type))) return [l, r];
  throw noOperator(op, l.type, r.type);
}

const comparisons: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '>=': (c) => c >= 0,
};

function compare(l: Expr, r: Expr, op: string): Expr {
  const test = comparisons[op];
  [l, r] = unify(l, r, op);
  if (l.type === 'json' || r.type === 'json') throw notAllowed('comparing jsonb values', "Compare a field as text: data->>'key' = 'value'.");
  return {
    type: 'bool',
    eval: (row) => {
      const a = l.eval(row);
      const b = r.eval(row);
      if (a === null || b === null) return null;
      return test(a < b ? -1 : a > b ? 1 : 0);
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

function boolExprOf(args: Expr[]): Expr {
  return {
    type: 'bool',
    eval: (r) => {
      let sawNull = false;
      for (const a of args) {
        const v = a.eval(r);
        if (v === false) return false;
        if (v === null) sawNull = true;
      }
      return sawNull ? null : true;
    },
  };
}

function numeric(e: Expr, op: string, other: FType): Expr {
  const n = e.type === 'unknown' ? coerce(e, 'float') : e;
  if (n.type !== 'int' && n.type !== 'float' && n.type !== 'null') throw noOperator(op, n.type, other);
  return n;
}

function unary(op: string, e: Expr): Expr {
  const n = numeric(e, op, e.type);
  if (op === '+') return n;
  if (op !== '-') throw notAllowed(`the prefix operator ${op}`);
  return { type: n.type, eval: (r) => (n.eval(r) === null ? null : -(n.eval(r) as number)) };
}

function arithmetic(op: string, l: Expr, r: Expr): Expr {
  if (!['+', '-', '*', '/', '%'].includes(op)) throw notAllowed(`the operator ${op}`);
  const a = numeric(l, op, r.type);
  const b = numeric(r, op, a.type);
  const type: FType = a.type === 'int' && b.type === 'int' ? 'int' : 'float';
  return {
    type,
    eval: (row) => {
      const x = a.eval(row) as number | null;
      const y = b.eval(row) as number | null;
      if (x === null || y === null) return null;
      switch (op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          if (y === 0) throw new FilterRuntimeError('division by zero');
          return type === 'int' ? Math.trunc(x / y) : x / y;
        default:
          if (y === 0) throw new FilterRuntimeError('division by zero');
          return x % y;
      }
    },
  };
}

function textOf(v: Val): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function concat(l: Expr, r: Expr): Expr {
  if (l.type === 'unknown' || r.type === 'unknown') [l, r] = [coerce(l, 'text'), coerce(r, 'text')];
  if (l.type !== 'text' && r.type !== 'text') throw noOperator('||', l.type, r.type);
  return {
    type: 'text',
    eval: (row) => {
      const a = l.eval(row);
      const b = r.eval(row);
      return a === null || b === null ? null : textOf(a) + textOf(b);
    },
  };
}

function jsonField(l: Expr, key: Expr, op: '->' | '->>'): Expr {
  if (l.type !== 'json' && l.type !== 'null') throw noOperator(op, l.type, key.type);
  const k = key.type === 'unknown' ? coerce(key, 'text') : key;
  if (k.type !== 'text' && k.type !== 'int') throw noOperator(op, l.type, k.type);
  return {
    type: op === '->' ? 'json' : 'text',
    eval: (row) => {
      const obj = l.eval(row);
      const name = k.eval(row);
      if (obj === null || name === null || typeof obj !== 'object') return null;
      let v: unknown;
      if (Array.isArray(obj)) v = typeof name === 'number' ? obj.at(name) : undefined;
      else v = typeof name === 'string' && Object.hasOwn(obj, name) ? (obj as Record<string, unknown>)[name] : undefined;
      if (v === undefined || (v === null && op === '->>')) return null;
      if (op === '->') return v as Val;
      return typeof v === 'string' ? v : JSON.stringify(v);
    },
  };
}

/** A LIKE pattern as a regular expression (`%`, `_`, backslash escapes). */
export function likeRegex(pattern: string, caseless: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, caseless ? 'iu' : 'u');
}

const escapeRe = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function like(l: Expr, p: Expr, caseless: boolean, negate: boolean): Expr {
  const op = caseless ? 'ILIKE' : 'LIKE';
  const s = l.type === 'unknown' ? coerce(l, 'text') : l;
  const pat = p.type === 'unknown' ? coerce(p, 'text') : p;
  if ((s.type !== 'text' && s.type !== 'null') || (pat.type !== 'text' && pat.type !== 'null')) throw noOperator(op, s.type, pat.type);
  const fixed = p.literal !== undefined ? likeRegex(p.literal, caseless) : null;
  return {
    type: 'bool',
    eval: (row) => {
      const v = s.eval(row);
      const q = fixed ?? pat.eval(row);
      if (v === null || q === null) return null;
      const re = q instanceof RegExp ? q : likeRegex(String(q), caseless);
      return re.test(String(v)) !== negate;
    },
  };
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
