/** Read DuckDB value objects by their documented fields, whatever their precision variant. */

type Obj = Record<string, unknown>;

/** Microseconds since the epoch of any DuckDB timestamp value (s, ms, µs, ns). */
export function timestampMicros(v: unknown): bigint {
  const o = v as Obj;
  if (typeof o.micros === 'bigint') return o.micros;
  if (typeof o.millis === 'bigint') return o.millis * 1000n;
  if (typeof o.seconds === 'bigint') return o.seconds * 1000000n;
  if (typeof o.nanos === 'bigint') return o.nanos / 1000n;
  throw new TypeError(`not a timestamp value: ${String(v)}`);
}

/** Microseconds since midnight of a DuckDB TIME (µs or ns) value. */
export function timeMicros(v: unknown): bigint {
  const o = v as Obj;
  if (typeof o.micros === 'bigint') return o.micros;
  if (typeof o.nanos === 'bigint') return o.nanos / 1000n;
  throw new TypeError(`not a time value: ${String(v)}`);
}

/** A DuckDB value rendered as JSON (structs, maps, lists, scalars), used for composite columns. */
export function toJsonText(v: unknown): string {
  return JSON.stringify(toJsonValue(v));
}

function toJsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  const o = v as Obj;
  if (Array.isArray(o.items)) return (o.items as unknown[]).map(toJsonValue);
  if (Array.isArray(o.entries)) {
    const out: Record<string, unknown> = {};
    for (const e of o.entries as { key: unknown; value: unknown }[]) out[String(e.key)] = toJsonValue(e.value);
    return out;
  }
  if (o.entries && typeof o.entries === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o.entries as Obj)) out[k] = toJsonValue(val);
    return out;
  }
  if (o.constructor?.name === 'DuckDBDecimalValue') return Number(String(v));
  return String(v);
}
