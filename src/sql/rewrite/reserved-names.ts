import { PgError, SqlStates } from '../../errors/index.js';
import { RESERVED_PREFIX } from '../../engine/index.js';
import { type AstFields, type AstNode, nameList } from '../ast.js';
import type { Rewrite } from './rewrite.types.js';

/**
 * 42939 for a new name with jammi's prefix, as Postgres refuses `pg_` schema names:
 * `_jammi_*` names system tables, which resolve unqualified ahead of a client's table.
 */
function reserved(kind: string, name: string | undefined): void {
  if (!name?.startsWith(RESERVED_PREFIX)) return;
  throw new PgError(SqlStates.reserved_name, `unacceptable ${kind} name "${name}"`, { detail: `The prefix "${RESERVED_PREFIX}" is reserved for jammi's system tables.` });
}

const relname = (rv: AstFields | undefined) => rv?.relname as string | undefined;
const lastName = (names: AstNode[] | undefined) => nameList(names).at(-1);

/** Kinds of object a RENAME gives a new relation name to. */
const renamedRelations: Record<string, string> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'view', OBJECT_SEQUENCE: 'sequence', OBJECT_FOREIGN_TABLE: 'table' };

/** Refuse to create (or rename to) a table, view, sequence, type or schema named `_jammi_*`. Changes nothing. */
export const refuseReservedNames: Rewrite = (stmt) => {
  reserved('table', relname(stmt.CreateStmt?.relation));
  reserved('table', relname(stmt.CreateTableAsStmt?.into?.rel));
  reserved('table', relname(stmt.SelectStmt?.intoClause?.rel));
  reserved('view', relname(stmt.ViewStmt?.view));
  reserved('sequence', relname(stmt.CreateSeqStmt?.sequence));
  reserved('type', lastName(stmt.CreateEnumStmt?.typeName as AstNode[] | undefined));
  reserved('schema', stmt.CreateSchemaStmt?.schemaname as string | undefined);
  const rename = stmt.RenameStmt;
  if (rename && renamedRelations[rename.renameType as string]) reserved(renamedRelations[rename.renameType as string], rename.newname as string);
  if (rename?.renameType === 'OBJECT_SCHEMA') reserved('schema', rename.newname as string);
  return { stmt, changed: false };
};
