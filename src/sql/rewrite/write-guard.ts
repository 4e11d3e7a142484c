import { type AstPath, traverse } from '../ast-traverse.js';
import { PgError, SqlStates } from '../../errors/index.js';
import { META_SCHEMA, PG_FUNCTIONS_CATALOG, SOURCES_CATALOG, USER_CATALOG } from '../../engine/index.js';
import type { Rewrite } from './rewrite.types.js';
import { type AstNode, nameList } from '../ast.js';
import type { NameResolver } from '../resolver.js';
import { cteNamesInScope, isWriteTarget } from './scope.js';

/** Engine catalogs that belong to jammi, never to a client. */
const internalCatalogs = new Set([SOURCES_CATALOG, PG_FUNCTIONS_CATALOG]);
const hidden = (name: string) => new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`);

/** What a write does to its target, as the refusal names it (`cannot insert into "S.t"`). */
const verbs: Record<string, string> = {
  InsertStmt: 'insert into',
  UpdateStmt: 'update',
  DeleteStmt: 'delete from',
  MergeStmt: 'merge into',
  TruncateStmt: 'truncate',
  AlterTableStmt: 'alter',
  AlterObjectSchemaStmt: 'alter',
  RenameStmt: 'rename',
  IndexStmt: 'create an index on',
  CopyStmt: 'copy into',
  LockStmt: 'lock',
  CreateTrigStmt: 'create a trigger on',
  RuleStmt: 'create a rule on',
};

/** Statements whose target is a new relation: for a source's schema that is a denied CREATE, not a write. */
const creators = new Set(['CreateStmt', 'IntoClause', 'CreateTableAsStmt', 'ViewStmt', 'CreateSeqStmt']);

const sourceReadOnly = (verb: string, name: string, source: string) =>
  new PgError(SqlStates.wrong_object_type, `cannot ${verb} "${name}": it is a source (read-only)`, { hint: `Sources change only through jammi.refresh_source('${source}') and jammi.remove_source('${source}').` });
const systemReadOnly = (name: string) => new PgError(SqlStates.insufficient_privilege, `permission denied for table ${name}`, { detail: 'System tables are read-only.' });
const sourceSchemaDenied = (schema: string) =>
  new PgError(SqlStates.insufficient_privilege, `permission denied for schema ${schema}`, { detail: `"${schema}" is a source: its schema is read-only.`, hint: 'Create tables in schema public or in a schema made with CREATE SCHEMA.' });

/** The source a schema (or `S.public`) names, if any. */
function sourceOf(rv: { catalogname?: string; schemaname?: string }, resolver: NameResolver): string | undefined {
  const schema = rv.catalogname && rv.schemaname === 'public' ? rv.catalogname : rv.schemaname;
  return schema && resolver.isSource(schema) ? schema : undefined;
}

/** A DROP/COMMENT object's name parts and the source schema they name, if any. */
function namedSource(names: string[], resolver: NameResolver): string | undefined {
  const schema = names.length === 3 && names[1] === 'public' ? names[0] : names.length === 2 ? names[0] : undefined;
  return schema && resolver.isSource(schema) ? schema : undefined;
}

const isSystemTable = (names: string[], resolver: NameResolver) =>
  (names.length === 1 || (names.length === 2 && names[0] === USER_CATALOG)) && names[names.length - 1].startsWith('_jammi_') && resolver.systemTable(names[names.length - 1]) !== null;

/** jammi's bookkeeping schema, however qualified (`_jammi_meta.x`, `jammi._jammi_meta.x`). */
const isMeta = (names: string[]) => names[0] === META_SCHEMA || (names[0] === USER_CATALOG && names[1] === META_SCHEMA);

const tableObjects = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX', 'OBJECT_SEQUENCE'];

/** DROP and COMMENT name their objects as name lists, not RangeVars. */
function guardNamedObjects(stmt: AstNode, resolver: NameResolver): void {
  const drop = stmt.DropStmt;
  const comment = stmt.CommentStmt;
  const kind = (drop?.removeType ?? comment?.objtype) as string | undefined;
  const objects: AstNode[] = drop ? ((drop.objects ?? []) as AstNode[]) : comment?.object ? [comment.object as AstNode] : [];
  const verb = drop ? 'drop' : 'comment on';
  for (const obj of objects) {
    if (kind === 'OBJECT_SCHEMA' && obj.String) {
      const schema = obj.String.sval as string;
      if (schema === META_SCHEMA) throw new PgError(SqlStates.invalid_schema_name, `schema "${schema}" does not exist`);
      if (resolver.isSource(schema)) throw sourceReadOnly(`${verb} schema`, schema, schema);
      continue;
    }
    const names = nameList(obj.List?.items as AstNode[]);
    if (internalCatalogs.has(names[0]) || isMeta(names)) throw hidden(names.join('.'));
    if (!kind || !tableObjects.includes(kind)) continue;
    const source = namedSource(names, resolver);
    if (source) throw sourceReadOnly(verb, `${source}.${names[names.length - 1]}`, source);
    if (isSystemTable(names, resolver)) throw systemReadOnly(names[names.length - 1]);
  }
}

/**
 * Refuse writes to read-only relations before anything else touches the statement: a
 * source's tables are read-only (42809 for writes, 42501 for creating objects in its schema),
 * `_jammi_*` system tables belong to jammi (42501), and jammi's bookkeeping schema does not
 * exist for clients. Changes nothing; it is in the rewrite list so it sees every RangeVar the
 * others see.
 */
export const guardWrites: Rewrite = (stmt, ctx) => {
  guardNamedObjects(stmt, ctx.resolver);
  const move = stmt.AlterObjectSchemaStmt?.newschema as string | undefined;
  if (move === META_SCHEMA) throw new PgError(SqlStates.invalid_schema_name, `schema "${move}" does not exist`);
  if (move && ctx.resolver.isSource(move)) throw sourceSchemaDenied(move);
  const typeSchema = nameList(stmt.CreateEnumStmt?.typeName as AstNode[] | undefined);
  if (typeSchema.length === 2 && ctx.resolver.isSource(typeSchema[0])) throw sourceSchemaDenied(typeSchema[0]);
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as { catalogname?: string; schemaname?: string; relname?: string };
      // The engine's catalog of source views is jammi's, not the client's: reading it directly
      // would bypass tenant filtering and writing it would break sources for everyone.
      if (internalCatalogs.has(rv.catalogname ?? '') || internalCatalogs.has(rv.schemaname ?? '')) {
        throw hidden([rv.catalogname, rv.schemaname, rv.relname].filter(Boolean).join('.'));
      }
      if (rv.schemaname === META_SCHEMA && (!rv.catalogname || rv.catalogname === USER_CATALOG)) throw hidden(`${META_SCHEMA}.${rv.relname}`);
      if (!isWriteTarget(path)) return;
      const source = sourceOf(rv, ctx.resolver);
      const parent = path.parent!.tag;
      if (source) {
        if (creators.has(parent)) throw sourceSchemaDenied(source);
        throw sourceReadOnly(verbs[parent] ?? 'write to', `${source}.${rv.relname}`, source);
      }
      const name = rv.relname ?? '';
      const schema = rv.catalogname && rv.schemaname === 'public' ? rv.catalogname : rv.schemaname;
      if ((!schema || schema === USER_CATALOG) && name.startsWith('_jammi_') && !cteNamesInScope(path).has(name) && ctx.resolver.systemTable(name)) {
        throw systemReadOnly(name);
      }
    },
  });
  return { stmt, changed: false };
};
