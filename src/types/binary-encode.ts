import { TS_INFINITY, TS_NEG_INFINITY } from './datetime-format.js';
import type { EncodeContext } from './text-encode.js';
import { encodeText, numericText, padBpchar } from './text-encode.js';
import type { EncoderKind, PgTypeDesc } from './pg-type-map.js';
import { timeMicros, timestampMicros, toJsonText } from './value-access.js';

export type BinaryEncoder = (v: unknown, ctx: EncodeContext, t: PgTypeDesc) => Buffer;

/** Days between 1970-01-01 and 2000-01-01, the Postgres epoch. */
const PG_EPOCH_DAYS = 10957;
const PG_EPOCH_MICROS = 946684800000000n;

const int16 = (n: number) => {
  const b = Buffer.allocUnsafe(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: bigint) => {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(n);
  return b;
};

function timestampBinary(micros: bigint): Buffer {
  if (micros >= TS_INFINITY) return int64(9223372036854775807n);
  if (micros <= TS_NEG_INFINITY) return int64(-9223372036854775808n);
  return int64(micros - PG_EPOCH_MICROS);
}

/**
 * Postgres binary (send) formats per encoder kind.
 * @see https://github.com/postgres/postgres/tree/REL_15_STABLE/src/backend/utils/adt (the *send functions)
 */
export const binaryEncoders: Record<EncoderKind, BinaryEncoder> = {
  bool: (v) => Buffer.from([v ? 1 : 0]),
  int2: (v) => int16(Number(v)),
  int4: (v) => int32(Number(v)),
  int8: (v) => int64(BigInt(v as number | bigint)),
  float4: (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatBE(v as number);
    return b;
  },
  float8: (v) => {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(v as number);
    return b;
  },
  numeric: (v, _ctx, t) => numericBinary(numericText(v, t)),
  text: (v, _ctx, t) => Buffer.from(padBpchar(typeof v === 'string' ? v : String(v), t), 'utf8'),
  json: (v) => Buffer.from(String(v), 'utf8'),
  bytea: (v) => {
    const bytes = (v as { bytes: Uint8Array }).bytes;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
  date: (v) => {
    const days = (v as { days: number }).days;
    if (days >= 2147483647) return int32(2147483647);
    if (days <= -2147483647) return int32(-2147483648);
    return int32(days - PG_EPOCH_DAYS);
  },
  time: (v) => int64(timeMicros(v)),
  timetz: (v) => {
    const t = v as { micros: bigint; offset: number };
    // Postgres stores the zone as seconds *west* of UTC.
    return Buffer.concat([int64(t.micros), int32(-t.offset)]);
  },
  timestamp: (v) => timestampBinary(timestampMicros(v)),
  timestamptz: (v) => timestampBinary(timestampMicros(v)),
  interval: (v) => {
    const i = v as { months: number; days: number; micros: bigint };
    return Buffer.concat([int64(i.micros), int32(i.days), int32(i.months)]);
  },
  uuid: (v) => Buffer.from(String(v).replace(/-/g, ''), 'hex'),
  bit: (v) => {
    const s = String(v);
    const bytes = Buffer.alloc(Math.ceil(s.length / 8));
    for (let i = 0; i < s.length; i++) if (s[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
    return Buffer.concat([int32(s.length), bytes]);
  },
  oid: (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(Number(v) >>> 0);
    return b;
  },
  // vector_send: int16 dimensions, int16 unused, then each element as float4.
  pgvector: (v) => {
    const items = (v as { items: readonly unknown[] }).items;
    const b = Buffer.alloc(4 + 4 * items.length);
    b.writeInt16BE(items.length, 0);
    items.forEach((x, i) => b.writeFloatBE(Number(x), 4 + 4 * i));
    return b;
  },
  // int2vector_send and oidvector_send are array_send.
  vector: (v, ctx, t) => arrayBinary(v as { items: readonly unknown[] }, ctx, t),
  array: (v, ctx, t) => arrayBinary(v as { items: readonly unknown[] }, ctx, t),
  record: (v, ctx, t) => {
    // record_send: field count, then (type OID, length, bytes) per field.
    const items = v as unknown[];
    const parts: Buffer[] = [int32(items.length)];
    items.forEach((item, i) => {
      const ft = t.fields?.[i] ?? t;
      parts.push(int32(ft.oid));
      if (item === null || item === undefined) parts.push(int32(-1));
      else {
        const b = encodeBinary(item, ft, ctx);
        parts.push(int32(b.length), b);
      }
    });
    return Buffer.concat(parts);
  },
  composite: (v) => Buffer.from(toJsonText(v), 'utf8'),
};

/** Encode one value in Postgres binary format. */
export function encodeBinary(v: unknown, t: PgTypeDesc, ctx: EncodeContext): Buffer {
  return binaryEncoders[t.kind](v, ctx, t);
}

/**
 * array_send: ndim, has-null flag, element OID, then (size, lower bound) per dimension and
 * the elements as length-prefixed binary values.
 */
function arrayBinary(v: { items: readonly unknown[] }, ctx: EncodeContext, t: PgTypeDesc): Buffer {
  const dims: number[] = [];
  let leaf: PgTypeDesc = t;
  let level: unknown = v;
  while (leaf.kind === 'array' && leaf.element) {
    const items = (level as { items: readonly unknown[] }).items;
    dims.push(items.length);
    leaf = leaf.element;
    level = items.find((x) => x !== null && x !== undefined);
    if (level === undefined) break;
  }
  const flat: unknown[] = [];
  const collect = (x: { items: readonly unknown[] }, depth: number) => {
    for (const item of x.items) {
      if (depth + 1 < dims.length && item !== null && item !== undefined) collect(item as { items: readonly unknown[] }, depth + 1);
      else flat.push(item);
    }
  };
  collect(v, 0);
  if (dims.length === 1 && dims[0] === 0) return Buffer.concat([int32(0), int32(0), int32(leaf.oid)]);
  const parts: Buffer[] = [int32(dims.length), int32(flat.some((x) => x === null || x === undefined) ? 1 : 0), int32(leaf.oid)];
  for (const d of dims) parts.push(int32(d), int32(1));
  for (const item of flat) {
    if (item === null || item === undefined) parts.push(int32(-1));
    else {
      const b = leaf.kind === 'array' ? Buffer.from(encodeText(item, leaf, ctx)) : encodeBinary(item, leaf, ctx);
      parts.push(int32(b.length), b);
    }
  }
  return Buffer.concat(parts);
}

/**
 * numeric_send: digits in base 10000 with a weight (position of the first group relative
 * to the decimal point), a sign word and the display scale.
 */
export function numericBinary(text: string): Buffer {
  const s = text.trim();
  if (/^nan$/i.test(s)) return Buffer.from([0, 0, 0, 0, 0xc0, 0, 0, 0]);
  if (/^[+-]?inf(inity)?$/i.test(s)) return Buffer.from([0, 0, 0, 0, s.startsWith('-') ? 0xf0 : 0xd0, 0, 0, 0]);
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const [intPartRaw, fracPart = ''] = body.split('.');
  const dscale = fracPart.length;
  const intPart = intPartRaw.replace(/^0+/, '');
  // Pad so the integer part splits into whole groups to the left and the fraction to the right.
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) groups.push(Number(intPadded.slice(i, i + 4)));
  const intGroups = groups.length;
  for (let i = 0; i < fracPadded.length; i += 4) groups.push(Number(fracPadded.slice(i, i + 4)));
  let weight = intGroups - 1;
  // Strip leading and trailing zero groups; Postgres does not store them.
  while (groups.length && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length && groups[groups.length - 1] === 0) groups.pop();
  if (groups.length === 0) weight = 0;
  const out = Buffer.allocUnsafe(8 + groups.length * 2);
  out.writeInt16BE(groups.length, 0);
  out.writeInt16BE(weight, 2);
  out.writeUInt16BE(neg && groups.length ? 0x4000 : 0, 4);
  out.writeInt16BE(dscale, 6);
  groups.forEach((g, i) => out.writeInt16BE(g, 8 + i * 2));
  return out;
}
