import { type AstPath, traverse } from '../ast-traverse.js';
import { catalogFunctionName } from '../../pg-catalog/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import { funcCall, replaceNode } from './ast-build.js';
import type { Rewrite } from './rewrite.types.js';

/** The reg* types and the macro family that reads and prints each (src/pg-catalog/catalog-functions.ts). */
const families: Record<string, string> = {
  regclass: 'regclass',
  regtype: 'regtype',
  regproc: 'regproc',
  regprocedure: 'regproc',
  regnamespace: 'regnamespace',
  regrole: 'regrole',
};

/** Casts whose target is text: `x::regclass::text` prints the name. */
const textTypes = new Set(['text', 'varchar', 'name', 'bpchar']);
/** Casts to a number: `x::regclass::oid` is the OID. */
const numberTypes = new Set(['oid', 'int4', 'int8', 'bigint', 'integer']);
/** Catalog columns that hold names, so a cast of one to a reg* type reads a name, not an OID. */
const nameColumns = new Set(['relname', 'tablename', 'indexname', 'viewname', 'sequencename', 'nspname', 'schemaname', 'typname', 'proname', 'conname', 'table_name', 'attname']);

const castType = (cast: AstFields | undefined): string | undefined => {
  const names = nameList(cast?.typeName?.names as AstNode[] | undefined);
  return names[names.length - 1];
};

/** Whether an expression gives a name (text) rather than an OID. */
function isText(e: AstNode): boolean {
  if (e.A_Const) return e.A_Const.sval !== undefined;
  if (e.ParamRef) return true;
  if (e.TypeCast) return textTypes.has(castType(e.TypeCast) ?? '');
  if (e.FuncCall) return true;
  if (e.A_Expr) return true;
  const fields = nameList(e.ColumnRef?.fields as AstNode[] | undefined);
  return nameColumns.has(fields[fields.length - 1] ?? '');
}

const call = (name: string, arg: AstNode) => funcCall(catalogFunctionName(name), [arg]);
const asBigint = (e: AstNode): AstNode => ({ TypeCast: { arg: e, typeName: { names: [{ String: { sval: 'bigint' } }], typemod: -1 }, location: -1 } });

/**
 * Casts to the reg* OID alias types (`'users'::regclass`, `c.reloftype::regtype::text`,
 * `typinput = 'array_in'::regproc`), which DuckDB lacks, become the catalog macros: a name read
 * as its OID, an OID printed as its name. What a cast yields depends on where it stands, as the
 * value is used: as text under a text cast and as a top-level output column (Postgres prints a
 * reg* value as the name), as the OID elsewhere (comparisons with OID columns). regproc values
 * are names, since catalog columns of that type hold names.
 */
export const rewriteRegCasts: Rewrite = (stmt, ctx) => {
  let changed = false;
  const topLevel = new Set<AstFields>();
  for (const t of (stmt.SelectStmt?.targetList ?? []) as AstNode[]) {
    const val = t.ResTarget?.val as AstNode | undefined;
    if (val?.TypeCast) topLevel.add(val.TypeCast as AstFields);
  }
  traverse(stmt, {
    TypeCast(path: AstPath) {
      const cast = path.node as AstFields;
      const family = families[castType(cast) ?? ''];
      if (!family || (cast.typeName as AstFields).arrayBounds) return;
      const arg = cast.arg as AstNode;
      const parent = path.parent?.tag === 'TypeCast' ? (path.parent.node as AstFields) : undefined;
      const parentType = castType(parent);
      const wantsText = (parentType !== undefined && textTypes.has(parentType)) || topLevel.has(cast);
      const wantsNumber = parentType !== undefined && numberTypes.has(parentType);
      let out: AstNode;
      if (family === 'regproc' && !wantsNumber) {
        out = isText(arg) ? call('_regproc_name', arg) : call('_regproc_out', asBigint(arg));
      } else {
        const oid = isText(arg) ? call(`_${family}_in`, arg) : asBigint(arg);
        out = wantsText ? call(`_${family}_out`, oid) : oid;
      }
      replaceNode(path, out);
      ctx.catalog = true;
      changed = true;
    },
  });
  return { stmt, changed };
};
