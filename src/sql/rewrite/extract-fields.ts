import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import { type AstFields, type AstNode, constValue, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** Postgres's spellings of each extract field, keyed by the name DuckDB's datepart knows. */
const fieldSpellings: Record<string, readonly string[]> = {
  microseconds: ['microseconds', 'microsecond', 'microsecon', 'us', 'usec', 'usecs', 'useconds'],
  milliseconds: ['milliseconds', 'millisecond', 'millisecon', 'ms', 'msec', 'msecs', 'mseconds'],
  second: ['second', 'seconds', 's', 'sec', 'secs'],
  minute: ['minute', 'minutes', 'm', 'min', 'mins'],
  hour: ['hour', 'hours', 'h', 'hr', 'hrs'],
  day: ['day', 'days', 'd'],
  month: ['month', 'months', 'mon', 'mons'],
  quarter: ['quarter', 'qtr'],
  year: ['year', 'years', 'y', 'yr', 'yrs'],
  decade: ['decade', 'decades', 'dec', 'decs'],
  century: ['century', 'centuries', 'c', 'cent'],
  millennium: ['millennium', 'millennia', 'mil', 'mils', 'millenniums'],
  week: ['week', 'weeks', 'w'],
  dow: ['dow'],
  isodow: ['isodow'],
  doy: ['doy'],
  isoyear: ['isoyear'],
  julian: ['julian', 'j'],
  epoch: ['epoch'],
  timezone: ['timezone'],
  timezone_hour: ['timezone_h', 'timezone_hour'],
  timezone_minute: ['timezone_m', 'timezone_minute'],
};
const canonicalField = new Map(Object.entries(fieldSpellings).flatMap(([name, spellings]) => spellings.map((s) => [s, name] as const)));

const call = (name: string, args: AstNode[]): AstNode => ({ FuncCall: { funcname: pgFunctionName(name).map((sval) => ({ String: { sval } })), args, funcformat: 'COERCE_EXPLICIT_CALL', location: -1 } });

/** The exact-numeric expression Postgres 15's `extract(field FROM x)` computes. */
function extractExpr(field: string, x: AstNode): AstNode {
  if (field === 'epoch') return call('extract_epoch', [x]);
  if (field === 'second') return call('extract_second', [x]);
  if (field === 'milliseconds') return call('extract_millisecond', [x]);
  return call('extract_int', [{ A_Const: { sval: { sval: field }, location: -1 } }, x]);
}

/**
 * Since Postgres 14 `extract` returns numeric (`extract(epoch FROM ts)` is
 * `1704067200.000000`, seconds keep their fraction), while `date_part` stays float8. DuckDB's
 * datepart returns bigint and drops fractional seconds. Both become compatibility macros
 * with Postgres's result types when the field is a constant (it always is for `extract`).
 * @see https://www.postgresql.org/docs/15/functions-datetime.html#FUNCTIONS-DATETIME-EXTRACT
 */
export const rewriteExtractFields: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const names = nameList(f.funcname as AstNode[]);
      const name = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog') ? names[names.length - 1] : '';
      if (name !== 'extract' && name !== 'date_part') return;
      const args = (f.args as AstNode[] | undefined) ?? [];
      const fieldText = constValue(args[0]);
      if (args.length !== 2 || typeof fieldText !== 'string') return;
      const field = canonicalField.get(fieldText.toLowerCase());
      if (!field) return;
      const exact = extractExpr(field, args[1]);
      const replacement: AstNode =
        name === 'extract' ? exact : { TypeCast: { arg: exact, typeName: { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'float8' } }], typemod: -1, location: -1 }, location: -1 } };
      const slot = path.container?.[path.containerKey as string | number];
      path.replaceWith(slot && typeof slot === 'object' && 'FuncCall' in slot ? replacement : Object.values(replacement)[0]);
      changed = true;
    },
  });
  return { stmt, changed };
};
