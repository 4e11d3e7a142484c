import { formatDate, formatInterval, formatOffset, formatTimeOfDay, formatTimestamp, formatTimestampTz } from './datetime-format.js';
import { formatFloat4, formatFloat8 } from './float-format.js';
import type { EncoderKind, PgTypeDesc } from './pg-type-map.js';
import { PgOid } from './pg-oids.js';
import { timeMicros, timestampMicros, toJsonText } from './value-access.js';

/** Session settings that change how values print. */
export interface EncodeContext {
  timeZone: string;
  extraFloatDigits: number;
}

export type TextEncoder = (v: unknown, ctx: EncodeContext, t: PgTypeDesc) => string;

const hex = (bytes: Uint8Array) => '\\x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * Postgres text output per encoder kind, from DuckDB values.
 * @see https://www.postgresql.org/docs/15/datatype.html (each type's output format)
 */
export const textEncoders: Record<EncoderKind, TextEncoder> = {
  bool: (v) => (v ? 't' : 'f'),
  int2: (v) => String(v),
  int4: (v) => String(v),
  int8: (v) => String(v),
  float4: (v, ctx) => formatFloat4(v as number, ctx.extraFloatDigits),
  float8: (v, ctx) => formatFloat8(v as number, ctx.extraFloatDigits),
  numeric: (v, _ctx, t) => numericText(v, t),
  text: (v, _ctx, t) => padBpchar(typeof v === 'string' ? v : String(v), t),
  json: (v) => String(v),
  bytea: (v) => hex((v as { bytes: Uint8Array }).bytes),
  date: (v) => formatDate((v as { days: number }).days),
  time: (v) => formatTimeOfDay(timeMicros(v)),
  timetz: (v) => {
    const t = v as { micros: bigint; offset: number };
    return formatTimeOfDay(t.micros) + formatOffset(t.offset);
  },
  timestamp: (v) => formatTimestamp(timestampMicros(v)),
  timestamptz: (v, ctx) => formatTimestampTz(timestampMicros(v), ctx.timeZone),
  interval: (v) => {
    const i = v as { months: number; days: number; micros: bigint };
    return formatInterval(i.months, i.days, i.micros);
  },
  uuid: (v) => String(v),
  bit: (v) => String(v),
  oid: (v) => String(v),
  vector: (v, ctx, t) => (v as { items: readonly unknown[] }).items.map((item) => encodeText(item, t.element!, ctx)).join(' '),
  // pgvector prints the shortest text that reads back as the same float4.
  pgvector: (v) => '[' + (v as { items: readonly unknown[] }).items.map((item) => formatFloat4(item as number, 1)).join(',') + ']',
  array: (v, ctx, t) => arrayText((v as { items: readonly unknown[] }).items, ctx, t.element!),
  record: (v, ctx, t) => recordText(v as unknown[], ctx, t),
  composite: (v) => toJsonText(v),
};

/**
 * A numeric's text; with `trimScale` without the fraction's trailing zeros (`1.5000000000` →
 * `1.5`, `2.0000000000` → `2`). Postgres keeps the scale the value was entered with
 * (`1.50` stays `1.50`), which a fixed-scale DECIMAL no longer knows.
 */
export function numericText(v: unknown, t: PgTypeDesc): string {
  const s = String(v);
  return t.trimScale && s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A `char(n)` value is blank-padded to n characters in Postgres; jammi keeps it without
 * trailing blanks (so comparisons and length ignore them, as Postgres's do) and pads on output.
 */
export function padBpchar(s: string, t: PgTypeDesc): string {
  if (t.oid !== PgOid.bpchar || t.typmod <= 4) return s;
  const missing = t.typmod - 4 - [...s].length;
  return missing > 0 ? s + ' '.repeat(missing) : s;
}

/** Encode one value as Postgres text. */
export function encodeText(v: unknown, t: PgTypeDesc, ctx: EncodeContext): string {
  return textEncoders[t.kind](v, ctx, t);
}

/**
 * `{a,b,NULL}` with Postgres's quoting: an element is quoted when empty, when it spells
 * NULL, or when it holds a delimiter, brace, quote, backslash or whitespace.
 * @see https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO
 */
function arrayText(items: readonly unknown[], ctx: EncodeContext, el: PgTypeDesc): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (el.kind === 'array') return arrayText((item as { items: readonly unknown[] }).items, ctx, el.element!);
    const s = encodeText(item, el, ctx);
    return needsQuote(s) ? '"' + s.replace(/[\\"]/g, '\\$&') + '"' : s;
  });
  return '{' + parts.join(',') + '}';
}

function needsQuote(s: string): boolean {
  if (s === '' || s.toUpperCase() === 'NULL') return true;
  return /[{},"\\\s]/.test(s);
}

/**
 * `(1,a,)` with Postgres's record quoting: a field is quoted when empty or when it holds a
 * comma, parenthesis, quote, backslash or whitespace; NULL is nothing. Record values
 * arrive as arrays of field values (unnamed struct fields cannot be told apart by name).
 * @see https://www.postgresql.org/docs/15/rowtypes.html#ROWTYPES-IO-SYNTAX
 */
function recordText(items: unknown[], ctx: EncodeContext, t: PgTypeDesc): string {
  const parts = items.map((item, i) => {
    if (item === null || item === undefined) return '';
    const s = encodeText(item, t.fields?.[i] ?? t, ctx);
    return s === '' || /[,()"\\\s]/.test(s) ? '"' + s.replace(/["\\]/g, (c: string) => c + c) + '"' : s;
  });
  return '(' + parts.join(',') + ')';
}
