import type { ParsedStatement } from '../parse.js';
import type { AstFields } from '../ast.js';
import { planAlterTable, planRename, planSetSchema } from './alter-table.js';
import { planCreateIndex } from './create-index.js';
import { planCreateTable } from './create-table.js';
import { planDropIndex, planDropSchema, planDropTable, planDropType } from './drop.js';
import { planTruncate } from './truncate.js';
import { matchSetval, planSetval } from './setval.js';
import { PgOid } from '../../types/index.js';
import type { DdlContext, DdlProgram } from './ddl.types.js';

/** A statement jammi runs as a DDL program, with its command tag. */
export interface DdlPlan {
  tag: string;
  run: DdlProgram;
  /** Result columns, for a statement that answers rows (setval: one int8 column). */
  columns?: { name: string; oid: number }[];
  /** Whether it may change writable tables' definitions (the registry is reconciled after it commits); not setval or TRUNCATE. */
  changesTables: boolean;
}

/**
 * The DDL statements jammi translates itself (Postgres DDL that DuckDB lacks, or that needs
 * several engine statements); null for statements that go to DuckDB as they are.
 */
export function planDdl(s: ParsedStatement, ctx: DdlContext): DdlPlan | null {
  const plan = planStatement(s, ctx);
  return plan && { ...plan, changesTables: s.tag !== 'SelectStmt' && s.tag !== 'TruncateStmt' };
}

function planStatement(s: ParsedStatement, ctx: DdlContext): Omit<DdlPlan, 'changesTables'> | null {
  switch (s.tag) {
    case 'SelectStmt': {
      const setval = matchSetval(s.ast);
      return setval ? { tag: 'SELECT', run: planSetval(s.ast, ctx, setval), columns: [{ name: setval.column, oid: PgOid.int8 }] } : null;
    }
    case 'CreateStmt':
      return { tag: 'CREATE TABLE', run: planCreateTable(s.ast, ctx) };
    case 'IndexStmt':
      return { tag: 'CREATE INDEX', run: planCreateIndex(s.ast, ctx) };
    case 'AlterTableStmt':
      return (s.ast.AlterTableStmt as AstFields).objtype === 'OBJECT_TABLE' ? { tag: 'ALTER TABLE', run: planAlterTable(s.ast, ctx) } : null;
    case 'RenameStmt': {
      const run = planRename(s.ast, ctx);
      return run ? { tag: (s.ast.RenameStmt as AstFields).renameType === 'OBJECT_INDEX' ? 'ALTER INDEX' : 'ALTER TABLE', run } : null;
    }
    case 'AlterObjectSchemaStmt': {
      const run = planSetSchema(s.ast, ctx);
      return run ? { tag: 'ALTER TABLE', run } : null;
    }
    case 'TruncateStmt':
      return { tag: 'TRUNCATE TABLE', run: planTruncate(s.ast, ctx) };
    case 'DropStmt': {
      const kind = (s.ast.DropStmt as AstFields).removeType as string;
      if (kind === 'OBJECT_TABLE') return { tag: 'DROP TABLE', run: planDropTable(s.ast, ctx) };
      if (kind === 'OBJECT_INDEX') return { tag: 'DROP INDEX', run: planDropIndex(s.ast, ctx) };
      if (kind === 'OBJECT_SCHEMA') return { tag: 'DROP SCHEMA', run: planDropSchema(s.ast, ctx) };
      if (kind === 'OBJECT_TYPE') return { tag: 'DROP TYPE', run: planDropType(s.ast, ctx) };
      return null;
    }
    default:
      return null;
  }
}
