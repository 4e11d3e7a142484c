import { type SqlState, SqlStates } from './sqlstate.js';

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

/** Every optional field an ErrorResponse/NoticeResponse may carry. */
export interface PgErrorFields {
  detail?: string;
  hint?: string;
  /** 1-based character position in the original query text. */
  position?: number;
  internalPosition?: number;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: number;
  routine?: string;
}

/**
 * The one error class that reaches clients. It carries a real SQLSTATE and every
 * ErrorResponse field; the wire serializer turns it into bytes.
 * @see https://www.postgresql.org/docs/15/protocol-error-fields.html
 */
export class PgError extends Error {
  readonly code: SqlState;
  readonly severity: Severity;
  readonly fields: PgErrorFields;

  constructor(code: SqlState, message: string, fields: PgErrorFields = {}, severity: Severity = 'ERROR') {
    super(message);
    this.name = 'PgError';
    this.code = code;
    this.fields = fields;
    this.severity = severity;
  }

  /** A copy with more fields (e.g. a position learnt later). */
  with(fields: PgErrorFields): PgError {
    return new PgError(this.code, this.message, { ...this.fields, ...fields }, this.severity);
  }

  /** The same error as FATAL (ends the connection after it is sent). */
  fatal(): PgError {
    return new PgError(this.code, this.message, this.fields, 'FATAL');
  }
}

/** Shorthands for the errors raised most often, so call sites name the condition, not a code. */
export const pgErrors = {
  syntax: (msg: string, position?: number) => new PgError(SqlStates.syntax_error, msg, { position }),
  undefinedTable: (name: string) => new PgError(SqlStates.undefined_table, `relation "${name}" does not exist`),
  undefinedColumn: (name: string) => new PgError(SqlStates.undefined_column, `column "${name}" does not exist`),
  undefinedFunction: (sig: string) => new PgError(SqlStates.undefined_function, `function ${sig} does not exist`),
  notSupported: (what: string) => new PgError(SqlStates.feature_not_supported, `${what} is not supported`),
  denied: (msg: string) => new PgError(SqlStates.insufficient_privilege, msg),
  badValue: (msg: string) => new PgError(SqlStates.invalid_parameter_value, msg),
  protocol: (msg: string) => new PgError(SqlStates.protocol_violation, msg),
  internal: (msg = 'internal error') => new PgError(SqlStates.internal_error, msg),
  canceled: () => new PgError(SqlStates.query_canceled, 'canceling statement due to user request'),
  aborted: () =>
    new PgError(
      SqlStates.in_failed_sql_transaction,
      'current transaction is aborted, commands ignored until end of transaction block',
    ),
};
