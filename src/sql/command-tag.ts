import type { AstFields } from './ast.js';

/** DROP/CREATE object kinds as Postgres names them in command tags. */
const objectNames: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_INDEX: 'INDEX',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_TYPE: 'TYPE',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_COLUMN: 'COLUMN',
  OBJECT_MACRO: 'FUNCTION',
};

/**
 * The verb of the CommandComplete tag Postgres sends for a statement (the row count is
 * added by the executor where Postgres adds one).
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html (CommandComplete)
 */
export function commandTagOf(tag: string, f: AstFields): string {
  switch (tag) {
    case 'SelectStmt':
      return 'SELECT';
    case 'InsertStmt':
      return 'INSERT';
    case 'UpdateStmt':
      return 'UPDATE';
    case 'DeleteStmt':
      return 'DELETE';
    case 'MergeStmt':
      return 'MERGE';
    case 'CreateStmt':
      return 'CREATE TABLE';
    case 'CreateTableAsStmt':
      return f.objtype === 'OBJECT_MATVIEW' ? 'SELECT' : 'SELECT';
    case 'ViewStmt':
      return 'CREATE VIEW';
    case 'CreateSchemaStmt':
      return 'CREATE SCHEMA';
    case 'IndexStmt':
      return 'CREATE INDEX';
    case 'CreateSeqStmt':
      return 'CREATE SEQUENCE';
    case 'CreateEnumStmt':
      return 'CREATE TYPE';
    case 'CreateFunctionStmt':
      return 'CREATE FUNCTION';
    case 'DropStmt':
      return `DROP ${objectNames[f.removeType as string] ?? 'TABLE'}`;
    case 'AlterTableStmt':
      return f.objtype === 'OBJECT_VIEW' ? 'ALTER VIEW' : f.objtype === 'OBJECT_INDEX' ? 'ALTER INDEX' : 'ALTER TABLE';
    case 'RenameStmt':
      return `ALTER ${objectNames[f.renameType as string] === 'COLUMN' ? 'TABLE' : (objectNames[f.renameType as string] ?? 'TABLE')}`;
    case 'TruncateStmt':
      return 'TRUNCATE TABLE';
    case 'CopyStmt':
      return 'COPY';
    case 'ExplainStmt':
      return 'EXPLAIN';
    case 'CommentStmt':
      return 'COMMENT';
    case 'VariableSetStmt':
      return 'SET';
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt':
      return 'CREATE TYPE';
    case 'AlterSeqStmt':
      return 'ALTER SEQUENCE';
    case 'AlterObjectSchemaStmt':
      return `ALTER ${objectNames[f.objectType as string] ?? 'TABLE'}`;
    case 'RefreshMatViewStmt':
      return 'REFRESH MATERIALIZED VIEW';
    case 'LockStmt':
      return 'LOCK TABLE';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'AlterEnumStmt':
      return 'ALTER TYPE';
    case 'DiscardStmt':
      return 'DISCARD ALL';
    case 'VacuumStmt':
      return f.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
    default:
      return tag.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  }
}

/** Whether Postgres adds a row count to the tag (`SELECT 3`, `INSERT 0 3`, `COPY 3`). */
export function tagWithCount(verb: string, rows: number): string {
  if (verb === 'INSERT') return `INSERT 0 ${rows}`;
  if (['SELECT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'FETCH', 'MOVE'].includes(verb)) return `${verb} ${rows}`;
  return verb;
}
