import { ColumnWriter } from './copy-canonical.js';
import { CopyBinaryReader } from './copy-binary.js';
import { CopyCsvReader } from './copy-csv-reader.js';
import type { CopyInFormat, CopyRowReader } from './copy-reader.js';
import { CopyTextReader } from './copy-text-reader.js';
import { type CsvTransposeFormat, transpose, transposeCsv, type TransposeFormat } from './copy-transpose.js';

/** A piece of COPY FROM input, cut at a row boundary, ready for the engine. */
export interface CopyInBatch {
  /**
   * One buffer per copied column: its values of every row, separated by LF. `canonical`
   * false: the client's own field bytes (read with the COPY's NULL text, and escapes when
   * text format); true: written by a row reader (NULL is `\N`, text escapes; see ColumnWriter).
   */
  columns: Buffer[];
  canonical: boolean;
  /** Some field has a backslash escape to decode (text format); without, only NULL markers need checking. */
  escapes: boolean;
  rows: number;
  /** Line number of the first row, as Postgres counts lines (the header is line 1). */
  firstLine: number;
  /** Per column, whether every value has its type's plain shape (see plainShape): set by the loader. */
  plain?: boolean[];
}

export type CopyInFormatName = 'text' | 'csv' | 'binary';

/**
 * The row reader of a format. `validate` checks every line is UTF-8 without NUL; otherwise the
 * engine's decode() of the batch refuses bad bytes and the failed batch is read again validating.
 */
export function readerFor(format: CopyInFormatName, f: CopyInFormat, oids: readonly number[], validate = false): CopyRowReader {
  return format === 'binary' ? new CopyBinaryReader(f, oids) : format === 'csv' ? new CopyCsvReader(f, validate) : new CopyTextReader(f, validate);
}

const LF = 0x0a;
/** The first batch is small: it goes through the row reader (it fixes the line-end style and holds the header). */
const FIRST_BATCH_BYTES = 64 * 1024;
/**
 * DuckDB's row group size. Batches of whole row groups are written out as they are inserted;
 * a part of one is merged into the next batch's rows at commit, which cost a fifth of the
 * time of 1M rows loaded in 80k-row batches.
 */
const ROW_GROUP = 122880;

/**
 * Cuts a COPY FROM byte stream into batches of whole rows, split into columns, without holding
 * more than about one batch. Most input takes the fast path (transpose): one pass copying
 * field bytes as they came. Rows it cannot take (CSV quotes, CR line ends, escaped delimiters
 * or line ends, the end marker, a wrong field count), binary input and the first batch go
 * through the format's row reader instead, which checks everything and names a bad row.
 */
export class CopyInStream {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly reader: CopyRowReader;
  private readonly writer: ColumnWriter;
  private readonly fast: TransposeFormat;
  /** The CSV fast path, unless FORCE_NULL or FORCE_NOT_NULL ask for the reader. */
  private readonly fastCsv: CsvTransposeFormat | null;
  /** Rows taken so far, the header included. */
  private line = 0;
  /** Pending bytes that make a batch; doubled while a single row is longer (so a long row is not rescanned per message). */
  private cutAt: number;
  /** Bytes per row seen so far on the fast paths, to cut batches at whole row groups. */
  private fastBytes = 0;
  private fastRows = 0;
  /** Rows in the batches given out so far. */
  private rowsOut = 0;

  constructor(
    private readonly format: CopyInFormatName,
    private readonly f: CopyInFormat,
    /** Type OIDs of the copied columns (binary format). */
    oids: readonly number[],
    private readonly batchBytes: number,
  ) {
    this.reader = readerFor(format, f, oids);
    this.writer = new ColumnWriter(f.columns.length);
    this.cutAt = Math.min(batchBytes, FIRST_BATCH_BYTES);
    const nullIsMarker = f.null.length === 2 && f.null[0] === 0x5c && f.null[1] === 0x4e;
    this.fast = { csv: format === 'csv', delimiter: f.delimiter, quote: f.quote, columns: f.columns.length, nullIsMarker };
    const forced = f.forceNull.some(Boolean) || f.forceNotNull.some(Boolean);
    this.fastCsv = format === 'csv' && !forced ? { delimiter: f.delimiter, quote: f.quote, escape: f.escape, columns: f.columns.length, null: f.null } : null;
  }

