import { PgError } from '../errors/pg-error.js';
import { SqlStates } from '../errors/sqlstate.js';
import { formatDate, formatInterval, formatTimeOfDay, formatTimestamp, formatTimestampTz } from './datetime-format.js';
import { formatFloat4, formatFloat8 } from './float-format.js';
import { type ArrayTextItem, MalformedArrayLiteral, parseArrayText } from './array-parse.js';
import { arrayOidOf, elementOidOf, PgOid } from './pg-oids.js';
import { JsonSyntaxError, normalizeJsonb } from './json-text.js';

/** A bound parameter ready for the engine: text to be cast by DuckDB, or raw bytes for bytea. */
export type ParamValue = { kind: 'text'; value: string } | { kind: 'bytes'; value: Uint8Array } | null;

const PG_EPOCH_DAYS = 10957;
const PG_EPOCH_MICROS = 946684800000000n;

const badBinary = (what: string) => new PgError(SqlStates.invalid_binary_representation, `incorrect binary data format in bind parameter: ${what}`);

function need(b: Buffer, n: number, what: string): void {
  if (b.length !== n) throw badBinary(`${what} needs ${n} bytes, got ${b.length}`);
}

/** Decode Postgres bytea text input (hex `\x…` or escape format) to bytes. */
export function decodeByteaText(s: string): Uint8Array {
  if (s.startsWith('\\x')) {
    const h = s.slice(2).replace(/\s+/g, '');
    if (h.length % 2 !== 0 || /[^0-9a-fA-F]/.test(h)) {
      throw new PgError(SqlStates.invalid_text_representation, 'invalid hexadecimal data: odd number of digits or bad digit');
    }
    return Buffer.from(h, 'hex');
  }
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      for (const byte of Buffer.from(s[i], 'utf8')) out.push(byte);
      continue;
    }
    if (s[i + 1] === '\\') {
      out.push(0x5c);
      i++;
    } else if (/^[0-3][0-7]{2}$/.test(s.slice(i + 1, i + 4))) {
      out.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type bytea');
    }
  }
  return Uint8Array.from(out);
}

/**
 * Turn one Bind parameter into an engine value. Text parameters pass through (DuckDB casts
 * them to the parameter's type); binary ones are decoded per their OID into the same text.
 */
export function decodeParam(raw: Buffer | null, format: 0 | 1, oid: number, isBlob: boolean): ParamValue {
  if (raw === null) return null;
  if (format === 0) {
    const s = raw.toString('utf8');
    if (oid === PgOid.bytea || isBlob) return { kind: 'bytes', value: decodeByteaText(s) };
    // pgvector's text `[1,2,3]` for a float4[] parameter (a vector column's): DuckDB reads it as a list as it is.
    if (oid === PgOid.vector || (oid === arrayOidOf[PgOid.float4] && s.trimStart().startsWith('['))) return { kind: 'text', value: s };
    // DuckDB casts `['1', '2']` to a list, not Postgres's `{1,2}` (what drivers send for an array).
    if (elementOidOf[oid] !== undefined && elementOidOf[oid] !== PgOid.bytea) return { kind: 'text', value: duckdbListText(arrayParam(s)) };
    if (oid === PgOid.jsonb) return { kind: 'text', value: jsonbParam(s) };
    return { kind: 'text', value: s };
  }
  return decodeBinaryParam(raw, oid);
}

/** A jsonb parameter in jsonb's normalised form (sorted keys, last duplicate wins), as jsonb_in stores it; 22P02 for text that is not JSON. */
function jsonbParam(s: string): string {
  try {
    return normalizeJsonb(s);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new PgError(SqlStates.invalid_text_representation, 'invalid input syntax for type json');
    throw e;
  }
}

/** An array parameter's element texts; a malformed literal fails with 22P02 as in Postgres. */
function arrayParam(s: string): ArrayTextItem[] {
  try {
    return parseArrayText(s);
  } catch (e) {
    if (e instanceof MalformedArrayLiteral) throw new PgError(SqlStates.invalid_text_representation, e.message, { detail: e.detail });
    throw e;
  }
}

/**
 * Array elements in DuckDB's list text, every element quoted (`\'` and `\\` escaped) so it is
 * read back verbatim and then cast to the element type; an unquoted NULL is the null element.
 */
