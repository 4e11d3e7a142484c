const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const N = 0x4e;

/** What the fast path needs to know of a COPY's text or CSV format. */
export interface TransposeFormat {
  csv: boolean;
  delimiter: number;
  quote: number;
  columns: number;
  /** The NULL text is `\N` (text format): a whole-field `\N` is no escape to decode. */
  nullIsMarker: boolean;
}

/** Rows split into columns as the client sent them. */
export interface Transposed {
  columns: Buffer[];
  rows: number;
  /** Some text-format field has a backslash escape other than the `\N` marker. */
  escapes: boolean;
  /** Input bytes the rows took. */
  consumed: number;
}

/** Bytes the loop must look at: the delimiter, LF, CR, NUL, backslash and (CSV) the quote. */
function specialBytes(f: TransposeFormat): Uint8Array {
  const t = new Uint8Array(256);
  for (const b of [f.delimiter, LF, CR, 0, BACKSLASH]) t[b] = 1;
  if (f.csv) t[f.quote] = 1;
  return t;
}

/**
 * The fast path of COPY FROM: split rows [0, end) of `input` into one LF-separated buffer per
 * column, copying each field's bytes as they are, in one pass over the bytes. It gives up
 * (null) on anything a row reader must handle: a wrong field count (the reader names the
 * row), CR, NUL, and in text format a backslash before the delimiter, a line end or a dot;
 * in CSV a quote or `\.` starting a line. Text-format escapes stay in place (the engine
 * decodes them); CSV has none. A last row without a line end counts when `end` is the end
 * of the input. At most `rowLimit` rows are taken.
 */
export function transpose(input: Buffer, end: number, f: TransposeFormat, rowLimit = Infinity): Transposed | null {
  const n = f.columns;
  if (n === 0 || end === 0) return null;
  const { csv, delimiter, nullIsMarker } = f;
  const special = specialBytes(f);
  const outs: Buffer[] = [];
  const lens = new Int32Array(n);
  const initial = Math.ceil((end / n) * 1.25) + 64;
  for (let k = 0; k < n; k++) outs.push(Buffer.allocUnsafe(initial));
  let k = 0;
  let out = outs[0];
  let cap = out.length - 2;
  let o = 0;
  let rows = 0;
  let escapes = false;
  let fieldStart = 0;
  for (let i = 0; i < end; i++) {
    if (o > cap) {
      // Grow the current column (its length so far is o, not yet in lens).
      const next = Buffer.allocUnsafe(2 * out.length);
      out.copy(next, 0, 0, o);
      outs[k] = out = next;
      cap = out.length - 2;
    }
    const c = input[i];
    if (special[c] === 0) {
      out[o++] = c;
      continue;
    }
    if (c === delimiter) {
      out[o++] = LF;
      lens[k] = o;
      if (++k === n) return null;
      out = outs[k];
      cap = out.length - 2;
      o = lens[k];
      fieldStart = i + 1;
    } else if (c === LF) {
      if (k !== n - 1) return null;
      out[o++] = LF;
      lens[k] = o;
      k = 0;
      out = outs[0];
      cap = out.length - 2;
      o = lens[0];
      fieldStart = i + 1;
      if (++rows === rowLimit) break;
    } else if (c === BACKSLASH) {
      const next = i + 1 < end ? input[i + 1] : -1;
      if (csv) {
        if (k === 0 && i === fieldStart && next === DOT) return null;
        out[o++] = c;
        continue;
      }
      if (next === -1 || next === delimiter || next === LF || next === DOT || next === CR) return null;
      if (!(nullIsMarker && next === N && i === fieldStart && (i + 2 >= end || input[i + 2] === delimiter || input[i + 2] === LF))) escapes = true;
      out[o++] = c;
      out[o++] = next;
      i++;
    } else {
      // CR, NUL, or a CSV quote.
      return null;
    }
  }
  // A last row without a line end.
  if (rows < rowLimit && input[end - 1] !== LF) {
    if (k !== n - 1) return null;
    lens[k] = o + 1;
    rows++;
    fieldStart = end;
  }
  return { columns: outs.map((b, j) => b.subarray(0, lens[j] - 1)), rows, escapes, consumed: fieldStart };
}

/** What the CSV fast path needs to know. */
export interface CsvTransposeFormat {
  delimiter: number;
  quote: number;
  escape: number;
  columns: number;
  /** The NULL text: an unquoted field equal to it is NULL. */
  null: Uint8Array;
}


