import { guardWrites } from './write-guard.js';
import { refuseReservedNames } from './reserved-names.js';
import { rewriteIdentityColumns } from './identity-columns.js';
import { rewriteInsertImplicitColumns } from './insert-implicit-columns.js';
import { rewriteUnknownOutputs } from './unknown-outputs.js';
import { rewritePgvector } from './pgvector.js';
import { rewriteSerialSequence } from './serial-sequence.js';
import { rewriteConflictConstraint } from './conflict-constraint.js';
import { rewriteSourceTables } from './source-tables.js';
import { rewriteVectorSearch } from './vector-search.js';
import { rewriteVectorIndexScan } from './vector-index-scan.js';
import { rewriteSystemTables } from './system-tables.js';
import { rewriteCatalogRelations } from './catalog-relations.js';
import { rewriteCatalogFunctions } from './catalog-functions.js';
import { rewriteCollateClauses } from './collate-clauses.js';
import { rewriteRegCasts } from './reg-casts.js';
import type { Rewrite } from './rewrite.types.js';
import { unqualifyBuiltinTypes } from './pg-catalog-types.js';
import { nameResultColumns } from './column-names.js';
import { rewriteRegexOperators } from './regex-operators.js';
import { nameValuesColumns } from './values-columns.js';
import { typeLiteralsByColumn } from './column-typed-literals.js';
import { rewriteVersionFunction } from './version-function.js';
import { rewriteByteaLiterals } from './bytea-literals.js';
import { rewriteExtractFields } from './extract-fields.js';
import { rewriteDatetimeFunctions } from './datetime-functions.js';
import { rewriteDatetimeLiterals } from './datetime-literals.js';
import { rewriteDatetimeMinus } from './datetime-minus.js';
import { rewriteTimeCasts } from './time-casts.js';
import { rewriteArrayLiterals } from './array-literals.js';
import { rewriteArrayFunctions } from './array-functions.js';
import { rewriteSetReturningFunctions } from './set-returning-functions.js';
import { rewriteSeriesArguments } from './series-arguments.js';
import { rewriteArrayOperators } from './array-operators.js';
import { rewriteAnyAllNullArray } from './any-all-null-array.js';
import { rewriteAnyAllLiterals } from './any-all-literals.js';
import { rewriteCatalogVectors } from './catalog-vectors.js';
import { rewriteArraySubscripts } from './array-subscripts.js';
import { checkLimitOffset } from './limit-checks.js';
import { dropLockingClauses } from './locking-clauses.js';
import { checkDistinctOn } from './distinct-on-check.js';
import { rewriteRowNullTests } from './row-null-tests.js';
import { rewriteNullConcat } from './null-concat.js';
import { rewriteSessionFunctions } from './session-functions.js';
import { rewriteSessionFunctionScans } from './session-function-scans.js';
import { rewriteJoinAnyArrays } from './join-any-arrays.js';
import { rewriteLateralLimits } from './lateral-limits.js';
import { rewritePublicSchema } from './public-schema.js';
import { rewriteInt4Results } from './int4-results.js';
import { rewriteBooleanConditions } from './boolean-conditions.js';
import { rewriteUsingJoinStar } from './using-join-star.js';
import { rewriteJsonOperators } from './json-operators.js';
import { rewriteJsonFunctions } from './json-functions.js';
import { rewriteJsonbType } from './jsonb-type.js';
import { rewriteLikeEscape } from './like-escape.js';
import { rewriteSimilarTo } from './similar-to.js';
import { rewriteSubstringRegex } from './substring-regex.js';
import { rewriteRegexpMatch } from './regexp-match.js';
import { rewriteTextFunctions } from './text-functions.js';
import { rewriteCharCasts } from './char-casts.js';
import { rewriteTextCasts } from './text-casts.js';
import { rewriteInputCasts } from './input-casts.js';
import { rewriteNumericCasts } from './numeric-casts.js';
import { rewriteNumericLiterals } from './numeric-literals.js';
import { rewriteDivisionOperators } from './division-operators.js';
import { rewriteNumericAggregates } from './numeric-aggregates.js';
import { rewriteRoundingFunctions } from './rounding-functions.js';

export type { Rewrite, RewriteContext, SessionView } from './rewrite.types.js';

/**
 * Checks that change nothing and refuse what no route may do (writes to sources and system
 * tables, `_jammi_` names): planStatement runs them on every statement before choosing a
 * route, so DDL jammi translates itself is refused at planning too.
 */
export const planningGuards: readonly Rewrite[] = [guardWrites, refuseReservedNames];
export { systemTableSql } from './system-tables.js';

