#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { PgError } from '../errors/index.js';
import { embedCommand, type EmbedOptions, rebuildIndexCommand } from './embed-command.js';
import { serveCommand } from './serve-command.js';
import { sourcesAdd, sourcesList, sourcesRemove } from './sources-command.js';
import { type SqlTarget, sqlCommand } from './sql-command.js';

const program = new Command();
program.name('jammi').description('SQL federation engine that speaks the PostgreSQL wire protocol').showHelpAfterError();

program
  .command('serve')
  .description('start the server')
  .option('--host <host>', 'address to listen on (JAMMI_HOST, default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (JAMMI_PORT, default 5433)')
  .option('--data-dir <dir>', 'data directory (JAMMI_DATA_DIR, default ./.jammi)')
  .option('--config <file>', 'JSON config file (JAMMI_CONFIG)')
  .option('--file-roots <dirs>', 'directories clients may read, separated by ":" (JAMMI_FILE_ROOTS, default .)')
  .option('--demo', 'register the bundled demo sources (trips, cities)')
  .option('--log-level <level>', 'debug | info | warn | error | silent')
  .action(serveCommand);

const targetOptions = (cmd: Command) =>
  cmd
    .option('--url <url>', 'a running server, e.g. postgres://jammi@127.0.0.1:5433/jammi')
    .option('--data-dir <dir>', 'open this data dir in-process instead of connecting to a server')
    .option('--file-roots <dirs>', 'file roots when opening a data dir in-process');

targetOptions(program.command('sql <statement>').description('run SQL and print the result')).action((statement: string, opts: SqlTarget) => sqlCommand(statement, opts));

const sources = program.command('sources').description('manage sources');
targetOptions(sources.command('add <name> <uri>').description('register a file source').option('--format <format>', 'parquet | csv | json')).action(
  (name: string, uri: string, opts: SqlTarget & { format?: string }) => sourcesAdd(name, uri, opts, opts),
);
targetOptions(sources.command('list').description('list sources')).action((opts: SqlTarget) => sourcesList(opts));
targetOptions(sources.command('remove <name>').description('unregister a source')).action((name: string, opts: SqlTarget) => sourcesRemove(name, opts));

const hnswOptions = (cmd: Command) =>
  cmd
    .option('--m <n>', 'HNSW links per node (default 16)')
    .option('--ef-construction <n>', 'HNSW candidate list while building (default 128)')
    .option('--ef-search <n>', 'HNSW candidate list while searching (default 64)')
    .option('--batch-size <n>', 'rows per model call and index batch (default 512)');

targetOptions(
  hnswOptions(
    program
      .command('embed <source>')
      .description('build an embedding table over a source, with a progress bar (Ctrl-C cancels)')
      .requiredOption('--key <column>', 'the column identifying each row (_row_id)')
      .option('--text <column>', 'embed this text column with --model')
      .option('--vector <column>', 'index the vectors this column already holds')
      .option('--model <name>', 'the model (default hash-384 for --text; with --vector: the model that made the vectors)')
      .option('--name <table>', 'the embedding table name (default <source>_<model or column>)'),
  ),
).action((source: string, opts: EmbedOptions & SqlTarget) => embedCommand(source, opts));

targetOptions(hnswOptions(program.command('rebuild-index <table>').description("build an embedding table's HNSW index again, with a progress bar"))).action(
  (table: string, opts: EmbedOptions & SqlTarget) => rebuildIndexCommand(table, opts),
);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`jammi: configuration error: ${e.message}\n`);
  else if (e instanceof PgError || (e as { code?: string })?.code) {
    const err = e as { message: string; code?: string; hint?: string };
    process.stderr.write(`ERROR:  ${err.message}${err.code ? ` (SQLSTATE ${err.code})` : ''}\n${err.hint ? `HINT:  ${err.hint}\n` : ''}`);
  } else process.stderr.write(`jammi: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
