import { QuoteUtils } from 'pgsql-deparser';
import type { AstNode } from './ast.js';

/**
 * Words DuckDB's grammar reserves (or keeps for types and functions) that Postgres lets a
 * client use as plain names: a column `at`, `columns`, `map` or `show` is fine in Postgres
 * and a syntax error in DuckDB unless quoted. From DuckDB 1.5's duckdb_keywords() (reserved,
 * column_name and type_function categories) minus Postgres 15's pg_get_keywords() ones.
 */
export const engineOnlyKeywords: ReadonlySet<string> = new Set([
  'anti', 'asof', 'at', 'by', 'columns', 'describe', 'generated', 'glob', 'grouping_id', 'lambda', 'map', 'pivot', 'pivot_longer',
  'pivot_wider', 'positional', 'qualify', 'semi', 'show', 'struct', 'summarize', 'try_cast', 'unpack', 'unpivot',
]);

/**
 * The function name rewrites use for DuckDB's `COLUMNS(…)` star selector: printed as the bare
 * keyword, where a name `columns` (a client's column) is quoted. `_jammi_` names are reserved.
 */
export const COLUMNS_SELECTOR = '_jammi_columns';

// The deparser prints every name through QuoteUtils, which knows Postgres's keywords only:
// names that are keywords to DuckDB alone are quoted as well (the one place names are quoted).
const quoteForPostgres = QuoteUtils.quoteIdentifier.bind(QuoteUtils);
const quoteAfterDotForPostgres = QuoteUtils.quoteIdentifierAfterDot.bind(QuoteUtils);
QuoteUtils.quoteIdentifier = (ident: string) => (ident === COLUMNS_SELECTOR ? 'COLUMNS' : engineOnlyKeywords.has(ident) ? `"${ident}"` : quoteForPostgres(ident));
QuoteUtils.quoteIdentifierAfterDot = (ident: string) => (engineOnlyKeywords.has(ident) ? `"${ident}"` : quoteAfterDotForPostgres(ident));

const nameKeys = new Set(['colname', 'relname', 'aliasname', 'name', 'schemaname', 'idxname', 'conname']);

/** Whether a statement names something with a word DuckDB would read as a keyword (then it must be deparsed, quoting it). */
export function namesEngineKeyword(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(namesEngineKeyword);
  for (const [k, v] of Object.entries(node as AstNode)) {
    if (typeof v === 'string') {
      if ((k === 'sval' || nameKeys.has(k)) && engineOnlyKeywords.has(v)) return true;
    } else if (k !== 'A_Const' && namesEngineKeyword(v)) return true;
  }
  return false;
}
