import type { ColumnWriter } from './copy-canonical.js';
import { LineReader, badCopyFormat, bytesEqual, checkHeader, fieldCountError, type LineEnd, lineContext, lineEndAt } from './copy-reader.js';
import { invalidByteSequence, invalidUtf8At, unescapeCopyBytes } from './copy-text.js';

const BACKSLASH = 0x5c;
const DOT = 0x2e;

/**
 * COPY FROM in text format (CopyReadLineText and CopyReadAttributesText): a backslash escapes
 * the next byte (an escaped line end is data), `\.` ends the data, the line-end style is fixed
 * by the first line, and a field equal to the NULL text as written is NULL.
 * @see https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2
 */
export class CopyTextReader extends LineReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  protected readLine(input: Buffer, pos: number, out: ColumnWriter, final: boolean): number | null {
    const n = input.length;
    const context = () => lineContext(this.f.relname, this.line + 1);
    for (let i = pos; i < n; i++) {
      const c = input[i];
      if (c === BACKSLASH) {
        if (i + 1 >= n) break;
        if (input[i + 1] === DOT) {
          const after = this.endMarker(input, i + 2, final, context);
          if (after === null) return null;
          // Data before `\.` on its line is a last row.
          if (i > pos) this.row(input, pos, i, out);
          this.ended = true;
          return after;
        }
        i++;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        const after = lineEndAt(input, i, final, this.state, false, context);
        if (after === null) return null;
        this.row(input, pos, i, out);
        return after;
      }
    }
    if (!final) return null;
    if (n > pos) this.row(input, pos, n, out);
    return n;
  }

  /** After `\.`: a line end of the input's style (or the end of the input) must follow. */
  private endMarker(input: Buffer, at: number, final: boolean, context: () => string): number | null {
    if (at >= input.length) return final ? at : null;
    const c = input[at];
    if (c !== 0x0a && c !== 0x0d) throw badCopyFormat('end-of-copy marker corrupt', context());
    if (c === 0x0d && at + 1 >= input.length && !final) return null;
    const style: LineEnd = c === 0x0a ? 'nl' : input[at + 1] === 0x0a ? 'crnl' : 'cr';
    if (this.state.eol !== 'unknown' && this.state.eol !== style) throw badCopyFormat('end-of-copy marker does not match previous newline style', context());
    return at + (style === 'crnl' ? 2 : 1);
  }

  /** One complete line [start, end): split, checked, decoded and written (or checked as the header). */
  private row(input: Buffer, start: number, end: number, out: ColumnWriter): void {
    this.line++;
    const raw = input.subarray(start, end);
    if (this.validate) {
      const bad = invalidUtf8At(input, start, end);
      if (bad >= 0) throw invalidByteSequence(input, bad, end).with({ where: lineContext(this.f.relname, this.line) });
    }
    this.split(input, start, end);
    if (this.line === 1 && this.f.header) {
      if (this.f.header === 'match') checkHeader(this.f, this.starts.map((s, k) => this.fieldText(input, s, this.ends[k])), this.line, raw);
      return;
    }
    if (this.starts.length !== this.f.columns.length) throw fieldCountError(this.f, this.starts.length, this.line, raw);
    for (let k = 0; k < this.starts.length; k++) {
      const s = this.starts[k];
      const e = this.ends[k];
      if (bytesEqual(input, s, e, this.f.null)) {
        out.null();
        continue;
      }
      if (this.scratch.length < e - s) this.scratch = Buffer.allocUnsafe(2 * (e - s));
      const len = unescapeCopyBytes(input, s, e, this.scratch, 0);
      if (this.validate) {
        const badAt = invalidUtf8At(this.scratch, 0, len);
        if (badAt >= 0) throw invalidByteSequence(this.scratch, badAt, len).with({ where: lineContext(this.f.relname, this.line, raw) });
      }
      out.value(this.scratch, 0, len);
    }
    out.endRow();
  }

  /** Field boundaries of a line: split at delimiters that are not escaped. */
  private split(input: Buffer, start: number, end: number): void {
    this.starts.length = 0;
    this.ends.length = 0;
    let s = start;
    for (let i = start; i < end; i++) {
      const c = input[i];
      if (c === BACKSLASH) i++;
      else if (c === this.f.delimiter) {
        this.starts.push(s);
        this.ends.push(i);
        s = i + 1;
      }
    }
    this.starts.push(s);
    this.ends.push(end);
  }

  /** A field's value as text, or null (for the header check). */
  private fieldText(input: Buffer, s: number, e: number): string | null {
    if (bytesEqual(input, s, e, this.f.null)) return null;
    const buf = Buffer.allocUnsafe(e - s);
    return buf.toString('utf8', 0, unescapeCopyBytes(input, s, e, buf, 0));
  }
}
