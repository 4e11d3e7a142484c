import { PgError, SqlStates } from '../errors/index.js';
import { TOPICS_SCHEMA, USER_CATALOG } from '../engine/index.js';
import { type AdminArg, argOf } from './admin-functions.js';
import { type AstFields, type AstNode, nameList } from './ast.js';
import { type AstPath, traverse } from './ast-traverse.js';
import { isWriteTarget } from './rewrite/scope.js';

/**
 * An `INSERT INTO topics."<name>"`: a publish. The rows are either a VALUES list of constants
 * and parameters (read without the engine) or a query whose rows DuckDB computes.
 */
export interface TopicInsert {
  topic: string;
  /** The target columns as listed, or null for all of the topic's columns in order. */
  columns: string[] | null;
  /** VALUES rows of constants and `$n` parameters. */
  values: AdminArg[][] | null;
  /** Otherwise the SELECT (or VALUES with expressions) producing the rows. */
  query: AstNode | null;
  /** RETURNING column names (`*` for all), or null. */
  returning: string[] | null;
}

const inTopics = (rv: AstFields | undefined) => rv?.schemaname === TOPICS_SCHEMA && (!rv.catalogname || rv.catalogname === USER_CATALOG);
const appendOnly = (what: string) =>
  new PgError(SqlStates.wrong_object_type, `cannot ${what}: topic logs are append-only`, { hint: 'Publish with INSERT or jammi.publish(topic, payload); drop a topic with jammi.drop_topic(name).' });
const schemaDenied = () =>
  new PgError(SqlStates.insufficient_privilege, `permission denied for schema ${TOPICS_SCHEMA}`, { detail: `Schema "${TOPICS_SCHEMA}" holds topic logs.`, hint: 'Create a topic with jammi.create_topic(name, columns).' });

const verbs: Record<string, string> = { UpdateStmt: 'update', DeleteStmt: 'delete from', MergeStmt: 'merge into', TruncateStmt: 'truncate', AlterTableStmt: 'alter', RenameStmt: 'rename', IndexStmt: 'create an index on', LockStmt: 'lock', AlterObjectSchemaStmt: 'move' };
const creators = new Set(['CreateStmt', 'IntoClause', 'CreateTableAsStmt', 'ViewStmt', 'CreateSeqStmt']);

/**
 * Statements on schema `topics`: an INSERT into a topic's log is a publish (returned); any
 * other write to a log, and creating or dropping objects there, is refused (thrown). Null
 * for statements that do not write there (reads of a log go to DuckDB as usual).
 */
export function matchTopicStatement(stmt: AstNode): TopicInsert | null {
  guardNamed(stmt);
  const insert = stmt.InsertStmt;
  if (insert && inTopics(insert.relation)) return topicInsert(insert);
  traverse(stmt, {
    RangeVar(path: AstPath) {
      const rv = path.node as AstFields;
      if (!inTopics(rv) || !isWriteTarget(path)) return;
      const parent = path.parent!.tag;
      const name = `${TOPICS_SCHEMA}."${String(rv.relname)}"`;
      if (creators.has(parent)) throw schemaDenied();
      if (parent === 'InsertStmt') throw new PgError(SqlStates.feature_not_supported, `an INSERT into ${name} must be a statement of its own`);
      if (parent === 'CopyStmt') throw new PgError(SqlStates.feature_not_supported, `COPY into ${name} is not supported`, { hint: 'Publish with INSERT or jammi.publish(topic, payload).' });
      throw appendOnly(`${verbs[parent] ?? 'write to'} ${name}`);
    },
  });
  return null;
}

/** DROP / COMMENT / CREATE SCHEMA name the log or the schema without a RangeVar. */
function guardNamed(stmt: AstNode): void {
  const drop = stmt.DropStmt;
  if (drop) {
    for (const obj of (drop.objects ?? []) as AstNode[]) {
      if (drop.removeType === 'OBJECT_SCHEMA' && obj.String?.sval === TOPICS_SCHEMA) throw schemaDenied();
      const names = nameList(obj.List?.items as AstNode[]);
      const schema = names.length === 3 && names[0] === USER_CATALOG ? names[1] : names.length === 2 ? names[0] : undefined;
      if (schema === TOPICS_SCHEMA) throw appendOnly(`drop ${TOPICS_SCHEMA}."${names.at(-1)}"`);
    }
  }
  if (stmt.CreateSchemaStmt?.schemaname === TOPICS_SCHEMA) throw schemaDenied();
}

function topicInsert(f: AstFields): TopicInsert {
  const topic = String(f.relation.relname);
  const unsupported = (what: string) => new PgError(SqlStates.feature_not_supported, `${what} in an INSERT into ${TOPICS_SCHEMA}."${topic}" is not supported`);
  if (f.onConflictClause) throw unsupported('ON CONFLICT');
  if (f.withClause) throw unsupported('WITH');
  if (f.override && f.override !== 'OVERRIDING_NOT_SET') throw unsupported('OVERRIDING');
  if (f.relation.alias) throw unsupported('an alias');
  const columns = f.cols ? (f.cols as AstNode[]).map((c) => String(c.ResTarget.name)) : null;
  if ((f.cols as AstNode[] | undefined)?.some((c) => c.ResTarget.indirection)) throw unsupported('a subscripted or field target column');
  const select = f.selectStmt?.SelectStmt as AstFields | undefined;
  if (!select) throw unsupported('DEFAULT VALUES');
  let values: AdminArg[][] | null = null;
  const lists = select.valuesLists as AstNode[] | undefined;
  if (lists && Object.keys(select).every((k) => ['valuesLists', 'limitOption', 'op'].includes(k))) {
    const rows = lists.map((l) => ((l.List?.items ?? []) as AstNode[]).map(argOf));
    if (rows.every((r) => r.every((a) => a !== null))) values = rows as AdminArg[][];
  }
  return { topic, columns, values, query: values ? null : { SelectStmt: select }, returning: returningOf(f, unsupported) };
}

function returningOf(f: AstFields, unsupported: (what: string) => PgError): string[] | null {
  const exprs = ((f.returningClause?.exprs ?? f.returningList) as AstNode[] | undefined) ?? [];
  if (exprs.length === 0) return null;
  return exprs.map((e) => {
    const target = e.ResTarget;
    const fields = target?.val?.ColumnRef?.fields as AstNode[] | undefined;
    if (!fields || fields.length !== 1 || target.name) throw unsupported('RETURNING anything but column names and *');
    return fields[0].A_Star ? '*' : String(fields[0].String?.sval);
  });
}
