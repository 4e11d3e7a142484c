import pg from 'pg';
import { arrayOidOf, PgOid } from '../../src/types/index.js';
import { rawText } from '../helpers/jammi.js';

const oidNames = new Map<number, string>(Object.entries(PgOid).map(([name, oid]) => [oid, name]));
for (const [el, arr] of Object.entries(arrayOidOf)) if (arr && oidNames.has(Number(el))) oidNames.set(arr, `${oidNames.get(Number(el))}[]`);

/** `701 (float8)`: an OID with its type name, for messages. */
const oidText = (oid: number) => `${oid} (${oidNames.get(oid) ?? '?'})`;


/** What a query produced, in the terms the differential test compares. */
export type Outcome =
  | { ok: true; columns: { name: string; oid: number; typmod: number }[]; rows: (string | null)[][] }
  | { ok: false; code: string; message: string };

/** Open a client whose results are arrays of raw text, in a fixed time zone. */
export async function connectRaw(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: rawText });
  await client.connect();
  await client.query("SET TimeZone TO 'UTC'");
  return client;
}

/** The state connectRaw sets up, restored after each entry (an entry may `SET TimeZone …; SELECT …`). */
export async function restoreSession(client: pg.Client): Promise<void> {
  await client.query('RESET ALL');
  await client.query("SET TimeZone TO 'UTC'");
}

/**
 * Run SQL with the simple query protocol and capture its result or error. Several statements
 * (`SET TimeZone = 'Asia/Kolkata'; SELECT …`) run as one query; the last one's result counts.
 */
export async function outcomeOf(client: pg.Client, sql: string): Promise<Outcome> {
  try {
    const results = (await client.query({ text: sql, rowMode: 'array', types: rawText })) as pg.QueryResult | pg.QueryResult[];
    const r = Array.isArray(results) ? results[results.length - 1] : results;
    return {
      ok: true,
      columns: r.fields.map((f) => ({ name: f.name, oid: f.dataTypeID, typmod: f.dataTypeModifier })),
      rows: r.rows as (string | null)[][],
    };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { ok: false, code: err.code ?? '?', message: err.message ?? String(e) };
  }
}

/**
 * Human-readable list of the ways two outcomes differ (empty when they match exactly).
 * With `types: false` only column names and rows are compared, not type OIDs and typmods.
 */
export function differences(jammi: Outcome, pgOut: Outcome, opts: { types: boolean } = { types: true }): string[] {
  if (!jammi.ok && !pgOut.ok) return jammi.code === pgOut.code ? [] : [`error code: jammi ${jammi.code} (${jammi.message}), pg ${pgOut.code} (${pgOut.message})`];
  if (!jammi.ok) return [`jammi failed (${jammi.code}: ${jammi.message}), pg succeeded`];
  if (!pgOut.ok) return [`pg failed (${pgOut.code}: ${pgOut.message}), jammi succeeded`];
  const out: string[] = [];
  const n = Math.max(jammi.columns.length, pgOut.columns.length);
  if (jammi.columns.length !== pgOut.columns.length) out.push(`column count: jammi ${jammi.columns.length}, pg ${pgOut.columns.length}`);
  for (let i = 0; i < n; i++) {
    const a = jammi.columns[i];
    const b = pgOut.columns[i];
    if (!a || !b) continue;
    if (a.name !== b.name) out.push(`column ${i + 1} name: jammi ${a.name}, pg ${b.name}`);
    if (!opts.types) continue;
    if (a.oid !== b.oid) out.push(`column ${i + 1} type oid: jammi ${oidText(a.oid)}, pg ${oidText(b.oid)}`);
    if (a.typmod !== b.typmod) out.push(`column ${i + 1} typmod: jammi ${a.typmod}, pg ${b.typmod}`);
  }
  if (jammi.rows.length !== pgOut.rows.length) out.push(`row count: jammi ${jammi.rows.length}, pg ${pgOut.rows.length}`);
  const m = Math.min(jammi.rows.length, pgOut.rows.length);
  for (let r = 0; r < m; r++) {
    const a = JSON.stringify(jammi.rows[r]);
    const b = JSON.stringify(pgOut.rows[r]);
    if (a !== b) {
      out.push(`row ${r + 1}: jammi ${a}, pg ${b}`);
      break;
    }
  }
  return out;
}
