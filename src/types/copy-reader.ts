import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';
import type { ColumnWriter } from './copy-canonical.js';

/** What the COPY FROM row readers need to know, with options as bytes. */
export interface CopyInFormat {
  /** Relation name as Postgres shows it in an error's CONTEXT. */
  relname: string;
  /** Names of the columns being copied, in order. */
  columns: readonly string[];
  delimiter: number;
  /** The text that stands for NULL, compared with a field as it appears in the input. */
  null: Buffer;
  header: boolean | 'match';
  /** CSV only. */
  quote: number;
  escape: number;
  /** CSV only, per copied column. */
  forceNull: readonly boolean[];
  forceNotNull: readonly boolean[];
}

/** A parser of COPY FROM input that writes rows in the canonical form. */
export interface CopyRowReader {
  /** Rows (lines) read so far, the header included: the line number Postgres reports. */
  line: number;
  /** The end-of-data marker `\.` was read: anything after it is ignored. */
  readonly ended: boolean;
  /** The line-end style, once the first line has fixed it. */
  readonly lineEnd: LineEnd;
  /** Check every line is UTF-8 without NUL (else the engine's decode() of the batch does, but lets NUL through). */
  validate: boolean;
  /**
   * Read the complete rows at the start of `input` into `out`; returns the bytes consumed.
   * With `final`, the input ends here and a last line without a line end is a row too.
   * Throws a PgError (22P04, 22021…) with Postgres's CONTEXT for bad input.
   */
  read(input: Buffer, out: ColumnWriter, final: boolean): number;
}

/**
 * What the text and CSV readers share: they read whole lines while the input lasts and the
 * end marker has not been seen; each subclass reads one line in its format.
 */
export abstract class LineReader implements CopyRowReader {
  line = 0;
  ended = false;
  protected readonly state: { eol: LineEnd } = { eol: 'unknown' };
  protected scratch = Buffer.allocUnsafe(1024);

  /** `validate`: check each line is UTF-8 without NUL (when reading a failed batch again to find the row). */
  constructor(
    protected readonly f: CopyInFormat,
    public validate = false,
  ) {}

  get lineEnd(): LineEnd {
    return this.state.eol;
  }

  read(input: Buffer, out: ColumnWriter, final: boolean): number {
    let pos = 0;
    while (pos < input.length && !this.ended) {
      const next = this.readLine(input, pos, out, final);
      if (next === null) break;
      pos = next;
    }
    // After the end marker the rest of the input is discarded, as Postgres does.
    return this.ended ? input.length : pos;
  }

  /** Read the line starting at `pos`; returns the offset after it, or null when it is incomplete. */
  protected abstract readLine(input: Buffer, pos: number, out: ColumnWriter, final: boolean): number | null;
}

/** Which line end the input uses; Postgres fixes it from the first line. */
export type LineEnd = 'unknown' | 'nl' | 'cr' | 'crnl';

/** Postgres shows at most this many bytes of a line or value in a COPY error's context. */
const MAX_COPY_DATA_DISPLAY = 100;

/** limit_printout_length: a long line or value is cut (at a character boundary) and marked with `...`. */
export function limitPrintout(bytes: Uint8Array): string {
  if (bytes.length <= MAX_COPY_DATA_DISPLAY) return Buffer.from(bytes).toString('utf8');
  let cut = MAX_COPY_DATA_DISPLAY;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return Buffer.from(bytes.subarray(0, cut)).toString('utf8') + '...';
}

/** CONTEXT of an error about a whole line: `COPY t, line 3` or `COPY t, line 3: "<the line>"`. */
export function lineContext(relname: string, line: number, raw?: Uint8Array): string {
  return `COPY ${relname}, line ${line}` + (raw ? `: "${limitPrintout(raw)}"` : '');
}

/** CONTEXT of an error about one value: `COPY t, line 3, column id: "x"` (or `: null input`). */
export function columnContext(relname: string, line: number, column: string, value: string | null): string {
  return `COPY ${relname}, line ${line}, column ${column}: ` + (value === null ? 'null input' : `"${limitPrintout(Buffer.from(value, 'utf8'))}"`);
}

/** A 22P04 error: the input is not in the format the COPY names. */
export function badCopyFormat(message: string, where: string, hint?: string): PgError {
  return new PgError(SqlStates.bad_copy_file_format, message, hint ? { where, hint } : { where });
}

/** Wrong field count of one row: Postgres's two messages, with the raw line as context. */
export function fieldCountError(f: CopyInFormat, fields: number, line: number, raw: Uint8Array): PgError {
  const where = lineContext(f.relname, line, raw);
  if (fields > f.columns.length) return badCopyFormat('extra data after last expected column', where);
  return badCopyFormat(`missing data for column "${f.columns[fields]}"`, where);
}

/** HEADER MATCH: the header line must name the copied columns, in order. */
export function checkHeader(f: CopyInFormat, names: (string | null)[], line: number, raw: Uint8Array): void {
  const where = lineContext(f.relname, line, raw);
  if (names.length !== f.columns.length) {
    throw badCopyFormat(`wrong number of fields in header line: got ${names.length}, expected ${f.columns.length}`, where);
  }
  names.forEach((name, i) => {
    if (name === null) throw badCopyFormat(`column name mismatch in header line field ${i + 1}: got null value ("${f.null.toString('utf8')}"), expected "${f.columns[i]}"`, where);
    if (name !== f.columns[i]) throw badCopyFormat(`column name mismatch in header line field ${i + 1}: got "${name}", expected "${f.columns[i]}"`, where);
  });
}

/** Whether bytes [start, end) of `b` equal `s`. */
export function bytesEqual(b: Uint8Array, start: number, end: number, s: Uint8Array): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[start + i] !== s[i]) return false;
  return true;
}

/**
 * Find where a line ends, given a CR or LF at `i`, fixing the line-end style at the first line
 * as Postgres does; returns the offset after the line end, null when more input is needed to
 * tell (a CR at the end of the input), or throws for a line end of another style.
 */
export function lineEndAt(input: Uint8Array, i: number, final: boolean, state: { eol: LineEnd }, csv: boolean, context: () => string): number | null {
  const c = input[i];
  if (c === 0x0a) {
    if (state.eol === 'unknown') state.eol = 'nl';
    if (state.eol !== 'nl') {
      throw badCopyFormat(csv ? 'unquoted newline found in data' : 'literal newline found in data', context(), csv ? 'Use quoted CSV field to represent newline.' : 'Use "\\n" to represent newline.');
    }
    return i + 1;
  }
  // A CR: alone, or the first half of CRLF.
  if (i + 1 >= input.length && !final && state.eol !== 'nl' && state.eol !== 'cr') return null;
  const crlf = input[i + 1] === 0x0a;
  if (state.eol === 'unknown') state.eol = crlf ? 'crnl' : 'cr';
  if (state.eol === 'nl' || (state.eol === 'crnl' && !crlf)) {
    throw badCopyFormat(csv ? 'unquoted carriage return found in data' : 'literal carriage return found in data', context(), csv ? 'Use quoted CSV field to represent carriage return.' : 'Use "\\r" to represent carriage return.');
  }
  return state.eol === 'crnl' ? i + 2 : i + 1;
}
