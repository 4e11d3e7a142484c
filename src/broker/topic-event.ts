import type { DuckDBValue } from '@duckdb/node-api';
import { formatDate, formatFloat4, formatFloat8, formatTimestamp } from '../types/index.js';
import type { TopicColumn, TopicDef } from './topic-types.js';

/** Postgres refuses a NOTIFY payload of 8000 bytes or more; an event's payload obeys the same limit. */
export const MAX_PAYLOAD_BYTES = 7999;

/** A timestamp as Postgres's to_json prints it (ISO 8601 with a `T`), from microseconds since the epoch. */
function isoTimestamp(micros: bigint): string {
  const s = formatTimestamp(micros);
  return s === 'infinity' || s === '-infinity' ? s : s.replace(' ', 'T');
}

/** One column value of a log row as JSON text, as Postgres's to_json prints that type (timestamptz in UTC). */
function jsonValue(col: TopicColumn | 'offset' | 'produced_at', v: DuckDBValue): string {
  if (v === null) return 'null';
  const kind = col === 'offset' ? 'int' : col === 'produced_at' ? 'timestamptz' : col.type.kind;
  switch (kind) {
    case 'int':
      return String(v);
    case 'float': {
      const n = v as number;
      if (!Number.isFinite(n)) return JSON.stringify(String(n) === 'NaN' ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity');
      return typeof col === 'object' && col.type.name === 'real' ? formatFloat4(n) : formatFloat8(n);
    }
    case 'bool':
      return v ? 'true' : 'false';
    case 'timestamptz': {
      const t = isoTimestamp((v as { micros: bigint }).micros);
      return JSON.stringify(t.endsWith('infinity') ? t : t + '+00:00');
    }
    case 'timestamp':
      return JSON.stringify(isoTimestamp((v as { micros: bigint }).micros));
    case 'date':
      return JSON.stringify(formatDate((v as { days: number }).days));
    case 'json':
      // Checked JSON text (DuckDB's JSON type refuses anything else), embedded as is.
      return String(v);
    case 'text':
    case 'uuid':
      return JSON.stringify(String(v));
  }
}

/**
 * The payload of one log row (`_offset`, `_produced_at`, then the columns, as DuckDB returns
 * them from `SELECT *`): a JSON object, the same for live delivery and for replay.
 */
export function eventJson(def: TopicDef, row: readonly DuckDBValue[]): string {
  let out = `{"_offset":${jsonValue('offset', row[0])},"_produced_at":${jsonValue('produced_at', row[1])}`;
  def.columns.forEach((c, i) => (out += `,${JSON.stringify(c.name)}:${jsonValue(c, row[i + 2])}`));
  return out + '}';
}

/** The offset of a log row. */
export const rowOffset = (row: readonly DuckDBValue[]): number => Number(row[0] as bigint);

/** An event from another server, marked with its origin right after `_produced_at`. */
export function withOrigin(json: string, origin: string): string {
  const at = json.indexOf(',', json.indexOf('"_produced_at"'));
  const mark = `,"_origin":${JSON.stringify(origin)}`;
  return at < 0 ? json.slice(0, -1) + mark + '}' : json.slice(0, at) + mark + json.slice(at);
}

/**
 * What a subscriber receives for an event: its JSON, or, when that is too long for a
 * NotificationResponse, a marker with its offset that says to read the row from the log.
 */
export function deliveredPayload(json: string, offset: number, origin: string | null): string {
  if (json.length <= MAX_PAYLOAD_BYTES / 4 || Buffer.byteLength(json) <= MAX_PAYLOAD_BYTES) return json;
  const at = /^\{"_offset":[^,]*,"_produced_at":("[^"]*"|null)/.exec(json)?.[1] ?? 'null';
  const from = origin === null ? '' : `,"_origin":${JSON.stringify(origin)}`;
  return `{"_offset":${offset},"_produced_at":${at}${from},"_truncated":true}`;
}
