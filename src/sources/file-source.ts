import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileFormat } from '../catalog/index.js';
import { quoteLiteral } from '../engine/index.js';
import { PgError, SqlStates } from '../errors/index.js';

/** What a file source reads: one table per source, named after the file or directory. */
export interface FileSourcePlan {
  /** Absolute path, directory or glob as DuckDB will read it. */
  location: string;
  format: FileFormat;
  tableName: string;
  /** The SELECT behind the source's view. */
  scanSql: string;
}

const formatByExtension: Record<string, FileFormat> = {
  parquet: 'parquet',
  pq: 'parquet',
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
  ndjson: 'json',
  jsonl: 'json',
};

/** Options a file source understands; anything else is a typo the user should hear about. */
const knownOptions = new Set(['format', 'table', 'header', 'delimiter']);

const hasGlob = (p: string) => /[*?[\]{}]/.test(p);

/** Turn `file:///x`, an absolute or relative path, or a glob into an absolute location. */
export function resolveFileLocation(uri: string): string {
  if (uri.trim() === '') throw new PgError(SqlStates.invalid_parameter_value, 'source uri must not be empty');
  if (uri.startsWith('file://')) {
    try {
      // fileURLToPath rejects globs' special characters only when percent-encoded, so keep the raw tail for globs.
      return hasGlob(uri) ? path.resolve(decodeURIComponent(uri.slice('file://'.length))) : fileURLToPath(uri);
    } catch (e) {
      throw new PgError(SqlStates.invalid_parameter_value, `invalid file uri "${uri}": ${(e as Error).message}`);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    const scheme = uri.slice(0, uri.indexOf(':'));
    throw new PgError(SqlStates.feature_not_supported, `source uri scheme "${scheme}://" is not supported yet; use file://, a path or a glob`);
  }
  return path.resolve(uri);
}

/** The static directory part of a glob: everything before the first segment with a wildcard. */
function globRoot(p: string): string {
  const segs = p.split('/');
  const i = segs.findIndex(hasGlob);
  return segs.slice(0, i).join('/') || '/';
}

function formatOf(p: string, explicit: unknown): FileFormat | null {
  if (explicit !== undefined) {
    if (explicit === 'parquet' || explicit === 'csv' || explicit === 'json') return explicit;
    throw new PgError(SqlStates.invalid_parameter_value, `unknown file format "${String(explicit)}"; expected parquet, csv or json`);
  }
  const ext = path.extname(p).slice(1).toLowerCase();
  return formatByExtension[ext] ?? null;
}

/** A valid table name from a file or directory name: its stem up to the first dot, lowercased, unsafe characters as `_`. */
export function tableNameFrom(name: string): string {
  const stem = name.split('.')[0] || name;
  const cleaned = stem.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(cleaned) ? cleaned : `t_${cleaned}`;
}

/**
 * Work out what a file source reads, checking the path exists and lies under the file
 * roots. Errors name the path: 58P01 missing, 42501 outside the roots, 22023 bad options.
 */
export function planFileSource(uri: string, options: Record<string, unknown>, isUnderRoots: (p: string) => boolean): FileSourcePlan {
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) {
      throw new PgError(SqlStates.invalid_parameter_value, `unknown option "${key}" for a file source`, { hint: `Known options: ${[...knownOptions].join(', ')}.` });
    }
  }
  const location = resolveFileLocation(uri);
  const glob = hasGlob(location);
  const checkPath = glob ? globRoot(location) : location;
  if (!isUnderRoots(checkPath)) {
    throw new PgError(SqlStates.insufficient_privilege, `path "${location}" is outside the server's file roots`, {
      hint: 'Add its directory to the fileRoots setting (JAMMI_FILE_ROOTS) and restart jammi.',
    });
  }
  let isDir = false;
  try {
    isDir = statSync(checkPath).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PgError(SqlStates.undefined_file, `could not open file "${checkPath}": No such file or directory`);
    if (code === 'EACCES') throw new PgError(SqlStates.insufficient_privilege, `could not open file "${checkPath}": Permission denied`);
    throw new PgError(SqlStates.io_error, `could not stat file "${checkPath}": ${(e as Error).message}`);
  }
  let format: FileFormat | null;
  let readPath: string;
  let tableName: string;
  if (glob) {
    format = formatOf(location, options.format);
    readPath = location;
    tableName = tableNameFrom(path.basename(globRoot(location)));
  } else if (isDir) {
    format = formatOf('', options.format) ?? detectDirFormat(location);
    readPath = path.join(location, '**', `*.${extensionGlob(format, location)}`);
    tableName = tableNameFrom(path.basename(location));
  } else {
    format = formatOf(location, options.format);
    readPath = location;
    tableName = tableNameFrom(path.basename(location));
  }
  if (!format) {
    throw new PgError(SqlStates.invalid_parameter_value, `cannot tell the format of "${location}" from its extension`, {
      hint: `Pass options, e.g. jammi.add_source('name', '${uri}', '{"format": "csv"}').`,
    });
  }
  if (typeof options.table === 'string') tableName = tableNameFrom(options.table);
  return { location: readPath, format, tableName, scanSql: scanSql(readPath, format, options) };
}

/** The first known data-file extension found under a directory decides its format. */
function detectDirFormat(dir: string): FileFormat | null {
  const stack = [dir];
  let seen = 0;
  while (stack.length && seen < 10000) {
    const d = stack.pop()!;
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      seen++;
      if (ent.isDirectory()) stack.push(path.join(d, ent.name));
      else {
        const f = formatByExtension[path.extname(ent.name).slice(1).toLowerCase()];
        if (f) return f;
      }
    }
  }
  return null;
}

/** The extension pattern a directory scan uses, from the files actually present. */
function extensionGlob(format: FileFormat | null, dir: string): string {
  if (format === 'parquet') return 'parquet';
  if (format === 'csv') return 'csv';
  const names = readdirSync(dir);
  if (names.some((n) => n.endsWith('.ndjson'))) return 'ndjson';
  if (names.some((n) => n.endsWith('.jsonl'))) return 'jsonl';
  return 'json';
}

/** The DuckDB table function call that reads the files, with the options a user may pass. */
function scanSql(readPath: string, format: FileFormat, options: Record<string, unknown>): string {
  const lit = quoteLiteral(readPath);
  const args: string[] = [lit];
  if (format === 'parquet') {
    args.push('union_by_name = true');
    return `SELECT * FROM read_parquet(${args.join(', ')})`;
  }
  if (format === 'csv') {
    if (options.header !== undefined) args.push(`header = ${options.header ? 'true' : 'false'}`);
    if (typeof options.delimiter === 'string') args.push(`delim = ${quoteLiteral(options.delimiter)}`);
    else if (readPath.toLowerCase().endsWith('.tsv')) args.push(`delim = '\t'`);
    return `SELECT * FROM read_csv(${args.join(', ')}, auto_detect = true)`;
  }
  return `SELECT * FROM read_json_auto(${args.join(', ')})`;
}