  get isBinary(): boolean {
    return this.format === 'binary';
  }

  /** Add a CopyData message's bytes; returns the batches that are now complete. */
  push(chunk: Buffer): CopyInBatch[] {
    if (this.reader.ended) return this.format === 'binary' && chunk.length > 0 ? this.cut([chunk], false) : [];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.cutAt) return [];
    const before = this.pendingBytes;
    const batches = this.cut(this.takePending(), false);
    this.cutAt = this.pendingBytes === before ? 2 * this.cutAt : this.batchBytes;
    return batches;
  }

  /** CopyDone: the rest of the input as the last batches. */
  end(): CopyInBatch[] {
    if (this.reader.ended) return [];
    return this.cut(this.takePending(), true);
  }

  /**
   * Rows to take from `bytes` of input so that the rows loaded so far end on a row-group
   * boundary, when the input holds enough (by the row size seen so far); else all of it.
   */
  private rowLimit(bytes: number): number {
    if (this.fastRows === 0) return Infinity;
    const into = this.rowsOut % ROW_GROUP;
    const groups = Math.floor((bytes / (this.fastBytes / this.fastRows) + into) / ROW_GROUP);
    return groups >= 1 ? groups * ROW_GROUP - into : Infinity;
  }

  private takePending(): Buffer[] {
    const p = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return p;
  }

  private cut(chunks: Buffer[], final: boolean): CopyInBatch[] {
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const out: CopyInBatch[] = [];
    let rest: Buffer;
    const region = final ? buf.length : buf.lastIndexOf(LF) + 1;
    const ready = this.format !== 'binary' && this.line > 0 && this.reader.lineEnd === 'nl';
    const limit = final ? Infinity : this.rowLimit(region);
    // CSV first: quotes are resolved into the canonical form (no quote: the plain pass would do too).
    const csv = ready && this.fastCsv ? transposeCsv(buf, buf.length, this.fastCsv, final, limit) : null;
    const fast = ready && !csv && region > 0 && (this.format === 'text' || !this.fastCsv) ? transpose(buf, region, this.fast, limit) : null;
    const taken = csv ?? fast;
    if (taken) {
      if (taken.rows > 0) out.push({ columns: taken.columns, canonical: csv !== null, escapes: taken.escapes, rows: taken.rows, firstLine: this.line + 1 });
      this.line += taken.rows;
      this.fastRows += taken.rows;
      this.fastBytes += taken.consumed;
      rest = buf.subarray(taken.consumed);
    } else {
      this.reader.line = this.line;
      // decode() in the engine refuses bad UTF-8 but not NUL, which Postgres refuses too.
      this.reader.validate = buf.indexOf(0) >= 0;
      const consumed = this.reader.read(buf, this.writer, final);
      const rows = this.writer.rows;
      const firstLine = this.line + 1 + (this.line === 0 && this.f.header && this.format !== 'binary' ? 1 : 0);
      this.line = this.reader.line;
      const escapes = this.writer.escaped;
      if (rows > 0) out.push({ columns: this.writer.take(), canonical: true, escapes, rows, firstLine });
      rest = buf.subarray(consumed);
    }
    for (const b of out) this.rowsOut += b.rows;
    if (rest.length > 0 && !this.reader.ended) {
      if (final) return [...out, ...this.cut([rest], true)];
      // Keep a private copy: a retained tail must not pin the whole batch.
      this.pending = [Buffer.from(rest)];
      this.pendingBytes = rest.length;
    }
    return out;
  }
}
