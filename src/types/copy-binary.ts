import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';
import type { ColumnWriter } from './copy-canonical.js';
import { badCopyFormat, type CopyInFormat, type CopyRowReader, lineContext } from './copy-reader.js';
import { decodeParam } from './param-decode.js';

/**
 * COPY's binary format: an 11-byte signature, flags and a header extension, then per row a
 * field count and length-prefixed values in each type's send/recv form, then -1.
 * @see https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4
 */
export const PGCOPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** The file header COPY TO writes: signature, no flags, no extension. */
export function binaryCopyHeader(): Buffer {
  return Buffer.concat([PGCOPY_SIGNATURE, Buffer.alloc(8)]);
}

/** The trailer: a field count of -1. */
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** One row of COPY TO in binary: the field count, then each value's length and bytes (-1 for NULL). */
export function binaryCopyRow(cells: readonly (Buffer | null)[]): Buffer {
  let size = 2;
  for (const c of cells) size += 4 + (c ? c.length : 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt16BE(cells.length, 0);
  let at = 2;
  for (const c of cells) {
    if (c === null) {
      out.writeInt32BE(-1, at);
      at += 4;
    } else {
      out.writeInt32BE(c.length, at);
      c.copy(out, at + 4);
      at += 4 + c.length;
    }
  }
  return out;
}

/**
 * COPY FROM in binary format: each value is decoded per its column's type OID (the binary
 * parameter decoders) and written to the canonical text form, so the engine converts it
 * with the same SQL as text input.
 */
export class CopyBinaryReader implements CopyRowReader {
  line = 0;
  ended = false;
  readonly lineEnd = 'unknown';
  /** Values are checked as they are decoded; text values reach the engine's decode(). */
  validate = false;
  private headerRead = false;

  constructor(
    private readonly f: CopyInFormat,
    /** Type OID of each copied column. */
    private readonly oids: readonly number[],
  ) {}

  read(input: Buffer, out: ColumnWriter, final: boolean): number {
    let pos = 0;
    if (!this.headerRead) {
      const after = this.header(input, final);
      if (after === null) return 0;
      pos = after;
      this.headerRead = true;
    }
    while (!this.ended) {
      const next = this.tuple(input, pos, out);
      if (next === null) break;
      pos = next;
    }
    if (this.ended && pos < input.length) throw badCopyFormat('received copy data after EOF marker', lineContext(this.f.relname, this.line));
    if (final && !this.ended && pos < input.length) throw badCopyFormat('unexpected EOF in COPY data', lineContext(this.f.relname, this.line + 1));
    return pos;
  }

  /** The signature, flags and header extension; returns where rows begin, or null when incomplete. */
  private header(input: Buffer, final: boolean): number | null {
    const where = lineContext(this.f.relname, 0);
    const need = (n: number, what: string) => {
      if (input.length >= n) return true;
      if (final) throw badCopyFormat(what, where);
      return false;
    };
    if (!need(11, 'COPY file signature not recognized')) return null;
    if (!input.subarray(0, 11).equals(PGCOPY_SIGNATURE)) throw badCopyFormat('COPY file signature not recognized', where);
    if (!need(15, 'invalid COPY file header (missing flags)')) return null;
    const flags = input.readInt32BE(11);
    if (flags & (1 << 16)) throw badCopyFormat('invalid COPY file header (WITH OIDS)', where);
    if ((flags >>> 16) & ~1) throw badCopyFormat('unrecognized critical flags in COPY file header', where);
    if (!need(19, 'invalid COPY file header (missing length)')) return null;
    const ext = input.readInt32BE(15);
    if (ext < 0) throw badCopyFormat('invalid COPY file header (wrong length)', where);
    if (!need(19 + ext, 'invalid COPY file header (wrong length)')) return null;
    return 19 + ext;
  }

  /** One row at `pos`; returns the offset after it, or null when it is incomplete. */
  private tuple(input: Buffer, pos: number, out: ColumnWriter): number | null {
    if (input.length - pos < 2) return null;
    const count = input.readInt16BE(pos);
    if (count === -1) {
      this.ended = true;
      return pos + 2;
    }
    const line = this.line + 1;
    if (count !== this.f.columns.length) throw badCopyFormat(`row field count is ${count}, expected ${this.f.columns.length}`, lineContext(this.f.relname, line));
    // Check the row is complete before writing any of it.
    let at = pos + 2;
    for (let k = 0; k < count; k++) {
      if (input.length - at < 4) return null;
      const len = input.readInt32BE(at);
      if (len < -1) throw badCopyFormat('invalid field size', lineContext(this.f.relname, line));
      at += 4 + Math.max(0, len);
      if (at > input.length) return null;
    }
    this.line = line;
    at = pos + 2;
    for (let k = 0; k < count; k++) {
      const len = input.readInt32BE(at);
      at += 4;
      if (len === -1) {
        out.null();
        continue;
      }
      this.value(input.subarray(at, at + len), k, out);
      at += len;
    }
    out.endRow();
    return at;
  }

  private value(raw: Buffer, k: number, out: ColumnWriter): void {
    const where = `COPY ${this.f.relname}, line ${this.line}, column ${this.f.columns[k]}`;
    let v;
    try {
      v = decodeParam(raw, 1, this.oids[k], false);
    } catch (e) {
      if (!(e instanceof PgError)) throw e;
      if (e.code === SqlStates.feature_not_supported) throw new PgError(e.code, `binary COPY of values of type oid ${this.oids[k]} is not supported; use text or csv format`, { where });
      throw new PgError(e.code, e.code === SqlStates.invalid_binary_representation ? 'incorrect binary data format' : e.message, { where });
    }
    if (v === null) out.null();
    else if (v.kind === 'bytes') out.text('\\x' + Buffer.from(v.value).toString('hex'));
    else out.text(v.value);
  }
}