/**
 * The fast path of COPY FROM in CSV: like transpose(), one pass over the bytes, but quotes are
 * resolved on the way, so values come out in the canonical form (NULL as `\N`, backslash, LF
 * and CR escaped) as the CSV row reader would write them. Rows end at the last complete
 * one (a quoted field may run past `end` unless `final`). Gives up (null) on what the reader
 * must handle: CR outside quotes, NUL, `\.` starting a line, a wrong field count.
 */
export function transposeCsv(input: Buffer, end: number, f: CsvTransposeFormat, final: boolean, rowLimit = Infinity): Transposed | null {
  const n = f.columns;
  if (n === 0 || end === 0) return null;
  const { delimiter, quote, escape } = f;
  const special = new Uint8Array(256);
  for (const b of [delimiter, quote, escape, LF, CR, 0, BACKSLASH]) special[b] = 1;
  const outs: Buffer[] = [];
  const lens = new Int32Array(n);
  const initial = Math.ceil((end / n) * 1.5) + 64;
  for (let k = 0; k < n; k++) outs.push(Buffer.allocUnsafe(initial));
  let k = 0;
  let out = outs[0];
  let cap = out.length - 3;
  let o = 0;
  let rows = 0;
  let consumed = 0;
  /** Column lengths at the start of the current row, to drop an incomplete last row. */
  const rowLens = new Int32Array(n);
  let escapes = false;
  let inQuote = false;
  let quoted = false;
  let fieldStart = 0;
  let fieldOut = 0;
  /** End the current field: NULL when unquoted and equal to the NULL text. */
  const endField = (i: number) => {
    if (!quoted && i - fieldStart === f.null.length) {
      let same = true;
      for (let j = 0; j < f.null.length && same; j++) same = input[fieldStart + j] === f.null[j];
      if (same) {
        o = fieldOut;
        out[o++] = BACKSLASH;
        out[o++] = N;
      }
    }
    out[o++] = LF;
    lens[k] = o;
  };
  for (let i = 0; i < end; i++) {
    if (o > cap) {
      const next = Buffer.allocUnsafe(2 * out.length);
      out.copy(next, 0, 0, o);
      outs[k] = out = next;
      cap = out.length - 3;
    }
    const c = input[i];
    if (special[c] === 0) {
      out[o++] = c;
      continue;
    }
    if (inQuote) {
      // An escape (or a doubled quote) at the end of the input may pair with what comes next.
      if (c === escape && i + 1 >= end && !final) break;
      if (c === escape && i + 1 < end && (input[i + 1] === quote || input[i + 1] === escape)) {
        const e = input[++i];
        if (e === BACKSLASH) {
          out[o++] = BACKSLASH;
          escapes = true;
        }
        out[o++] = e;
      } else if (c === quote) {
        inQuote = false;
      } else if (c === 0) {
        return null;
      } else {
        escapes ||= c === BACKSLASH || c === LF || c === CR;
        if (c === BACKSLASH || c === LF || c === CR) out[o++] = BACKSLASH;
        out[o++] = c === LF ? 0x6e : c === CR ? 0x72 : c;
      }
      continue;
    }
    if (c === quote) {
      inQuote = true;
      quoted = true;
    } else if (c === delimiter) {
      endField(i);
      if (++k === n) return null;
      out = outs[k];
      cap = out.length - 3;
      o = fieldOut = lens[k];
      fieldStart = i + 1;
      quoted = false;
    } else if (c === LF) {
      endField(i);
      if (k !== n - 1) return null;
      consumed = i + 1;
      rowLens.set(lens);
      if (++rows === rowLimit) break;
      k = 0;
      out = outs[0];
      cap = out.length - 3;
      o = fieldOut = lens[0];
      fieldStart = i + 1;
      quoted = false;
    } else if (c === BACKSLASH) {
      if (k === 0 && i === fieldStart && (i + 1 >= end ? !final : input[i + 1] === DOT)) return null;
      out[o++] = BACKSLASH;
      out[o++] = BACKSLASH;
      escapes = true;
    } else if (c === escape) {
      // The escape byte is data outside quotes.
      out[o++] = c;
    } else {
      // CR outside quotes, or NUL.
      return null;
    }
  }
  if (final && consumed < end && rows < rowLimit) {
    // A last row without a line end.
    if (inQuote || k !== n - 1) return null;
    endField(end);
    rows++;
    consumed = end;
    rowLens.set(lens);
  }
  return { columns: outs.map((b, j) => b.subarray(0, rowLens[j] - 1)), rows, escapes, consumed };
}
