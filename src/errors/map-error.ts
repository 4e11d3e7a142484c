import { PgError } from './pg-error.js';
import { type SqlState, SqlStates } from './sqlstate.js';

/** A rule: when an engine error's category and message match, it becomes this SQLSTATE. */
interface Rule {
  category: string;
  match?: RegExp;
  code: SqlState;
  /** Rewrite the message into Postgres's wording, when one is known. */
  message?: (m: RegExpExecArray, text: string) => string;
}

/**
 * DuckDB reports errors as plain `Error`s whose message starts with "<Category> Error: ".
 * Rules are checked in order; the first whose category and pattern match wins, so the
 * specific patterns of a category MUST come before its catch-all.
 */
const duckdbRules: Rule[] = [
  { category: 'Parser', match: /^window "([^"]+)" does not exist/, code: SqlStates.undefined_object, message: (m) => `window "${m[1]}" does not exist` },
  { category: 'Parser', match: /^Duplicate CTE name "([^"]+)"/, code: SqlStates.duplicate_alias, message: (m) => `WITH query name "${m[1]}" specified more than once` },
  { category: 'Parser', code: SqlStates.syntax_error },
  { category: 'Catalog', match: /^Table with name "?([^"\s]+)"? does not exist/, code: SqlStates.undefined_table, message: (m) => `relation "${m[1]}" does not exist` },
  { category: 'Catalog', match: /^(?:Table|View|Index|Sequence) with name "?(.*?)"? already exists/, code: SqlStates.duplicate_table, message: (m) => `relation "${m[1]}" already exists` },
  { category: 'Catalog', match: /^Type with name "?(.*?)"? already exists/, code: SqlStates.duplicate_object, message: (m) => `type "${m[1]}" already exists` },
  { category: 'Catalog', match: /^Schema with name (\S+) does not exist/, code: SqlStates.invalid_schema_name, message: (m) => `schema "${m[1]}" does not exist` },
  { category: 'Catalog', match: /^Schema with name "?(.*?)"? already exists/, code: SqlStates.duplicate_schema, message: (m) => `schema "${m[1]}" already exists` },
  {
    category: 'Catalog',
    match: /^Scalar Function with name (row_number|rank|dense_rank|percent_rank|cume_dist|ntile|lag|lead|first_value|last_value|nth_value) does not exist/,
    code: SqlStates.wrong_object_type,
    message: (m) => `window function ${m[1]} requires an OVER clause`,
  },
  { category: 'Catalog', match: /^(Scalar|Table|Aggregate|Macro|Pragma)? ?Function with name (\S+) does not exist/, code: SqlStates.undefined_function, message: (m) => `function ${m[2]} does not exist` },
  { category: 'Catalog', match: /^unrecognized configuration parameter "([^"]+)"/, code: SqlStates.undefined_object },
  { category: 'Catalog', match: /^Type with name (\S+) does not exist/, code: SqlStates.undefined_object, message: (m) => `type "${m[1]}" does not exist` },
  { category: 'Catalog', match: /already exists/, code: SqlStates.duplicate_object },
  // INSERT (or COPY FROM) into a view.
  { category: 'Catalog', match: /^"?([^"\s]+)"? is not an? table/, code: SqlStates.wrong_object_type, message: (m) => `"${m[1]}" is not a table` },
  { category: 'Catalog', code: SqlStates.undefined_object },
  { category: 'Binder', match: /Referenced column "([^"]+)" not found/, code: SqlStates.undefined_column, message: (m) => `column "${m[1]}" does not exist` },
  { category: 'Binder', match: /Referenced table "([^"]+)" not found/, code: SqlStates.undefined_table, message: (m) => `missing FROM-clause entry for table "${m[1]}"` },
  { category: 'Binder', match: /Values list "([^"]+)" does not have a column named "([^"]+)"/, code: SqlStates.undefined_column, message: (m) => `column ${m[1]}.${m[2]} does not exist` },
  { category: 'Binder', match: /[Aa]mbiguous reference to column name "([^"]+)"/, code: SqlStates.ambiguous_column, message: (m) => `column reference "${m[1]}" is ambiguous` },
  { category: 'Binder', match: /must appear in the GROUP BY clause/, code: SqlStates.grouping_error },
  // DuckDB could not choose between overloads for an untyped literal: Postgres's "is not unique".
  { category: 'Binder', match: /^Could not choose a best candidate function for the function call "([^"(]+)\(([^"]*)\)"/, code: SqlStates.ambiguous_function, message: (m) => notUnique(m[1], m[2]) },
  // The typed condition macros of rewrite/boolean-conditions.ts refuse a non-boolean condition.
  {
    category: 'Binder',
    match: /^Macro (where|having|join)_condition\(\) does not support the supplied arguments/,
    code: SqlStates.datatype_mismatch,
    message: (m) => `argument of ${m[1] === 'join' ? 'JOIN/ON' : m[1].toUpperCase()} must be type boolean`,
  },
  { category: 'Binder', match: /No function matches/, code: SqlStates.undefined_function },
  { category: 'Binder', match: /Cannot mix values of type|Cannot compare values of type|can only be applied to/, code: SqlStates.datatype_mismatch },
  { category: 'Binder', match: /Table "([^"]+)" does not have a column named "([^"]+)"/, code: SqlStates.undefined_column, message: (m) => `column "${m[2]}" of relation "${m[1]}" does not exist` },
  { category: 'Binder', match: /Catalog "([^"]+)" does not exist/, code: SqlStates.undefined_table, message: (m) => `cross-database references are not implemented: "${m[1]}"` },
  { category: 'Binder', match: /^(ORDER|GROUP BY) term out of range/, code: SqlStates.invalid_column_reference, message: (m) => `${m[1] === 'ORDER' ? 'ORDER BY' : 'GROUP BY'} position is not in select list` },
  { category: 'Binder', match: /^LIMIT\/OFFSET cannot be negative/, code: SqlStates.invalid_row_count_in_limit_clause, message: () => 'LIMIT must not be negative' },
  { category: 'Binder', match: /aggregate function calls cannot be nested/, code: SqlStates.grouping_error, message: () => 'aggregate function calls cannot be nested' },
  { category: 'Binder', match: /^(\w+(?: BY)?) clause cannot contain aggregates/, code: SqlStates.grouping_error, message: (m) => `aggregate functions are not allowed in ${m[1]}` },
  { category: 'Binder', match: /^(\w+(?: BY)?) clause cannot contain window functions/, code: SqlStates.windowing_error, message: (m) => `window functions are not allowed in ${m[1]}` },
  { category: 'Binder', match: /^Set operations can only apply to expressions with the same number of result columns/, code: SqlStates.syntax_error, message: () => 'each UNION query must have the same number of columns' },
  { category: 'Binder', match: /^table "([^"]+)" has (\d+) columns available but (\d+) columns specified/, code: SqlStates.invalid_column_reference, message: (m) => `table "${m[1]}" has ${m[2]} columns available but ${m[3]} columns specified` },
  {
    category: 'Binder',
    match: /^Ambiguous reference to table "(.*?)" \(duplicate alias/,
    code: SqlStates.duplicate_alias,
    // DuckDB may qualify the name (`"temp".main.dt`); Postgres names the table as written.
    message: (m) => `table name "${m[1].split('.').pop()!.replace(/"/g, '')}" specified more than once`,
  },
  { category: 'Binder', match: /^Column "([^"]+)" does not exist on (left|right) side of join/, code: SqlStates.undefined_column, message: (m) => `column "${m[1]}" specified in USING clause does not exist in ${m[2]} table` },
  { category: 'Binder', match: /^Subquery returns \d+ columns - expected 1/, code: SqlStates.syntax_error, message: () => 'subquery has too many columns' },
  { category: 'Binder', match: /^Cannot deduce template type|^Cannot combine types of/, code: SqlStates.datatype_mismatch },
  { category: 'Binder', match: /^Table "([^"]+)" does not have a column with name "([^"]+)"/, code: SqlStates.undefined_column, message: (m) => `column "${m[2]}" of relation "${m[1]}" does not exist` },
  { category: 'Binder', match: /^Referenced update column (\S+) not found in table/, code: SqlStates.undefined_column, message: (m) => `column "${m[1]}" does not exist` },
  { category: 'Binder', match: /^table \S+ has \d+ columns but \d+ values were supplied/, code: SqlStates.syntax_error, message: () => 'INSERT has more expressions than target columns' },
  {
    category: 'Binder',
    match: /^Column name\/value mismatch for insert on \S+: expected (\d+) columns but (\d+) values were supplied/,
    code: SqlStates.syntax_error,
    message: (m) => (Number(m[1]) > Number(m[2]) ? 'INSERT has more target columns than expressions' : 'INSERT has more expressions than target columns'),
  },
  // ORDER BY of a set operation sees only its output columns.
  { category: 'Binder', match: /^Could not ORDER BY column "(?:.*\.)?([^".]+)"/, code: SqlStates.undefined_column, message: (m) => `column "${m[1]}" does not exist` },
  { category: 'Binder', match: /^PERCENTILEs can only take parameters in the range \[0, 1\]/, code: SqlStates.numeric_value_out_of_range, message: () => 'percentile value is not between 0 and 1' },
  { category: 'Binder', code: SqlStates.syntax_error_or_access_rule_violation },
  { category: 'Conversion', match: /^extract specifier "([^"]+)" not recognized/, code: SqlStates.invalid_parameter_value, message: (m) => `unit "${m[1].toLowerCase()}" not recognized` },
  // Date/time text that does not parse is a datetime format error in Postgres; a field out of range overflows.
  { category: 'Conversion', match: /^invalid (date|time|timestamp)\w* field format/, code: SqlStates.invalid_datetime_format },
  { category: 'Conversion', match: /^(date|time|timestamp)\w* field value out of range/, code: SqlStates.datetime_field_overflow },
  // A well-formed integer or decimal that does not fit its type is out of range in Postgres, not malformed.
  { category: 'Conversion', match: /^Could not convert string '\s*([+-]?\d+)\s*' to INT(16|32|64)/, code: SqlStates.numeric_value_out_of_range, message: (m) => `value "${m[1]}" is out of range for type ${intTypeNames[m[2]]}` },
  { category: 'Conversion', match: /^Could not convert string "\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*" to DECIMAL/, code: SqlStates.numeric_value_out_of_range, message: () => 'numeric field overflow' },
  { category: 'Conversion', match: /^Unimplemented type for cast \((\S+) -> (\S+)\)/, code: SqlStates.cannot_coerce, message: (m) => `cannot cast type ${m[1].toLowerCase()} to ${m[2].toLowerCase()}` },
  // A number too wide for numeric(p,s); a non-numeric string stays 22P02 (below).
  { category: 'Conversion', match: /^Could not cast value \S+ to DECIMAL|^Could not convert string "[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?" to DECIMAL\(/i, code: SqlStates.numeric_value_out_of_range, message: () => 'numeric field overflow' },
  { category: 'Conversion', match: /out of range|Overflow/i, code: SqlStates.numeric_value_out_of_range },
  // Text that is no value of the target type, in Postgres's words (an enum is stored as an unsigned index).
  { category: 'Conversion', match: /^Could not convert string ['"](.*)['"] to UINT(8|16|32)(?:\n|$)/, code: SqlStates.invalid_text_representation, message: (m) => `invalid input value for enum: "${m[1]}"` },
  {
    category: 'Conversion',
    match: /^Could not convert string ['"](.*)['"] to (INT16|INT32|INT64|BOOL|DOUBLE|FLOAT|UUID|DECIMAL\(\d+,\d+\))(?:\n|$)/,
    code: SqlStates.invalid_text_representation,
    message: (m) => `invalid input syntax for type ${inputTypeNames[m[2].replace(/\(.*/, '')]}: "${m[1]}"`,
  },
  { category: 'Conversion', code: SqlStates.invalid_text_representation },
  { category: 'Out of Range', match: /[Dd]ivision by zero/, code: SqlStates.division_by_zero, message: () => 'division by zero' },
  { category: 'Out of Range', code: SqlStates.numeric_value_out_of_range },
  { category: 'Constraint', match: /NOT NULL constraint failed/, code: SqlStates.not_null_violation },
  { category: 'Constraint', match: /PRIMARY KEY or UNIQUE|[Dd]uplicate key/, code: SqlStates.unique_violation },
  { category: 'Constraint', match: /foreign key/i, code: SqlStates.foreign_key_violation },
  { category: 'Constraint', match: /CHECK constraint/i, code: SqlStates.check_violation },
  { category: 'Constraint', code: SqlStates.integrity_constraint_violation },
  { category: 'IO', match: /No files found that match the pattern "([^"]+)"/, code: SqlStates.undefined_file, message: (m) => `could not open file "${m[1]}": No such file or directory` },
  { category: 'IO', match: /Cannot open file "([^"]+)": No such file/, code: SqlStates.undefined_file, message: (m) => `could not open file "${m[1]}": No such file or directory` },
  { category: 'IO', code: SqlStates.io_error },
  { category: 'Permission', code: SqlStates.insufficient_privilege },
  { category: 'INTERRUPT', code: SqlStates.query_canceled, message: () => 'canceling statement due to user request' },
  { category: 'Interrupt', code: SqlStates.query_canceled, message: () => 'canceling statement due to user request' },
  // Two transactions inserted the same key; DuckDB finds out when the second commits.
  {
    category: 'TransactionContext',
    match: /^Failed to commit: PRIMARY KEY or UNIQUE constraint violation: duplicate key "(.*)"$/s,
    code: SqlStates.unique_violation,
    message: () => 'duplicate key value violates unique constraint',
  },
  { category: 'TransactionContext', match: /aborted/i, code: SqlStates.in_failed_sql_transaction },
  { category: 'TransactionContext', match: /[Cc]onflict/, code: SqlStates.serialization_failure },
  { category: 'TransactionContext', match: /within a transaction/, code: SqlStates.active_sql_transaction },
  { category: 'TransactionContext', match: /no transaction is active/i, code: SqlStates.no_active_sql_transaction },
  { category: 'TransactionContext', code: SqlStates.invalid_transaction_state },
  { category: 'Transaction', match: /[Cc]onflict/, code: SqlStates.serialization_failure },
  { category: 'Invalid Input', match: /^More than one row returned by a subquery/, code: SqlStates.cardinality_violation, message: () => 'more than one row returned by a subquery used as an expression' },
  { category: 'Invalid Input', match: /^Expected (\d+) parameters?, but none were supplied|^Values were not provided for the following prepared statement parameters: (\d+)/, code: SqlStates.undefined_parameter, message: (m) => `there is no parameter $${m[2] ?? m[1]}` },
  { category: 'Invalid Input', match: /^Argument for ntile must be greater than zero/, code: SqlStates.invalid_argument_for_ntile, message: () => 'argument of ntile must be greater than zero' },
  // Postgres's own messages, raised by compatibility macros through error() (src/engine/pg-functions).
  { category: 'Invalid Input', match: /^invalid input syntax for type /, code: SqlStates.invalid_text_representation },
  // Date/time compatibility functions (src/engine/pg-functions/datetime.ts).
  { category: 'Invalid Input', match: /^unit ".*" not supported for type /, code: SqlStates.feature_not_supported },
  { category: 'Invalid Input', match: /^date\/time field value out of range/, code: SqlStates.datetime_field_overflow },
  { category: 'Invalid Input', match: /^invalid value ".*" for "|^hour ".*" is invalid for the 12-hour clock/, code: SqlStates.invalid_datetime_format },
  { category: 'Invalid Input', match: /^(value )?".*" is out of range for type /, code: SqlStates.numeric_value_out_of_range },
  { category: 'Invalid Input', match: /^null character not permitted/, code: SqlStates.program_limit_exceeded },
  { category: 'Invalid Input', match: /^null values cannot be formatted as an SQL identifier/, code: SqlStates.null_value_not_allowed },
  { category: 'Invalid Input', match: /^negative substring length not allowed/, code: SqlStates.substring_error },
  // Compatibility functions raise Postgres's own division error (error('division by zero')).
  { category: 'Invalid Input', match: /^division by zero/, code: SqlStates.division_by_zero, message: () => 'division by zero' },
  { category: 'Invalid Input', match: /parquet|magic bytes|CSV|JSON|Malformed/i, code: SqlStates.bad_copy_file_format },
  { category: 'Invalid Input', code: SqlStates.invalid_parameter_value },
  { category: 'Invalid Type', code: SqlStates.datatype_mismatch },
  { category: 'Mismatch Type', match: /Cannot cast STRUCTs of different size/, code: SqlStates.syntax_error, message: () => 'unequal number of entries in row expressions' },
  { category: 'Mismatch Type', code: SqlStates.datatype_mismatch },
  { category: 'Not implemented', code: SqlStates.feature_not_supported },
  { category: 'Dependency', code: SqlStates.dependent_objects_still_exist },
  { category: 'Out of Memory', code: SqlStates.out_of_memory },
  { category: 'Sequence', code: SqlStates.object_not_in_prerequisite_state },
  { category: 'Serialization', code: SqlStates.internal_error },
];

/** Postgres's names of DuckDB's integer types, for out-of-range messages. */
const intTypeNames: Record<string, string> = { '16': 'smallint', '32': 'integer', '64': 'bigint' };
const inputTypeNames: Record<string, string> = { INT16: 'smallint', INT32: 'integer', INT64: 'bigint', BOOL: 'boolean', DOUBLE: 'double precision', FLOAT: 'real', UUID: 'uuid', DECIMAL: 'numeric' };

const categoryRe = /^([A-Za-z ]+?) Error: ([\s\S]*)$/;

/** Postgres's wording for an ambiguous call: `operator is not unique: date + unknown`, `function f(unknown) is not unique`. */
function notUnique(fn: string, args: string): string {
  const types = args.split(',').map((a) => (a.trim() === 'STRING_LITERAL' ? 'unknown' : a.trim().replace(/_LITERAL$/, '').toLowerCase()));
  if (/^[^\w\s]+$/.test(fn)) return `operator is not unique: ${types.length === 1 ? `${fn} ${types[0]}` : `${types[0]} ${fn} ${types[1]}`}`;
  return `function ${fn}(${types.join(', ')}) is not unique`;
}

/** The first line of an engine message with DuckDB's trailing "!" and LINE pointer removed. */
function cleanMessage(text: string): string {
  const first = text.split('\n')[0].trim();
  return first.replace(/!$/, '');
}

/**
 * Map any error thrown below the SQL layer to a PgError. PgErrors pass through; DuckDB
 * errors are classified by category and message; anything unknown becomes XX000 with a
 * generic message (the caller logs the original, a client never sees a stack).
 */
export function toPgError(err: unknown): PgError {
  if (err instanceof PgError) return err;
  // node-api wraps errors found while splitting a script into statements.
  const text = (err instanceof Error ? err.message : String(err)).replace(/^Failed to extract statements: /, '');
  const m = categoryRe.exec(text);
  if (m) {
    const [, category, rest] = m;
    for (const rule of duckdbRules) {
      if (rule.category !== category) continue;
      const hit = rule.match ? rule.match.exec(rest) : /^[\s\S]*$/.exec(rest);
      if (!hit) continue;
      const msg = rule.message ? rule.message(hit, rest) : cleanMessage(rest);
      return new PgError(rule.code, msg, detailOf(rest));
    }
  }
  const sqlite = sqliteError(err);
  if (sqlite) return sqlite;
  return new PgError(SqlStates.internal_error, 'internal error');
}

/**
 * DuckDB's extra lines: "LINE n:" pointers refer to the SQL jammi sent (maybe rewritten),
 * so they are dropped, as are suggestions; the rest is DETAIL.
 */
function detailOf(rest: string): { detail?: string } {
  const lines = rest.split('\n').slice(1);
  const cut = lines.findIndex((l) => /^LINE \d+:/.test(l.trim()));
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).map((l) => l.trim()).filter(Boolean);
  // DuckDB's "Did you mean" suggestions name its own catalog (pg_enum, jammi_sources…), not the client's.
  const detail = kept.filter((l) => !l.startsWith('Did you mean')).join('\n');
  return detail ? { detail } : {};
}

/** better-sqlite3 errors carry a `code` such as SQLITE_CONSTRAINT_UNIQUE. */
function sqliteError(err: unknown): PgError | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const msg = (err as Error).message;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new PgError(SqlStates.unique_violation, msg);
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') return new PgError(SqlStates.not_null_violation, msg);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new PgError(SqlStates.foreign_key_violation, msg);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new PgError(SqlStates.serialization_failure, `catalog is busy: ${msg}`);
  return new PgError(SqlStates.internal_error, 'internal catalog error');
}

/** Whether an error is one the mapper could not classify (so the caller should log it). */
export function isInternal(err: PgError): boolean {
  return err.code === SqlStates.internal_error;
}
