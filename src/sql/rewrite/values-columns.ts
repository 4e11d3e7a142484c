import { type AstPath, traverse } from '../ast-traverse.js';
import type { AstFields, AstNode } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

const columnNames = (n: number): AstNode[] => Array.from({ length: n }, (_, i) => ({ String: { sval: `column${i + 1}` } }));

const width = (select: AstFields): number => ((select.valuesLists?.[0] as AstNode | undefined)?.List?.items?.length as number | undefined) ?? 0;

/**
 * Postgres names VALUES columns `column1, column2, …`; DuckDB says `col0, col1, …`.
 * A VALUES in FROM without column aliases gets them; a bare VALUES statement becomes
 * `SELECT * FROM (VALUES …) AS "*VALUES*"(column1, …)`, which is how Postgres labels it.
 */
export const nameValuesColumns: Rewrite = (stmt) => {
  let changed = false;
  let out = stmt;
  const top = stmt.SelectStmt as AstFields | undefined;
  if (top?.valuesLists && width(top) > 0) {
    out = {
      SelectStmt: {
        targetList: [{ ResTarget: { val: { ColumnRef: { fields: [{ A_Star: {} }] } } } }],
        fromClause: [{ RangeSubselect: { subquery: { SelectStmt: top }, alias: { aliasname: '*VALUES*', colnames: columnNames(width(top)) } } }],
        limitOption: 'LIMIT_OPTION_DEFAULT',
        op: 'SETOP_NONE',
      },
    };
    changed = true;
  }
  traverse(out, {
    RangeSubselect(path: AstPath) {
      const f = path.node as AstFields;
      const sub = (f.subquery as AstNode | undefined)?.SelectStmt as AstFields | undefined;
      if (!sub?.valuesLists || f.alias?.colnames || !f.alias) return;
      f.alias.colnames = columnNames(width(sub));
      changed = true;
    },
  });
  return { stmt: out, changed };
};
