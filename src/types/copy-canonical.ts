/**
 * The one form COPY FROM rows take into the engine when they cannot go as the client sent
 * them (CSV with quotes, text with CR line ends or escaped delimiters, binary): rows joined
 * by LF, fields by tab, NULL as `\N`, and each value's bytes escaped so it holds no tab, LF,
 * CR or bare backslash (`\t`, `\n`, `\r`, `\\`). It is COPY's own text format with its
 * default options, so the engine reads it with the same SQL as text the client sent.
 */
export class CanonicalWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;
  private firstField = true;
  /** Rows written since the last take(). */
  rows = 0;
  /** Some value written since the last take() holds an escape. */
  escaped = false;

  get byteLength(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  private separator(): void {
    if (!this.firstField) this.buf[this.len++] = 0x09;
    this.firstField = false;
  }

  /** A value's bytes [start, end), escaped. */
  value(src: Uint8Array, start: number, end: number): void {
    this.ensure(1 + 2 * (end - start));
    this.separator();
    const b = this.buf;
    let at = this.len;
    const from = at;
    for (let i = start; i < end; i++) {
      const c = src[i];
      switch (c) {
        case 0x5c:
          b[at++] = 0x5c;
          b[at++] = 0x5c;
          break;
        case 0x09:
          b[at++] = 0x5c;
          b[at++] = 0x74;
          break;
        case 0x0a:
          b[at++] = 0x5c;
          b[at++] = 0x6e;
          break;
        case 0x0d:
          b[at++] = 0x5c;
          b[at++] = 0x72;
          break;
        default:
          b[at++] = c;
      }
    }
    if (at - from !== end - start) this.escaped = true;
    this.len = at;
  }

  /** A value given as text. */
  text(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.value(bytes, 0, bytes.length);
  }

  null(): void {
    this.ensure(3);
    this.separator();
    this.buf[this.len++] = 0x5c;
    this.buf[this.len++] = 0x4e;
  }

  endRow(): void {
    this.ensure(1);
    this.buf[this.len++] = 0x0a;
    this.firstField = true;
    this.rows++;
  }

  /** The rows written so far, without the last LF (the load SQL splits on LF), and a fresh start. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, Math.max(0, this.len - 1)));
    this.len = 0;
    this.rows = 0;
    this.escaped = false;
    this.firstField = true;
    return out;
  }
}
