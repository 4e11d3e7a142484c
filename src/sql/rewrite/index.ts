import { guardWrites } from './write-guard.js';
import { rewriteSourceTables } from './source-tables.js';
import { rewriteSystemTables } from './system-tables.js';
import type { Rewrite } from './rewrite.types.js';
import { unqualifyBuiltinTypes } from './pg-catalog-types.js';

export type { Rewrite, RewriteContext } from './rewrite.types.js';
export { systemTableSql } from './system-tables.js';

/**
 * Every rewrite, in the order they run.
 * - guardWrites MUST run first: it needs the user's own names, before any is resolved.
 * - rewriteSourceTables and rewriteSystemTables touch disjoint names (qualified by a
 *   source vs. unqualified `_jammi_*`), so their mutual order does not matter.
 * - unqualifyBuiltinTypes MUST run last: earlier rewrites may insert casts (system tables).
 */
export const rewrites: readonly Rewrite[] = [guardWrites, rewriteSourceTables, rewriteSystemTables, unqualifyBuiltinTypes];
