import { Socket } from 'node:net';
import type pg from 'pg';
import { quoteLiteral } from '../engine/index.js';
import { StartupCode } from '../wire/index.js';
import { type SqlTarget, withClient } from './sql-command.js';
import { formatTable } from './table-format.js';

export interface EmbedOptions {
  key: string;
  text?: string;
  vector?: string;
  model?: string;
  name?: string;
  m?: string;
  efConstruction?: string;
  efSearch?: string;
  batchSize?: string;
}

/** A build's progress NOTICE, as src/session/admin-calls.ts words it. */
const PROGRESS = /^embedding table (\S+): (\w+) (\d+)(?: of (\d+))? rows(?: \((\d+)%\))?$/;

/** Draws a build's progress NOTICEs: a bar redrawn in place on a terminal, one line per NOTICE otherwise. */
export class ProgressBar {
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  /** Show one NOTICE (progress or any other). */
  notice(message: string): void {
    const m = PROGRESS.exec(message);
    if (!m || !this.out.isTTY) {
      this.end();
      this.out.write(`NOTICE:  ${message}\n`);
      return;
    }
    const [, table, phase, done, total, pct] = m;
    const width = 30;
    const filled = pct === undefined ? 0 : Math.round((Number(pct) / 100) * width);
    const bar = pct === undefined ? '' : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.padStart(3)}% `;
    this.out.write(`\r${table}: ${bar}${phase} ${done}${total ? `/${total}` : ''} rows\x1b[K`);
    this.drawn = true;
  }

  /** End the bar's line (before other output). */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** The options JSON of create_embedding_table / register_embeddings from the command's flags. */
export function embedOptions(o: EmbedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.name) out.name = o.name;
  if (o.vector && o.model) out.model = o.model;
  const ints: [keyof EmbedOptions, string][] = [['m', 'm'], ['efConstruction', 'ef_construction'], ['efSearch', 'ef_search'], ['batchSize', 'batch_size']];
  for (const [flag, key] of ints) {
    const v = o[flag];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v)) throw new Error(`--${key.replace(/_/g, '-')} must be a positive integer, got ${JSON.stringify(v)}`);
    out[key] = Number(v);
  }
  return out;
}

/**
 * Send a CancelRequest for `client`'s running statement on a separate connection, as psql
 * does on Ctrl-C (the build stops at its next batch and leaves no table).
 * @see https://www.postgresql.org/docs/15/protocol-flow.html#id-1.10.6.9
 */
function cancelRunning(client: pg.Client): void {
  const c = client as unknown as { processID: number; secretKey: number; host: string; port: number };
  const msg = Buffer.alloc(16);
  msg.writeInt32BE(16, 0);
  msg.writeInt32BE(StartupCode.CancelRequest, 4);
  msg.writeInt32BE(c.processID, 8);
  msg.writeInt32BE(c.secretKey, 12);
  const socket = new Socket();
  socket.on('error', () => undefined);
  socket.connect(c.port, c.host, () => socket.end(msg));
}

/** Run one long admin call with its NOTICEs drawn as a progress bar and Ctrl-C sent as a cancel; print its result row. */
async function runWithProgress(target: SqlTarget, sql: string): Promise<void> {
  await withClient(target, async (client) => {
    const bar = new ProgressBar();
    client.on('notice', (n: { message?: string }) => bar.notice(n.message ?? ''));
    const onInt = () => {
      bar.end();
      process.stderr.write('cancelling…\n');
      cancelRunning(client);
    };
    process.on('SIGINT', onInt);
    try {
      const r = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
      bar.end();
      process.stdout.write(formatTable(r.fields.map((f) => f.name), r.rows as (string | null)[][]) + '\n');
    } finally {
      bar.end();
      process.off('SIGINT', onInt);
    }
  });
}

/**
 * `jammi embed SOURCE --key K (--text T --model M | --vector V [--model M])`: build an
 * embedding table (jammi.create_embedding_table, or jammi.register_embeddings for vectors the
 * source holds) with a progress bar.
 */
export async function embedCommand(source: string, opts: EmbedOptions & SqlTarget): Promise<void> {
  if (!opts.text === !opts.vector) throw new Error('give exactly one of --text <column> (embed text with --model) and --vector <column> (vectors the source holds)');
  const options = quoteLiteral(JSON.stringify(embedOptions(opts)));
  const sql = opts.text
    ? `SELECT * FROM jammi.create_embedding_table(${quoteLiteral(source)}, ${quoteLiteral(opts.key)}, ${quoteLiteral(opts.text)}, ${quoteLiteral(opts.model ?? 'hash-384')}, ${options})`
    : `SELECT * FROM jammi.register_embeddings(${quoteLiteral(source)}, ${quoteLiteral(opts.key)}, ${quoteLiteral(opts.vector as string)}, ${options})`;
  await runWithProgress(opts, sql);
}

/** `jammi rebuild-index TABLE`: build an embedding table's HNSW sidecar again (jammi.rebuild_index), with a progress bar. */
export async function rebuildIndexCommand(table: string, opts: EmbedOptions & SqlTarget): Promise<void> {
  const options = embedOptions({ ...opts, name: undefined, vector: undefined });
  await runWithProgress(opts, `SELECT * FROM jammi.rebuild_index(${quoteLiteral(table)}, ${quoteLiteral(JSON.stringify(options))})`);
}
