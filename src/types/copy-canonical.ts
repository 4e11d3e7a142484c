const LF = 0x0a;

/**
 * The form COPY FROM rows take into the engine: column by column, one buffer per column
 * holding that column's values of every row, separated by LF. The engine splits each buffer
 * and zips them back into rows, so it never splits a row into fields itself (the most costly
 * part of loading text). Values are COPY text values: NULL is `\N` and a value's backslash,
 * LF and CR are escaped (`\\`, `\n`, `\r`) — except in batches the client's own bytes were
 * copied into as they came (see CopyInBatch), which keep the client's spelling.
 */
export class ColumnWriter {
  private readonly bufs: Buffer[] = [];
  private readonly lens: Int32Array;
  private col = 0;
  /** Rows written since the last take(). */
  rows = 0;
  /** Some value written since the last take() holds an escape. */
  escaped = false;

  constructor(private readonly columns: number) {
    this.lens = new Int32Array(columns);
    for (let k = 0; k < columns; k++) this.bufs.push(Buffer.allocUnsafe(1 << 14));
  }

  /** Room for `n` more bytes in the current column. */
  private room(n: number): Buffer {
    const k = this.col;
    let b = this.bufs[k];
    if (this.lens[k] + n > b.length) {
      let size = b.length * 2;
      while (size < this.lens[k] + n) size *= 2;
      const next = Buffer.allocUnsafe(size);
      b.copy(next, 0, 0, this.lens[k]);
      this.bufs[k] = b = next;
    }
    return b;
  }

  /** The next column's value: bytes [start, end), escaped. */
  value(src: Uint8Array, start: number, end: number): void {
    const b = this.room(1 + 2 * (end - start));
    let at = this.lens[this.col];
    const from = at;
    for (let i = start; i < end; i++) {
      const c = src[i];
      if (c === 0x5c) {
        b[at++] = 0x5c;
        b[at++] = 0x5c;
      } else if (c === LF) {
        b[at++] = 0x5c;
        b[at++] = 0x6e;
      } else if (c === 0x0d) {
        b[at++] = 0x5c;
        b[at++] = 0x72;
      } else {
        b[at++] = c;
      }
    }
    if (at - from !== end - start) this.escaped = true;
    b[at++] = LF;
    this.lens[this.col++] = at;
  }

  /** The next column's value given as text. */
  text(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.value(bytes, 0, bytes.length);
  }

  /** The next column's value is NULL. */
  null(): void {
    const b = this.room(3);
    let at = this.lens[this.col];
    b[at++] = 0x5c;
    b[at++] = 0x4e;
    b[at++] = LF;
    this.lens[this.col++] = at;
  }

  /** The row is complete (every column written). */
  endRow(): void {
    this.col = 0;
    this.rows++;
  }

  /** Each column's values so far (without the last LF), and a fresh start. */
  take(): Buffer[] {
    const out = this.bufs.map((b, k) => Buffer.from(b.subarray(0, Math.max(0, this.lens[k] - 1))));
    this.lens.fill(0);
    this.rows = 0;
    this.escaped = false;
    this.col = 0;
    return out;
  }
}
