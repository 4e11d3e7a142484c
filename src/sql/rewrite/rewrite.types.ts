import type { AstNode } from '../ast.js';
import type { NameResolver } from '../resolver.js';

export interface RewriteContext {
  resolver: NameResolver;
  /** Set by rewrites whose output depends on catalog state at execution time. */
  dynamic: boolean;
}

/**
 * A rewrite takes a statement the pipeline owns (a private clone) and returns the
 * statement to use and whether it changed anything.
 */
export type Rewrite = (stmt: AstNode, ctx: RewriteContext) => { stmt: AstNode; changed: boolean };
