import type { DuckDBDataChunk, DuckDBStructVector, DuckDBVector } from '@duckdb/node-api';
import type { EngineColumn } from '../engine/index.js';
import type { ColumnTypeHint, ResultTypeHints } from '../sql/index.js';
import { descForOid, type EncodeContext, encodeBinary, pgTypeOf, type PgTypeDesc, textEncoders } from '../types/index.js';
import type { BackendSerializer, FieldDescription, FormatCode } from '../wire/index.js';

/** A result column as the client sees it. */
export interface ResultColumn {
  name: string;
  type: PgTypeDesc;
  /** The table column it is, as RowDescription reports it (table OID, attnum); none for a computed column. */
  origin?: { tableOid: number; attnum: number };
}

/** Result columns of an engine result, with the planner's type hints (Postgres's view) applied. */
export function resultColumnsOf(cols: readonly EngineColumn[], hints?: ResultTypeHints): ResultColumn[] {
  return cols.map((c, i) => {
    const hint = hints && (i < hints.columns.length ? hints.columns[i] : hints.rest);
    return { name: hint?.name ?? c.name, type: hinted(pgTypeOf(c.type), hint), ...(hint?.origin ? { origin: hint.origin } : {}) };
  });
}

/**
 * Apply a hint where it fits the value DuckDB produces: an OID only within the same
 * encoding (varchar for text, jsonb for json), so a hint can never garble a value.
 */
function hinted(desc: PgTypeDesc, hint: ColumnTypeHint | null | undefined): PgTypeDesc {
  if (!hint) return desc;
  let d = desc;
  if (hint.oid !== undefined && hint.oid !== d.oid) {
    const h = descForOid(hint.oid);
    if (!hintFits(h, d)) return desc;
    // An array or vector hint whose element is another type (oid[] over bigint[]) brings its element.
    const element = h.element && h.element.oid !== d.element?.oid ? h.element : d.element;
    d = { ...d, oid: h.oid, typlen: h.typlen, kind: h.kind, ...(element ? { element } : {}) };
  }
  if (hint.trimScale) d = trimmed(d);
  return hint.typmod !== undefined && hint.typmod !== d.typmod ? { ...d, typmod: hint.typmod } : d;
}

const integerKinds = new Set(['int2', 'int4', 'int8']);

/**
 * Whether values of `value`'s encoding can be sent as the hinted type: the same encoding, an
 * OID from an integer, a catalog vector (int2vector, oidvector) from an array, element by element.
 */
function hintFits(hint: PgTypeDesc, value: PgTypeDesc): boolean {
  if (hint.kind === 'oid') return value.kind === 'oid' || integerKinds.has(value.kind);
  if (hint.kind === 'pgvector') return value.kind === 'array' && value.element?.kind === 'float4';
  if (hint.kind === 'vector' || (hint.kind === 'array' && value.kind === 'array')) {
    return (value.kind === 'array' || value.kind === 'vector') && hint.element !== undefined && value.element !== undefined && hintFits(hint.element, value.element);
  }
  return hint.kind === value.kind;
}

/** A numeric (or numeric array's element) printed without padding zeros. */
function trimmed(d: PgTypeDesc): PgTypeDesc {
  if (d.kind === 'numeric') return { ...d, trimScale: true };
  return d.kind === 'array' && d.element?.kind === 'numeric' ? { ...d, element: { ...d.element, trimScale: true } } : d;
}

/** Apply Bind's result-format rule: none → text, one → all, else one per column. */
export function formatsFor(count: number, requested: readonly FormatCode[]): FormatCode[] {
  if (requested.length === 0) return new Array<FormatCode>(count).fill(0);
  if (requested.length === 1) return new Array<FormatCode>(count).fill(requested[0]);
  return requested.slice(0, count) as FormatCode[];
}

/** RowDescription fields. */
export function fieldsFor(cols: readonly ResultColumn[], formats: readonly FormatCode[]): FieldDescription[] {
  return cols.map((c, i) => ({
    name: c.name,
    tableOid: c.origin?.tableOid ?? 0,
    columnAttr: c.origin?.attnum ?? 0,
    typeOid: c.type.oid,
    typeSize: c.type.typlen,
    typeModifier: c.type.typmod,
    format: formats[i] ?? 0,
  }));
}

type CellEncoder = (v: unknown) => string | Buffer;
type CellReader = (vector: DuckDBVector, row: number) => unknown;

/** A DuckDB vector's value at a row; a record (unnamed struct) is read field by field. */
const readItem: CellReader = (vector, row) => vector.getItem(row);
const readRecord: CellReader = (vector, row) => {
  const sv = vector as DuckDBStructVector;
  if (!sv.isItemValid(row)) return null;
  return sv.type.entryNames.map((_, i) => sv.getItemValue(row, i));
};

/** Encodes rows into DataRow messages with one encoder per column, chosen once. */
export class RowEncoder {
  private readonly encoders: CellEncoder[];
  private readonly readers: CellReader[];

  constructor(cols: readonly ResultColumn[], formats: readonly FormatCode[], ctx: EncodeContext) {
    this.encoders = cols.map((c, i) => {
      if (formats[i] === 1) return (v) => encodeBinary(v, c.type, ctx);
      // The type's encoder, looked up once per column rather than per value.
      const text = textEncoders[c.type.kind];
      return (v) => text(v, ctx, c.type);
    });
    this.readers = cols.map((c) => (c.type.kind === 'record' ? readRecord : readItem));
  }

  /** Write rows [from, to) of a DuckDB chunk. */
  writeChunk(chunk: DuckDBDataChunk, from: number, to: number, ser: BackendSerializer): void {
    this.encodeRows(chunk, from, to, (cells) => ser.dataRow(cells));
  }

  /** Encode rows [from, to) of a DuckDB chunk, handing each row's cells to `emit` (the array is reused). */
  encodeRows(chunk: DuckDBDataChunk, from: number, to: number, emit: (cells: (string | Buffer | null)[]) => void): void {
    const n = this.encoders.length;
    const vectors = [];
    for (let c = 0; c < n; c++) vectors.push(chunk.getColumnVector(c));
    const cells: (string | Buffer | null)[] = new Array(n);
    for (let r = from; r < to; r++) {
      for (let c = 0; c < n; c++) {
        const v = this.readers[c](vectors[c], r);
        cells[c] = v === null || v === undefined ? null : this.encoders[c](v);
      }
      emit(cells);
    }
  }

  /** Write one row of JS values (admin results, SHOW). */
  writeRow(values: readonly unknown[], ser: BackendSerializer): void {
    ser.dataRow(values.map((v, c) => (v === null || v === undefined ? null : this.encoders[c](v))));
  }
}