export function duckdbListText(items: ArrayTextItem[]): string {
  const quote = (x: string) => `'${x.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return `[${items.map((x) => (x === null ? 'NULL' : Array.isArray(x) ? duckdbListText(x) : quote(x))).join(', ')}]`;
}

/** Array element types whose binary elements decode to the text DuckDB casts (bytea elements do not). */
const binaryArrayElement = (oid: number) => oid !== PgOid.bytea;

/**
 * array_recv: ndim, has-nulls flag, element OID, (size, lower bound) per dimension, then each
 * element as a length (-1 for NULL) and its binary value. Lower bounds are dropped, as a
 * DuckDB list has none.
 * @see https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/utils/adt/arrayfuncs.c (array_recv)
 */
export function arrayFromBinary(b: Buffer, declaredElement: number): ArrayTextItem[] {
  if (b.length < 12) throw badBinary('array header');
  const ndim = b.readInt32BE(0);
  const flags = b.readInt32BE(4);
  const sent = b.readUInt32BE(8);
  if (ndim < 0 || ndim > 6) throw new PgError(SqlStates.invalid_binary_representation, `invalid number of dimensions: ${ndim}`);
  if (flags !== 0 && flags !== 1) throw badBinary('invalid array flags');
  // The element type the statement expects wins over what the client labels its elements with
  // only when the client sent 0; otherwise they must agree, as Postgres insists.
  const element = declaredElement || sent;
  if (sent !== 0 && declaredElement !== 0 && sent !== declaredElement) {
    throw new PgError(SqlStates.datatype_mismatch, `binary data has array element type ${sent} instead of expected ${declaredElement}`);
  }
  if (!binaryArrayElement(element)) throw new PgError(SqlStates.feature_not_supported, `binary format for arrays of type oid ${element} is not supported; send it in text format`);
  if (ndim === 0) return [];
  if (b.length < 12 + ndim * 8) throw badBinary('array dimensions');
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const size = b.readInt32BE(12 + d * 8);
    if (size < 0) throw badBinary('negative array dimension');
    dims.push(size);
  }
  let pos = 12 + ndim * 8;
  const readElement = (): ArrayTextItem => {
    if (pos + 4 > b.length) throw badBinary('array element length');
    const len = b.readInt32BE(pos);
    pos += 4;
    if (len === -1) {
      if (flags === 0) throw badBinary('null array element where not supported');
      return null;
    }
    if (len < 0 || pos + len > b.length) throw badBinary('array element length');
    const v = decodeBinaryParam(b.subarray(pos, pos + len), element);
    pos += len;
    return v?.kind === 'text' ? v.value : null;
  };
  const level = (d: number): ArrayTextItem[] => Array.from({ length: dims[d] }, () => (d + 1 < ndim ? level(d + 1) : readElement()));
  const items = level(0);
  if (pos !== b.length) throw badBinary('trailing bytes after array elements');
  return items;
}

function decodeBinaryParam(b: Buffer, oid: number): ParamValue {
  const text = (value: string): ParamValue => ({ kind: 'text', value });
  const element = elementOidOf[oid];
  if (element !== undefined) return text(duckdbListText(arrayFromBinary(b, element)));
  switch (oid) {
    case PgOid.bool:
      need(b, 1, 'boolean');
      return text(b[0] ? 'true' : 'false');
    case PgOid.int2:
      need(b, 2, 'smallint');
      return text(String(b.readInt16BE(0)));
    case PgOid.int4:
    case PgOid.oid:
      need(b, 4, 'integer');
      return text(String(oid === PgOid.oid ? b.readUInt32BE(0) : b.readInt32BE(0)));
    case PgOid.int8:
      need(b, 8, 'bigint');
      return text(String(b.readBigInt64BE(0)));
    case PgOid.float4:
      need(b, 4, 'real');
      return text(formatFloat4(b.readFloatBE(0)));
    case PgOid.float8:
      need(b, 8, 'double precision');
      return text(formatFloat8(b.readDoubleBE(0)));
    case PgOid.bytea:
      return { kind: 'bytes', value: Uint8Array.from(b) };
    case PgOid.jsonb:
      if (b[0] !== 1) throw badBinary('unsupported jsonb version number');
      return text(jsonbParam(b.subarray(1).toString('utf8')));
    case PgOid.date: {
      need(b, 4, 'date');
      const d = b.readInt32BE(0);
      if (d === 2147483647) return text('infinity');
      if (d === -2147483648) return text('-infinity');
      return text(formatDate(d + PG_EPOCH_DAYS));
    }
    case PgOid.time:
      need(b, 8, 'time');
      return text(formatTimeOfDay(b.readBigInt64BE(0)));
    case PgOid.timestamp:
    case PgOid.timestamptz: {
      need(b, 8, oid === PgOid.timestamp ? 'timestamp' : 'timestamptz');
      const v = b.readBigInt64BE(0);
      if (v === 9223372036854775807n) return text('infinity');
      if (v === -9223372036854775808n) return text('-infinity');
      // UTC is the one zone every reader agrees on; a BC suffix must follow the offset.
      return text(oid === PgOid.timestamp ? formatTimestamp(v + PG_EPOCH_MICROS) : formatTimestampTz(v + PG_EPOCH_MICROS, 'UTC'));
    }
    case PgOid.interval:
      need(b, 16, 'interval');
      return text(formatInterval(b.readInt32BE(12), b.readInt32BE(8), b.readBigInt64BE(0)));
    case PgOid.uuid: {
      need(b, 16, 'uuid');
      const h = b.toString('hex');
      return text(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
    }
    case PgOid.numeric:
      return text(numericFromBinary(b));
    case 0:
    case PgOid.text:
    case PgOid.varchar:
    case PgOid.bpchar:
    case PgOid.name:
    case PgOid.json:
    case PgOid.unknown:
      return text(b.toString('utf8'));
    default:
      throw new PgError(SqlStates.feature_not_supported, `binary format for parameters of type oid ${oid} is not supported; send it in text format`);
  }
}

/** numeric_recv into decimal text. */
export function numericFromBinary(b: Buffer): string {
  if (b.length < 8) throw badBinary('numeric header');
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  const dscale = b.readInt16BE(6);
  if (sign === 0xc000) return 'NaN';
  if (sign === 0xd000) return 'Infinity';
  if (sign === 0xf000) return '-Infinity';
  need(b, 8 + ndigits * 2, 'numeric digits');
  const groups: number[] = [];
  for (let i = 0; i < ndigits; i++) groups.push(b.readInt16BE(8 + i * 2));
  let intPart = '';
  for (let w = 0; w <= weight; w++) intPart += (w === 0 ? String(groups[w] ?? 0) : String(groups[w] ?? 0).padStart(4, '0'));
  if (weight < 0) intPart = '0';
  let frac = '';
  for (let i = weight + 1; i < ndigits || frac.length < dscale; i++) {
    frac += String(i < 0 ? 0 : (groups[i] ?? 0)).padStart(4, '0');
    if (frac.length > dscale + 4 && i >= ndigits) break;
  }
  frac = frac.slice(0, dscale);
  return (sign === 0x4000 ? '-' : '') + intPart + (dscale > 0 ? '.' + frac : '');
}