/**
 * Every rewrite, in the order they run.
 * - planningGuards are not in these lists: planStatement runs them first, on the user's own names.
 * - rewriteInsertImplicitColumns MUST run first: the column list it adds to a short VALUES is
 *   what rewriteIdentityColumns and the rest then see, as if the client had written it.
 * - rewriteIdentityColumns reads the INSERT's VALUES as written (before rewrites wrap or cast them).
 * - rewriteConflictConstraint needs the INSERT's target as written (before it is qualified).
 * - rewritePgvector MUST run after nameResultColumns (`e <=> $1` stays `?column?`, `'[1]'::vector` `vector`)
 *   and before typeLiteralsByColumn and the array rewrites (its casts are to float4 lists, not Postgres arrays).
 * - rewriteUnknownOutputs MUST run after nameResultColumns (a subquery's `NULL AS x` keeps its name; it
 *   adds no name of its own) and before the rewrites that read NULL literals (null-concat, array literals).
 * - rewriteRegCasts MUST run after nameResultColumns: `attrelid::regclass` is named `attrelid`, not after the macro.
 * - rewriteSerialSequence MUST run after nameResultColumns: the column keeps the name pg_get_serial_sequence.
 * - rewriteSourceTables, rewriteSystemTables and rewriteCatalogRelations touch disjoint names
 *   (qualified by a source, `_jammi_*`, `pg_*`/pg_catalog/information_schema), so their mutual
 *   order does not matter.
 * - rewriteCatalogFunctions MUST run before rewriteVersionFunction, rewriteSessionFunctions and
 *   every rewrite that matches a built-in by its plain name: it drops `pg_catalog.` from calls.
 * - nameResultColumns MUST run before any rewrite that adds casts or wraps expressions in
 *   the select list (the name comes from what the user wrote), and after system tables
 *   (it then also names their generated select lists, which are all aliased already).
 * - rewriteVersionFunction MUST run before nameResultColumns: it names its column
 *   `version` itself, since a literal would otherwise be `?column?`.
 * - rewriteSessionFunctionScans MUST run before rewriteVersionFunction and rewriteSessionFunctions:
 *   it wraps `FROM current_schema()` in a subquery whose select list they then make a constant.
 * - rewriteJoinAnyArrays MUST run after nameResultColumns and before rewriteAnyAllLiterals and
 *   rewriteAnyAllNullArray: it claims `x = ANY(col)` conjuncts of join conditions before they wrap them.
 * - rewriteLateralLimits MUST run after nameResultColumns (its unnest must stay unnamed) and after
 *   rewriteSetReturningFunctions and the array rewrites (its unnest of a struct is DuckDB's).
 * - rewriteVectorSearch MUST run before nameResultColumns and every rewrite that adds casts or
 *   rewrites arrays (its subquery's `ARRAY['vector']::text[]` is then spelled for DuckDB like the
 *   user's), and next to rewriteSourceTables: it names the source's view itself.
 * - rewriteVectorIndexScan MUST run before rewriteSourceTables and rewritePublicSchema (it reads the
 *   table name as the user wrote it) and before rewritePgvector (it matches `<=>` before it becomes
 *   a list distance); its candidate-keys relation is a name no other rewrite resolves.
 * - rewritePublicSchema MUST run after rewriteSourceTables, which owns `S.public.t` for a source S.
 * - rewriteSessionFunctions MUST run before nameResultColumns: it names the columns of the
 *   calls it replaces (`current_user`, `current_setting`) itself.
 * - nameValuesColumns MUST run after nameResultColumns: the `*` it adds around a bare
 *   VALUES needs no name.
 * - rewriteRegexOperators MUST run after nameResultColumns: `a ~ 'x'` is named `?column?`,
 *   not `regexp_matches`.
 * - rewriteExtractFields and rewriteDatetimeFunctions MUST run after nameResultColumns: the column keeps the function's name (`extract`, `to_char`).
 * - rewriteNullConcat MUST run after nameResultColumns: `s || NULL` is `?column?`, not `case`.
 * - rewriteInt4Results MUST run after nameResultColumns: a cast ntile() keeps the name `ntile`.
 * - rewriteArrayFunctions, rewriteSetReturningFunctions, rewriteArrayOperators and
 *   rewriteAnyAllNullArray MUST run after nameResultColumns: the column keeps the name the
 *   user's expression gives it (`array_length`, `generate_series`, `?column?`).
 * - rewriteJsonOperators, rewriteJsonFunctions, rewriteJsonbType run in this order after
 *   nameResultColumns: the first two read `::jsonb` (which the third replaces) to tell jsonb
 *   from json, and all run before array rewrites, which claim `@>` and `||` for arrays.
 * - The text rewrites (rewriteLikeEscape … rewriteInputCasts) MUST run after
 *   nameResultColumns (a routed call keeps the user's name); rewriteCharCasts MUST run before
 *   rewriteTextCasts, which prints the text cast it inserts as Postgres does.
 * - The numeric rewrites run after nameResultColumns (`7 / 2` stays `?column?`, `avg(x)` `avg`)
 *   and after every other rewrite, so operators and casts other rewrites produce get Postgres's
 *   numeric semantics too; rewriteNumericCasts MUST run before rewriteNumericLiterals (it reads
 *   the literal `1e3` in `1e3::numeric` as written).
 * - rewriteAnyAllLiterals MUST run after nameResultColumns (`1 = ANY('{1}')` is `?column?`) and
 *   before the regex, LIKE and ANY/ALL rewrites, which handle the comparisons it spells out.
 * - rewriteCatalogVectors MUST run after rewriteCatalogRelations (it recognises catalog columns by the
 *   relations it qualified) and nameResultColumns
 *   (`ix.indkey::varchar` stays `indkey`), and before rewriteArraySubscripts (which clamps the
 *   subscript it shifts), rewriteSetReturningFunctions (it reads `generate_subscripts` by name)
 *   and rewriteTextCasts (it claims `::text` of a vector).
 * - rewriteUsingJoinStar MUST run after the json rewrites (its lambda's `->` is not json's) and
 *   after nameResultColumns (the COLUMNS selector it adds must stay unnamed).
 * - rewriteSeriesArguments MUST run before rewriteDatetimeLiterals (the casts it adds to
 *   string literals get their values re-spelled) and rewriteSetReturningFunctions.
 * - typeLiteralsByColumn MUST run before the literal, json and array rewrites (they spell the
 *   casts it adds for DuckDB) and after nameResultColumns (`attrs ->> 'k'` stays `?column?`).
 * - unqualifyBuiltinTypes MUST run last: earlier rewrites may insert casts (system tables),
 *   and nameResultColumns reads `pg_catalog.int4` to name a column `int4`.
 */
