import type { PgError } from '../errors/index.js';
import type { FormatCode } from './message-codes.js';

/** Every frontend message jammi accepts after startup, as a discriminated union on `type`. */
export type FrontendMessage =
  | { type: 'Query'; sql: string }
  | { type: 'Parse'; name: string; sql: string; paramTypes: number[] }
  | {
      type: 'Bind';
      portal: string;
      statement: string;
      paramFormats: FormatCode[];
      params: (Buffer | null)[];
      resultFormats: FormatCode[];
    }
  | { type: 'Describe'; target: 'S' | 'P'; name: string }
  | { type: 'Execute'; portal: string; maxRows: number }
  | { type: 'Close'; target: 'S' | 'P'; name: string }
  | { type: 'Sync' }
  | { type: 'Flush' }
  | { type: 'Terminate' }
  | { type: 'CopyData'; data: Buffer }
  | { type: 'CopyDone' }
  | { type: 'CopyFail'; message: string }
  | { type: 'FunctionCall' }
  /** A well-framed message with a bad field (format code, Describe target): an ERROR, not FATAL. */
  | { type: 'Invalid'; error: PgError };

export type FrontendMessageType = FrontendMessage['type'];

/** A column of a RowDescription. */
export interface FieldDescription {
  name: string;
  tableOid: number;
  columnAttr: number;
  typeOid: number;
  typeSize: number;
  typeModifier: number;
  format: FormatCode;
}
