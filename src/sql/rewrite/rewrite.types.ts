import type { AstNode } from '../ast.js';
import type { NameResolver } from '../resolver.js';
import type { VectorSearchCall } from './vector-search.js';
import type { VectorIndexScan } from './vector-index-scan.js';

/**
 * What a statement may read of the session it runs in. The values change (SET, another
 * session), so a rewrite that reads one marks the statement dynamic: it is rewritten again
 * at every execution and its plan is never cached.
 */
export interface SessionView {
  /** A setting's current value, or undefined for an unknown name. */
  setting(name: string): string | undefined;
  /** The role the session authenticated as (current_user, session_user). */
  user(): string;
  /** The database name the client connected with (current_database()). */
  database(): string;
  /** The backend process id the client was given in BackendKeyData (pg_backend_pid()). */
  backendPid(): number;
}

export interface RewriteContext {
  resolver: NameResolver;
  /** Set by rewrites whose output depends on catalog or session state at execution time. */
  dynamic: boolean;
  /** The session's values, when planning for one (unit tests of other rewrites omit it). */
  session?: SessionView;
  /** Parameter type OIDs the client declared in Parse (0 where it left one to inference). */
  paramTypes?: readonly number[];
  /** Set by rewrites that point the statement at the emulated pg_catalog (it must be loaded and current before it runs). */
  catalog?: boolean;
  /** Set by rewriteVectorSearch: the searches whose hits the session computes before the statement runs. */
  searches?: VectorSearchCall[];
  /** Set by rewriteVectorIndexScan: the HNSW index scans whose candidate keys the session renders before the statement runs. */
  vectorScans?: VectorIndexScan[];
}

/**
 * A rewrite takes a statement the pipeline owns (a private clone) and returns the
 * statement to use and whether it changed anything.
 */
export type Rewrite = (stmt: AstNode, ctx: RewriteContext) => { stmt: AstNode; changed: boolean };
