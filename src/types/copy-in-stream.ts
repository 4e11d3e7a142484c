import { CanonicalWriter } from './copy-canonical.js';
import { CopyBinaryReader } from './copy-binary.js';
import { CopyCsvReader } from './copy-csv-reader.js';
import type { CopyInFormat, CopyRowReader } from './copy-reader.js';
import { CopyTextReader } from './copy-text-reader.js';

/** A piece of COPY FROM input, cut at a row boundary, ready for the engine. */
export interface CopyInBatch {
  /**
   * The rows, joined by LF with no LF after the last: the client's own bytes (`canonical`
   * false: the engine splits them with the COPY's delimiter and NULL text) or the canonical
   * form (tab, `\N`, see CanonicalWriter).
   */
  bytes: Buffer;
  canonical: boolean;
  /** Some field has a backslash escape to decode (text format); without, only NULL markers need checking. */
  escapes: boolean;
  rows: number;
  /** Line number of the first row, as Postgres counts lines (the header is line 1). */
  firstLine: number;
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
const CR = 0x0d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

/**
 * Cuts a COPY FROM byte stream into batches of whole rows without holding more than about
 * one batch. Most input goes to the engine exactly as the client sent it: the engine splits
 * lines and fields itself, which is what makes COPY fast. Input whose rows cannot be split
 * that simply (CSV quotes, CR line ends, escaped delimiters or line ends, the end marker,
 * binary, and the first batch, which fixes the line-end style and holds the header) goes
 * through a row reader into the canonical form instead.
 */
export class CopyInStream {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly reader: CopyRowReader;
  private readonly writer = new CanonicalWriter();
  /** Rows taken so far, the header included. */
  private line = 0;
  /** Pending bytes that make a batch; doubled while a single row is longer (so a long row is not rescanned per message). */
  private cutAt: number;

  constructor(
    private readonly format: CopyInFormatName,
    private readonly f: CopyInFormat,
    /** Type OIDs of the copied columns (binary format). */
    oids: readonly number[],
    private readonly batchBytes: number,
  ) {
    this.cutAt = batchBytes;
    this.reader = readerFor(format, f, oids);
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
    const lastLf = buf.lastIndexOf(LF);
    const region = final ? buf.length : lastLf + 1;
    const as = this.format !== 'binary' && this.line > 0 && this.reader.lineEnd === 'nl' && region > 0 ? this.passable(buf, region) : null;
    if (as) {
      out.push(this.passThrough(buf, region, as.escapes));
      rest = buf.subarray(region);
    } else {
      this.reader.line = this.line;
      // decode() in the engine refuses bad UTF-8 but not NUL, which Postgres refuses too.
      this.reader.validate = buf.indexOf(0) >= 0;
      const consumed = this.reader.read(buf, this.writer, final);
      const rows = this.writer.rows;
      const firstLine = this.line + 1 + (this.line === 0 && this.f.header && this.format !== 'binary' ? 1 : 0);
      this.line = this.reader.line;
      const escapes = this.writer.escaped;
      if (rows > 0) out.push({ bytes: this.writer.take(), canonical: true, escapes, rows, firstLine });
      rest = buf.subarray(consumed);
    }
    if (rest.length > 0 && !this.reader.ended) {
      if (final) return [...out, ...this.cut([rest], true)];
      // Keep a private copy: a retained tail must not pin the whole batch.
      this.pending = [Buffer.from(rest)];
      this.pendingBytes = rest.length;
    }
    return out;
  }

  /** Rows [0, region) as the client sent them. */
  private passThrough(buf: Buffer, region: number, escapes: boolean): CopyInBatch {
    let rows = 0;
    for (let i = buf.indexOf(LF); i >= 0 && i < region; i = buf.indexOf(LF, i + 1)) rows++;
    const endsWithLf = buf[region - 1] === LF;
    if (!endsWithLf) rows++;
    const batch = { bytes: buf.subarray(0, endsWithLf ? region - 1 : region), canonical: false, escapes, rows, firstLine: this.line + 1 };
    this.line += rows;
    return batch;
  }

  /**
   * Whether rows [0, region) split correctly at LF and the delimiter as they are (null if not):
   * no CR, no NUL, and, in text format, no backslash before the delimiter, a line end or a dot;
   * in CSV, no quote and no `\.` starting a line. `escapes`: some backslash is more than a
   * whole-field `\N` (the NULL marker), so fields need decoding.
   */
  private passable(buf: Buffer, region: number): { escapes: boolean } | null {
    const within = (i: number) => i >= 0 && i < region;
    if (within(buf.indexOf(CR)) || within(buf.indexOf(0))) return null;
    if (this.format === 'csv') {
      if (within(buf.indexOf(this.f.quote))) return null;
      for (let i = buf.indexOf('\\.'); within(i); i = buf.indexOf('\\.', i + 1)) if (i === 0 || buf[i - 1] === LF) return null;
      return { escapes: false };
    }
    const d = this.f.delimiter;
    const nullMarker = this.f.null.length === 2 && this.f.null[0] === BACKSLASH && this.f.null[1] === 0x4e;
    let escapes = false;
    for (let i = buf.indexOf(BACKSLASH); within(i); i = buf.indexOf(BACKSLASH, i + 2)) {
      const next = i + 1 < region ? buf[i + 1] : -1;
      if (next === -1 || next === d || next === LF || next === DOT) return null;
      const wholeNull = nullMarker && next === 0x4e && (i === 0 || buf[i - 1] === d || buf[i - 1] === LF) && (buf[i + 2] === d || buf[i + 2] === LF || i + 2 >= region);
      if (!wholeNull) escapes = true;
    }
    return { escapes };
  }
}
