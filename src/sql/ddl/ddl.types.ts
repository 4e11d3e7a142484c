import type { PgError } from '../../errors/index.js';
import type { AstNode } from '../ast.js';
import type { NameResolver } from '../resolver.js';
import type { TableMeta } from './table-meta.js';

/**
 * The engine as a DDL program sees it: statements run inside the transaction the session
 * opened for the program (its own, or the client's transaction block).
 */
export interface DdlEngine {
  run(sql: string): Promise<void>;
  /** The rows of a query whose columns are all text (the query casts them). */
  rows(sql: string): Promise<(string | null)[][]>;
}

/** What a DDL program reports besides success: notices for the client (`… already exists, skipping`). */
export interface DdlOutcome {
  notices: PgError[];
  /** Result rows, for a DDL statement that answers some (setval). */
  rows?: unknown[][];
  /** Tables renamed or moved to another schema (DuckDB schema names): their registry entries keep their ids. */
  renamed?: TableRename[];
}

/** A table's old and new place, by DuckDB schema name (`main` for public). */
export interface TableRename {
  from: { schema: string; table: string };
  to: { schema: string; table: string };
}

/** A DDL statement compiled to engine work: several statements, possibly depending on what the engine holds. */
export type DdlProgram = (db: DdlEngine) => Promise<DdlOutcome>;

/** What the DDL planner needs from the planner around it. */
export interface DdlContext {
  resolver: NameResolver;
  /** A statement AST (owned by the caller) as DuckDB SQL, after jammi's DDL rewrites (names, types). */
  engineSql(ast: AstNode): string;
  /** A query AST as DuckDB SQL, after every rewrite a query gets (Postgres's functions and semantics). */
  querySql(ast: AstNode): string;
  /** The committed DDL records of writable tables. */
  meta: MetaReader;
}

/** Read access to the committed DDL records (schema as DuckDB names it: `main` for public). */
export interface MetaReader {
  get(schema: string, table: string): TableMeta | undefined;
  all(): Iterable<TableMeta>;
}
