import { PgError, SqlStates } from '../errors/index.js';
import { literalDate, literalMicros } from './topic-time.js';
import type { TopicValueKind } from './topic-types.js';

/**
 * The values and operators of topic filters (see topic-predicate.ts): each operator takes
 * compiled operands, checks their types as Postgres would, and returns a compiled expression.
 */

/** The filter's value types: `unknown` is an untyped string literal, typed by its context as in Postgres. */
export type FType = 'int' | 'float' | 'text' | 'bool' | 'ts' | 'date' | 'json' | 'unknown' | 'null';
export type Val = number | string | boolean | null | object;
/** An event as the filter reads it: the parsed payload object. */
export type FilterRow = Record<string, unknown>;

export interface Expr {
  type: FType;
  eval: (row: FilterRow) => Val;
  /** The literal's text, for an `unknown` constant. */
  literal?: string;
}

/** A runtime failure inside a filter (division by zero, a bad cast): the event does not match. */
export class FilterRuntimeError extends Error {}

export const typeNames: Record<FType, string> = {
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

export const kindType: Record<TopicValueKind, FType> = { text: 'text', uuid: 'text', int: 'int', float: 'float', bool: 'bool', timestamptz: 'ts', timestamp: 'ts', date: 'date', json: 'json' };

export const notAllowed = (what: string, hint?: string) =>
  new PgError(SqlStates.feature_not_supported, `${what} is not allowed in a topic filter`, {
    hint: hint ?? 'A filter uses the topic\'s columns, constants, comparisons, AND/OR/NOT, IN, BETWEEN, IS NULL, LIKE, arithmetic, casts, ->/->> and lower/upper/length/starts_with.',
  });
export const noOperator = (op: string, l: FType, r: FType) =>
  new PgError(SqlStates.undefined_function, `operator does not exist: ${typeNames[l]} ${op} ${typeNames[r]}`, { hint: 'Cast one side so both have the same type.' });


/** Give an untyped literal the type its context needs (Postgres's `unknown` resolution). */
export function coerce(e: Expr, to: FType): Expr {
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

export const toBool = (e: Expr) => coerce(e, 'bool');

export function boolArg(e: Expr, op: string): Expr {
  const b = e.type === 'unknown' ? toBool(e) : e;
  if (b.type !== 'bool' && b.type !== 'null') throw new PgError(SqlStates.datatype_mismatch, `argument of ${op} must be type boolean, not type ${typeNames[b.type]}`);
  return b;
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

export const comparisons: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '>=': (c) => c >= 0,
};

export function compare(l: Expr, r: Expr, op: string): Expr {
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

/** AND (or, with `op` 'OR', OR) of boolean expressions in SQL's three-valued logic. */
export function boolExprOf(args: Expr[], op: 'AND' | 'OR' = 'AND'): Expr {
  // The value that decides the result on its own: false for AND, true for OR.
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

function numeric(e: Expr, op: string, other: FType): Expr {
  const n = e.type === 'unknown' ? coerce(e, 'float') : e;
  if (n.type !== 'int' && n.type !== 'float' && n.type !== 'null') throw noOperator(op, n.type, other);
  return n;
}

export function unary(op: string, e: Expr): Expr {
  const n = numeric(e, op, e.type);
  if (op === '+') return n;
  if (op !== '-') throw notAllowed(`the prefix operator ${op}`);
  return { type: n.type, eval: (r) => (n.eval(r) === null ? null : -(n.eval(r) as number)) };
}

export function arithmetic(op: string, l: Expr, r: Expr): Expr {
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

export function textOf(v: Val): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function concat(l: Expr, r: Expr): Expr {
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

export function jsonField(l: Expr, key: Expr, op: '->' | '->>'): Expr {
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

export function like(l: Expr, p: Expr, caseless: boolean, negate: boolean): Expr {
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

