import type { ParsedStatement } from '../parse.js';
import { planCreateTable } from './create-table.js';
import type { DdlContext, DdlProgram } from './ddl.types.js';

/** A statement jammi runs as a DDL program, with its command tag. */
export interface DdlPlan {
  tag: string;
  run: DdlProgram;
}

/**
 * The DDL statements jammi translates itself (Postgres DDL that DuckDB lacks, or that needs
 * several engine statements); null for statements that go to DuckDB as they are.
 */
export function planDdl(s: ParsedStatement, ctx: DdlContext): DdlPlan | null {
  switch (s.tag) {
    case 'CreateStmt':
      return { tag: 'CREATE TABLE', run: planCreateTable(s.ast, ctx) };
    default:
      return null;
  }
}
