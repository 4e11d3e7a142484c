/**
 * Test support for the DDL planner: a DDL context over the fake resolver and jammi's real
 * rewrites, records to seed it with, and an engine that records the statements a program
 * runs (answering its catalog reads from a script).
 */
import { deparseSync } from 'pgsql-deparser';
import { fakeResolver } from './sql.js';
import type { AstNode } from '../../src/sql/ast.js';
import { ddlRewrites, rewrites } from '../../src/sql/rewrite/index.js';
import type { DdlContext, DdlEngine, MetaReader } from '../../src/sql/ddl/ddl.types.js';
import type { TableMeta } from '../../src/sql/ddl/table-meta.js';

/** A reader over the given records. */
export function metaReader(...metas: TableMeta[]): MetaReader {
  return { get: (s, t) => metas.find((m) => m.schema === s && m.table === t), all: () => metas };
}

const run = (list: typeof rewrites, ast: AstNode, reader: MetaReader) => {
  let stmt = structuredClone(ast);
  for (const rw of list) stmt = rw(stmt, { resolver: { ...fakeResolver(), tableDdl: reader }, dynamic: false }).stmt;
  return deparseSync(stmt, { pretty: false });
};

/** A DDL context as plan.ts builds one, over the fake resolver and the given records. */
export function testContext(...metas: TableMeta[]): DdlContext {
  const reader = metaReader(...metas);
  return { resolver: { ...fakeResolver(), tableDdl: reader }, meta: reader, engineSql: (ast) => run(ddlRewrites, ast, reader), querySql: (ast) => run(rewrites, ast, reader) };
}

/** An engine that records what a program runs; reads answer from `answers` (first whose key the query contains), else no rows. */
export function recordingEngine(answers: Record<string, (string | null)[][]> = {}): DdlEngine & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    run: async (sql) => void statements.push(sql),
    rows: async (sql) => Object.entries(answers).find(([k]) => sql.includes(k))?.[1] ?? [],
  };
}
