import { quoteLiteral } from '../engine/index.js';
import { type SqlTarget, sqlCommand } from './sql-command.js';

/** `jammi sources add NAME URI [--format f]`. */
export async function sourcesAdd(name: string, uri: string, opts: { format?: string }, target: SqlTarget): Promise<void> {
  const options = JSON.stringify(opts.format ? { format: opts.format } : {});
  await sqlCommand(`SELECT * FROM jammi.add_source(${quoteLiteral(name)}, ${quoteLiteral(uri)}, ${quoteLiteral(options)})`, target);
}

/** `jammi sources list`. */
export async function sourcesList(target: SqlTarget): Promise<void> {
  await sqlCommand('SELECT source_id, source_type, format, uri, tables FROM _jammi_sources ORDER BY source_id', target);
}

/** `jammi sources remove NAME`. */
export async function sourcesRemove(name: string, target: SqlTarget): Promise<void> {
  await sqlCommand(`SELECT * FROM jammi.remove_source(${quoteLiteral(name)})`, target);
}
