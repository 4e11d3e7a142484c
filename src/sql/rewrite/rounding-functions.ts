import { type AstPath, traverse } from '../ast-traverse.js';
import { pgFunctionName } from '../../engine/index.js';
import type { AstFields, AstNode } from '../ast.js';
import { containsAggregate } from './aggregate-calls.js';
import { builtinName, funcCall, replaceNode } from './ast-build.js';
import { castTo } from './numeric-literals.js';
import { isQueryStatement } from './query-statement.js';
import type { Rewrite } from './rewrite.types.js';

/** DuckDB's widest DECIMAL. */
const MAX_PRECISION = 38;

/**
 * round and trunc as Postgres's: `round(x, n)` and `trunc(x, n)` are numerics with exactly n
 * decimals (round(2.5, 2) is 2.50; DuckDB keeps 2.5), and `round(x)` of a float rounds half to
 * even (round(2.5::float8) is 2; DuckDB: 3) through a macro dispatching on x's type.
 * @see https://www.postgresql.org/docs/15/functions-math.html
 */
export const rewriteRoundingFunctions: Rewrite = (stmt) => {
  if (!isQueryStatement(stmt)) return { stmt, changed: false };
  let changed = false;
  const done = new WeakSet<AstFields>();
  traverse(stmt, {
    FuncCall(path: AstPath) {
      const f = path.node as AstFields;
      const name = builtinName(f.funcname as AstNode[]);
      const args = (f.args ?? []) as AstNode[];
      if ((name !== 'round' && name !== 'trunc') || done.has(f) || f.over) return;
      if (args.length === 2) {
        const n = args[1].A_Const;
        if (!n || n.ival === undefined || Number(n.ival.ival ?? 0) < 0) return;
        done.add(f);
        replaceNode(path, castTo({ FuncCall: f }, 'numeric', [MAX_PRECISION, Number(n.ival.ival ?? 0)]));
        changed = true;
      } else if (args.length === 1 && name === 'round' && !containsAggregate(args[0])) {
        replaceNode(path, funcCall(pgFunctionName('round'), [args[0], structuredClone(args[0])]));
        changed = true;
      }
    },
  });
  return { stmt, changed };
};
