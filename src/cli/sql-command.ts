import pg from 'pg';
import { loadConfig } from '../config/index.js';
import { startJammi, type RunningJammi } from '../server/index.js';
import { formatTable } from './table-format.js';

export interface SqlTarget {
  /** A server URL (postgres://…); when absent, a data dir is opened in-process. */
  url?: string;
  dataDir?: string;
  fileRoots?: string;
}

/**
 * Run statements against a server URL, or against a data dir by starting jammi in-process
 * on a private port (so the CLI and the server share one code path).
 */
export async function withClient<T>(target: SqlTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let local: RunningJammi | null = null;
  let url = target.url;
  if (!url) {
    const overrides: Record<string, string> = { port: '0', logLevel: 'warn' };
    if (target.dataDir) overrides.dataDir = target.dataDir;
    if (target.fileRoots) overrides.fileRoots = target.fileRoots;
    local = await startJammi(loadConfig(overrides));
    url = local.url;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
    await local?.close();
  }
}

/** `jammi sql "..."`: run SQL and print each result as a table. */
export async function sqlCommand(sql: string, target: SqlTarget): Promise<void> {
  await withClient(target, async (client) => {
    // pg keeps only the first word of a command tag; the connection's event has all of it.
    const tags: string[] = [];
    const connection = (client as unknown as { connection: { on(ev: 'commandComplete', fn: (m: { text: string }) => void): void } }).connection;
    connection.on('commandComplete', (m) => tags.push(m.text));
    const res = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
    const results = Array.isArray(res) ? res : [res];
    (results as pg.QueryArrayResult[]).forEach((r, i) => {
      if (r.fields.length) process.stdout.write(formatTable(r.fields.map((f) => f.name), r.rows as (string | null)[][]) + '\n');
      else process.stdout.write(`${tags[i] ?? r.command ?? ''}\n`);
    });
  });
}
