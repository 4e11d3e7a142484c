import { parseSync } from 'libpg-query';
import { type AstPath, traverse } from '../ast-traverse.js';
import { CATALOG_FUNCTIONS, CATALOG_LIST_FUNCTIONS, catalogFunctionName } from '../../pg-catalog/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

const str = (sval: string): AstNode => ({ String: { sval } });

/** `SELECT *, row_number() OVER () FROM f()`: a function's rows WITH ORDINALITY (parsed on first use: the parser loads at start). */
let numbered: AstNode | null = null;
const numberedTemplate = (): AstNode => (numbered ??= (parseSync('SELECT *, row_number() OVER () FROM f()') as { stmts: { stmt: AstNode }[] }).stmts[0].stmt);

/**
 * Postgres's catalog functions (`format_type`, `pg_get_expr`, `pg_table_is_visible`,
 * `obj_description`, `has_table_privilege`, …, and information_schema's `_pg_expandarray`)
 * are macros over the emulated catalog (src/pg-catalog/catalog-functions.ts): a call, written
 * `pg_catalog.f(…)` or `f(…)`, is routed there. Any other `pg_catalog.f(…)` loses its
 * qualifier, so DuckDB and the later rewrites see the built-in by its plain name.
 */
export const rewriteCatalogFunctions: Rewrite = (stmt, ctx) => {
  let changed = false;
  const route = (fn: AstFields, key: 'funcname') => {
    const names = nameList(fn[key] as AstNode[] | undefined);
    const name = names[names.length - 1];
    const qualifier = names.length === 2 ? names[0] : undefined;
    if (names.length > 2 || (qualifier && qualifier !== 'pg_catalog' && qualifier !== 'information_schema')) return;
    if (CATALOG_FUNCTIONS.has(name) && (qualifier !== 'information_schema' || name.startsWith('_pg_'))) {
      fn[key] = catalogFunctionName(name).map(str);
      ctx.catalog = true;
      changed = true;
    } else if (qualifier === 'pg_catalog') {
      fn[key] = [str(name)];
      changed = true;
    }
  };
  traverse(stmt, {
    RangeFunction(path: AstPath) {
      const rf = path.node as AstFields;
      if (!rf.ordinality) return;
      const call = (((rf.functions ?? []) as AstNode[])[0]?.List?.items as AstNode[] | undefined)?.[0]?.FuncCall as AstFields | undefined;
      const names = nameList(call?.funcname as AstNode[] | undefined);
      if (!call || !CATALOG_FUNCTIONS.has(names[names.length - 1]) || (names.length === 2 && names[0] !== 'pg_catalog' && names[0] !== 'information_schema')) return;
      // DuckDB numbers the rows of a table function, not of a table macro: the numbering is spelled out.
      const sub = structuredClone(numberedTemplate());
      (sub.SelectStmt!.fromClause as AstNode[])[0].RangeFunction!.functions = rf.functions;
      replaceNode(path, { RangeSubselect: { lateral: true, subquery: sub, alias: rf.alias } });
      changed = true;
    },
    FuncCall(path: AstPath) {
      const fn = path.node as AstFields;
      const names = nameList(fn.funcname as AstNode[] | undefined);
      const asList = CATALOG_LIST_FUNCTIONS[names[names.length - 1]];
      // information_schema's `_pg_*` helpers are found under that schema (pgJDBC qualifies `_pg_expandarray`).
      const schemaOk = names.length === 1 || names[0] === 'pg_catalog' || (names[0] === 'information_schema' && names[1].startsWith('_pg_'));
      if (asList && schemaOk && path.parent?.tag !== 'RangeFunction' && path.parent?.parent?.tag !== 'RangeFunction') {
        replaceNode(path, funcCall(['unnest'], [funcCall(catalogFunctionName(asList), (fn.args ?? []) as AstNode[])]));
        ctx.catalog = true;
        changed = true;
        return;
      }
      route(fn, 'funcname');
    },
  });
  return { stmt, changed };
};
