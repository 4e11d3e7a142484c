import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName, replaceNode, stringConst } from './ast-build.js';
import { isQueryStatement } from './query-statement.js';
import type { Rewrite } from './rewrite.types.js';

const INT4 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT8 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
/** DuckDB's widest DECIMAL. */
const MAX_PRECISION = 38;

/** A cast node to a pg_catalog type, with optional integer typmods. */
export function castTo(arg: AstNode, type: string, typmods: number[] = []): AstNode {
  const typeName: AstFields = { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: type } }], typemod: -1, location: -1 };
  if (typmods.length) typeName.typmods = typmods.map((n) => ({ A_Const: { ival: n === 0 ? {} : { ival: n }, location: -1 } }));
  return { TypeCast: { arg, typeName, location: -1 } };
}

/**
 * A numeric literal's plain digits and Postgres's display scale (`2.50E+2` is 250, scale 0;
 * `1.5e-3` is 0.0015, scale 4), or null when the text is not a finite decimal.
 */
export function plainDecimal(text: string): { digits: string; scale: number; precision: number } | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0);
  const scale = Math.max(0, frac.length - exp);
  // All digits, the point moved by the exponent, padded with zeros to `scale` decimals.
  let all = (m[2] || '0') + frac;
  let point = (m[2] || '0').length + exp;
  if (point <= 0) {
    all = '0'.repeat(1 - point) + all;
    point = 1;
  }
  if (point > all.length) all += '0'.repeat(point - all.length);
  const intPart = all.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = (all.slice(point) + '0'.repeat(scale)).slice(0, scale);
  const digits = `${m[1] === '-' ? '-' : ''}${intPart}${scale ? '.' + fracPart : ''}`;
  return { digits, scale, precision: intPart.replace(/^0$/, '').length + scale };
}

/** Whether an operand is a constant or parameter (whose type the engine infers from the other side). */
const isConstLike = (n: AstNode) => Boolean(n.A_Const || n.ParamRef);

/**
 * Literals typed as Postgres types them. An integer literal next to an operator is int4, so
 * `int2 * 2` is int4 (DuckDB: int2, and overflows at 32767). `-2147483648` is int4 and
 * integers beyond int4 int8 (DuckDB: int8 and hugeint). `1e3` and `1.5e-3` are numerics with
 * the scale they are written with (DuckDB: float8).
 * @see https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-CONSTANTS-NUMERIC
 */
export const rewriteNumericLiterals: Rewrite = (stmt) => {
  if (!isQueryStatement(stmt)) return { stmt, changed: false };
  let changed = false;
  const done = new WeakSet<AstFields>();
  traverse(stmt, {
    A_Expr(path: AstPath) {
      const f = path.node as AstFields;
      const op = f.kind === 'AEXPR_OP' && f.lexpr && f.rexpr ? builtinName(f.name as AstNode[]) : null;
      if (op !== '+' && op !== '-' && op !== '*') return;
      for (const [side, other] of [['lexpr', 'rexpr'], ['rexpr', 'lexpr']] as const) {
        const c = (f[side] as AstNode).A_Const;
        if (!c || c.ival === undefined || isConstLike(f[other] as AstNode)) continue;
        f[side] = castTo(f[side] as AstNode, 'int4');
        changed = true;
      }
    },
    A_Const(path: AstPath) {
      const c = path.node as AstFields;
      if (!c.fval || done.has(c)) return;
      const text = String(c.fval.fval);
      let replacement: AstNode | null = null;
      if (/^-?\d+$/.test(text)) {
        const v = BigInt(text);
        if (v >= INT4[0] && v <= INT4[1]) replacement = castTo({ A_Const: c }, 'int4');
        else if (v >= INT8[0] && v <= INT8[1]) replacement = castTo({ A_Const: c }, 'int8');
      } else if (/[eE]/.test(text)) {
        const d = plainDecimal(text);
        if (d && d.precision <= MAX_PRECISION) replacement = castTo(stringConst(d.digits), 'numeric', [MAX_PRECISION, d.scale]);
      }
      if (!replacement) return;
      done.add(c);
      replaceNode(path, replacement);
      changed = true;
    },
  });
  return { stmt, changed };
};
