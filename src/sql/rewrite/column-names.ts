import { type AstPath, traverse } from '../ast-traverse.js';
import { type AstFields, type AstNode, nameList, tagOf } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/** How sure the name is (Postgres's "strength"): 2 from a column or function, 1 from a construct, 0 a fallback. */
type Named = [name: string | null, strength: number];

const sqlValueNames: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'current_user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

/**
 * Postgres's FigureColnameInternal: the name a result column gets when the query gives none.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/parser/parse_target.c
 */
export function figureColname(node: AstNode | undefined): Named {
  if (!node) return [null, 0];
  const tag = tagOf(node);
  const f: AstFields = node[tag];
  switch (tag) {
    case 'ColumnRef': {
      const fields = (f.fields ?? []) as AstNode[];
      const last = fields[fields.length - 1];
      return last?.String ? [last.String.sval as string, 2] : [null, 0];
    }
    case 'A_Indirection': {
      const ind = (f.indirection ?? []) as AstNode[];
      for (let i = ind.length - 1; i >= 0; i--) if (ind[i].String) return [ind[i].String.sval as string, 2];
      return figureColname(f.arg as AstNode);
    }
    case 'FuncCall': {
      const names = nameList(f.funcname as AstNode[]);
      return [names[names.length - 1], 2];
    }
    case 'A_Expr':
      return f.kind === 'AEXPR_NULLIF' ? ['nullif', 2] : [null, 0];
    case 'TypeCast': {
      const inner = figureColname(f.arg as AstNode);
      if (inner[1] > 1) return inner;
      const tn = nameList(f.typeName?.names as AstNode[]);
      return tn.length ? [tn[tn.length - 1], 1] : inner;
    }
    case 'CollateClause':
      return figureColname(f.arg as AstNode);
    case 'GroupingFunc':
      return ['grouping', 2];
    case 'SubLink':
      if (f.subLinkType === 'EXISTS_SUBLINK') return ['exists', 2];
      if (f.subLinkType === 'ARRAY_SUBLINK') return ['array', 2];
      if (f.subLinkType === 'EXPR_SUBLINK') {
        const t = (f.subselect?.SelectStmt?.targetList?.[0] as AstNode | undefined)?.ResTarget;
        if (t?.name) return [t.name as string, 2];
        return figureColname(t?.val as AstNode);
      }
      return [null, 0];
    case 'CaseExpr': {
      const d = figureColname(f.defresult as AstNode);
      return d[1] > 1 ? d : ['case', 1];
    }
    case 'A_ArrayExpr':
      return ['array', 1];
    case 'RowExpr':
      return ['row', 1];
    case 'CoalesceExpr':
      return ['coalesce', 1];
    case 'MinMaxExpr':
      return [f.op === 'IS_GREATEST' ? 'greatest' : 'least', 1];
    case 'SQLValueFunction':
      return [sqlValueNames[f.op as string] ?? null, 1];
    case 'XmlExpr':
      return ['xmlconcat', 1];
    default:
      return [null, 0];
  }
}

/**
 * Give every unnamed select-list entry the name Postgres would give it (`?column?`,
 * `count`, `case`, the cast's type…), so RowDescription matches Postgres. Plain column
 * references keep their names already and are left alone.
 */
export const nameResultColumns: Rewrite = (stmt) => {
  let changed = false;
  traverse(stmt, {
    ResTarget(path: AstPath) {
      const parent = path.parent;
      const key = path.keyPath[path.keyPath.length - 2];
      const isSelectList = parent?.tag === 'SelectStmt' && key === 'targetList';
      const isReturning = parent?.tag === 'ReturningClause' && key === 'exprs';
      if (!isSelectList && !isReturning) return;
      const t = path.node as AstFields;
      if (t.name || !t.val) return;
      const val = t.val as AstNode;
      // DuckDB binds an alias named like current_date to the keyword itself and fails, so those keep DuckDB's name.
      if (val.ColumnRef || val.SQLValueFunction) return;
      const [name] = figureColname(val);
      t.name = name ?? '?column?';
      changed = true;
    },
  });
  return { stmt, changed };
};
