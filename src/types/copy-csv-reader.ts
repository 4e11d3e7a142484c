import type { ColumnWriter } from './copy-canonical.js';
import { LineReader, badCopyFormat, bytesEqual, checkHeader, fieldCountError, lineContext, lineEndAt } from './copy-reader.js';
import { invalidByteSequence, invalidUtf8At } from './copy-text.js';

/**
 * COPY FROM in CSV format (CopyReadLineText and CopyReadAttributesCSV in csv mode): quoted
 * fields may hold delimiters and line ends, the escape byte (the quote by default) escapes a
 * quote or itself inside quotes, an unquoted field equal to the NULL text is NULL, and `\.`
 * alone on a line ends the data.
 * @see https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.3
 */
export class CopyCsvReader extends LineReader {
  /** Fields of the current line: where each value starts in `scratch`, its length, whether it was quoted, and its raw extent. */
  private count = 0;
  private at = new Int32Array(16);
  private len = new Int32Array(16);
  private quoted = new Uint8Array(16);
  private rawStart = new Int32Array(16);
  private rawEnd = new Int32Array(16);

  protected readLine(input: Buffer, pos: number, out: ColumnWriter, final: boolean): number | null {
    const n = input.length;
    const { quote, escape } = this.f;
    const context = () => lineContext(this.f.relname, this.line + 1);
    // `\.` alone on a line ends the data; anywhere else it is data.
    if (input[pos] === 0x5c) {
      if (pos + 1 >= n && !final) return null;
      if (input[pos + 1] === 0x2e) {
        if (pos + 2 >= n) {
          if (!final) return null;
          this.ended = true;
          return n;
        }
        const c = input[pos + 2];
        if (c === 0x0a || c === 0x0d) {
          const after = lineEndAt(input, pos + 2, final, this.state, true, context);
          if (after === null) return null;
          this.ended = true;
          return after;
        }
      }
    }
    let inQuote = false;
    for (let i = pos; i < n; i++) {
      const c = input[i];
      if (inQuote) {
        if (c === escape && escape !== quote) {
          if (i + 1 >= n) {
            if (!final) return null;
            break;
          }
          const d = input[i + 1];
          if (d === quote || d === escape) i++;
        } else if (c === quote) {
          inQuote = false;
        }
        continue;
      }
      if (c === quote) inQuote = true;
      else if (c === 0x0a || c === 0x0d) {
        const after = lineEndAt(input, i, final, this.state, true, context);
        if (after === null) return null;
        this.row(input, pos, i, out);
        return after;
      }
    }
    if (!final) return null;
    if (n > pos) this.row(input, pos, n, out);
    return n;
  }

  /** One complete record [start, end) (quoted line ends included): parsed, checked and written. */
  private row(input: Buffer, start: number, end: number, out: ColumnWriter): void {
    this.line++;
    if (this.validate) {
      const bad = invalidUtf8At(input, start, end);
      if (bad >= 0) throw invalidByteSequence(input, bad, end).with({ where: lineContext(this.f.relname, this.line) });
    }
    this.parse(input, start, end);
    const count = this.count;
    if (this.line === 1 && this.f.header) {
      if (this.f.header === 'match') {
        const names: (string | null)[] = [];
        for (let k = 0; k < count; k++) names.push(this.isNull(input, k) ? null : this.scratch.toString('utf8', this.at[k], this.at[k] + this.len[k]));
        checkHeader(this.f, names, this.line, input.subarray(start, end));
      }
      return;
    }
    if (count !== this.f.columns.length) throw fieldCountError(this.f, count, this.line, input.subarray(start, end));
    const { forceNotNull, forceNull } = this.f;
    for (let k = 0; k < count; k++) {
      const a = this.at[k];
      const e = a + this.len[k];
      // FORCE_NOT_NULL reads the NULL text as a value; FORCE_NULL makes a quoted NULL text NULL too.
      if (this.isNull(input, k) ? !forceNotNull[k] : forceNull[k] && bytesEqual(this.scratch, a, e, this.f.null)) out.null();
      else out.value(this.scratch, a, e);
    }
    out.endRow();
  }

  /** An unquoted field whose raw text is the NULL text. */
  private isNull(input: Buffer, k: number): boolean {
    return this.quoted[k] === 0 && bytesEqual(input, this.rawStart[k], this.rawEnd[k], this.f.null);
  }

  /** Room for one more field in the per-line arrays. */
  private grow(): void {
    const n = this.at.length * 2;
    const more = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.at = more(this.at, (k) => new Int32Array(k));
    this.len = more(this.len, (k) => new Int32Array(k));
    this.quoted = more(this.quoted, (k) => new Uint8Array(k));
    this.rawStart = more(this.rawStart, (k) => new Int32Array(k));
    this.rawEnd = more(this.rawEnd, (k) => new Int32Array(k));
  }

  /** Split a record into fields, decoding quotes into `scratch`. */
  private parse(input: Buffer, start: number, end: number): void {
    const { quote, escape, delimiter } = this.f;
    this.count = 0;
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(2 * (end - start));
    const s = this.scratch;
    let o = 0;
    let i = start;
    for (;;) {
      const fieldStart = i;
      const valueStart = o;
      let sawQuote = false;
      let delimited = false;
      field: for (;;) {
        // Outside quotes.
        for (;;) {
          if (i >= end) break field;
          const c = input[i++];
          if (c === delimiter) {
            delimited = true;
            break field;
          }
          if (c === quote) {
            sawQuote = true;
            break;
          }
          s[o++] = c;
        }
        // Inside quotes.
        for (;;) {
          if (i >= end) throw badCopyFormat('unterminated CSV quoted field', lineContext(this.f.relname, this.line, input.subarray(start, end)));
          const c = input[i++];
          if (c === escape && i < end && (input[i] === escape || input[i] === quote)) {
            s[o++] = input[i++];
            continue;
          }
          if (c === quote) break;
          s[o++] = c;
        }
      }
      if (this.count === this.at.length) this.grow();
      const k = this.count++;
      this.at[k] = valueStart;
      this.len[k] = o - valueStart;
      this.quoted[k] = sawQuote ? 1 : 0;
      this.rawStart[k] = fieldStart;
      this.rawEnd[k] = delimited ? i - 1 : i;
      if (!delimited) return;
    }
  }
}