export const rewrites: readonly Rewrite[] = [rewriteInsertImplicitColumns, rewriteIdentityColumns, rewriteConflictConstraint, checkLimitOffset, checkDistinctOn, dropLockingClauses, rewriteVectorSearch, rewriteVectorIndexScan, rewriteSourceTables, rewritePublicSchema, rewriteSystemTables, rewriteCatalogRelations, rewriteCatalogFunctions, rewriteCollateClauses, rewriteSessionFunctionScans, rewriteVersionFunction, rewriteSessionFunctions, nameResultColumns, rewritePgvector, rewriteUnknownOutputs, rewriteSerialSequence, rewriteRegCasts, nameValuesColumns, typeLiteralsByColumn, rewriteSeriesArguments, rewriteJoinAnyArrays, rewriteAnyAllLiterals, rewriteCatalogVectors, rewriteJsonOperators, rewriteJsonFunctions, rewriteJsonbType, rewriteRegexOperators, rewriteByteaLiterals, rewriteExtractFields, rewriteDatetimeFunctions, rewriteDatetimeLiterals, rewriteDatetimeMinus, rewriteTimeCasts, rewriteArrayLiterals, rewriteArrayFunctions, rewriteSetReturningFunctions, rewriteArrayOperators, rewriteAnyAllNullArray, rewriteArraySubscripts, rewriteRowNullTests, rewriteNullConcat, rewriteInt4Results, rewriteBooleanConditions, rewriteLikeEscape, rewriteSimilarTo, rewriteSubstringRegex, rewriteRegexpMatch, rewriteTextFunctions, rewriteCharCasts, rewriteTextCasts, rewriteInputCasts, rewriteNumericCasts, rewriteNumericLiterals, rewriteDivisionOperators, rewriteNumericAggregates, rewriteRoundingFunctions, rewriteLateralLimits, rewriteUsingJoinStar, unqualifyBuiltinTypes];

/** Every rewrite but rewriteVectorIndexScan: a statement planned onto an HNSW index also gets this exact plan, for when the index cannot answer. */
export const exactRewrites: readonly Rewrite[] = rewrites.filter((r) => r !== rewriteVectorIndexScan);
export { KEY_COLUMN as VECTOR_SCAN_KEY_COLUMN, type VectorIndexScan, type VectorIndexTarget } from './vector-index-scan.js';

/**
 * The rewrites for DDL that jammi translates itself (src/sql/ddl): names, type spellings and
 * operators DuckDB spells differently, but no compatibility functions: a table's defaults and
 * checks are stored in the database file and keep DuckDB's semantics, like column defaults.
 */
export const ddlRewrites: readonly Rewrite[] = [rewritePgvector, rewriteSourceTables, rewritePublicSchema, rewriteSystemTables, rewriteRegexOperators, rewriteArrayLiterals, rewriteJsonbType, unqualifyBuiltinTypes];

/**
 * The rewrites that only resolve names (sources, `public`, system tables, type spellings),
 * without Postgres's semantics: the statement as DuckDB would read it, used to find the
 * user's own error behind a failure inside a compatibility function.
 */
export const resolutionRewrites: readonly Rewrite[] = [rewriteSourceTables, rewritePublicSchema, rewriteSystemTables, rewriteCatalogRelations, rewriteCatalogFunctions, rewriteJsonbType, unqualifyBuiltinTypes];
