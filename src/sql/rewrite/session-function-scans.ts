import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import { builtinName } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * The session functions (and version()) that rewriteSessionFunctions and rewriteVersionFunction
 * replace by a constant, by name and argument count.
 */
const SCALAR_FUNCTIONS = new Set(['current_schema/0', 'current_database/0', 'current_schemas/1', 'current_setting/1', 'current_setting/2', 'pg_backend_pid/0', 'version/0']);

/**
 * `SELECT * FROM current_schema()` (TypeORM), `FROM version()`: Postgres reads a scalar function
 * in FROM as a one-row relation whose one column is named by the alias's column list, else the
 * alias, else the function. The later rewrites turn the call into a literal, which DuckDB would
 * read as a table name, so the call becomes `(SELECT f() AS col) AS alias` first.
 * Runs before rewriteVersionFunction and rewriteSessionFunctions, which then replace the call.
 */
export const rewriteSessionFunctionScans: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    RangeFunction(path: AstPath) {
      const rf = path.node;
      const fns = rf.functions as AstNode[] | undefined;
      if (rf.ordinality || rf.is_rowsfrom || rf.coldeflist || fns?.length !== 1) return;
      const [call, coldefs] = (fns[0].List?.items ?? []) as AstNode[];
      const f = call?.FuncCall;
      if (!f || (coldefs && Object.keys(coldefs).length > 0) || f.agg_star || f.over) return;
      const name = builtinName(f.funcname as AstNode[]);
      if (!name || !SCALAR_FUNCTIONS.has(`${name}/${(f.args as unknown[] | undefined)?.length ?? 0}`)) return;
      const alias = rf.alias as AstFields | undefined;
      const aliasName = (alias?.aliasname as string | undefined) ?? name;
      const column = ((alias?.colnames as AstNode[] | undefined)?.[0]?.String?.sval as string | undefined) ?? aliasName;
      const subquery = { SelectStmt: { targetList: [{ ResTarget: { name: column, val: call, location: -1 } }], limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE' } };
      path.replaceWith({ RangeSubselect: { lateral: rf.lateral, subquery, alias: { aliasname: aliasName } } });
      changed = true;
      return false;
    },
  });
  return { stmt, changed };
};
