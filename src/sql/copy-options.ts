import { PgError, SqlStates } from '../errors/index.js';
import type { AstNode } from './ast.js';

/** The data format of a COPY. */
export type CopyFormat = 'text' | 'csv' | 'binary';

/** A COPY's options after Postgres's defaults and checks (ProcessCopyOptions in copy.c). */
export interface CopyOptions {
  format: CopyFormat;
  /** One byte: tab for text, comma for csv. */
  delimiter: string;
  /** The text standing for NULL: `\N` for text, the empty string (unquoted) for csv. */
  null: string;
  /** A header line: written (TO) or skipped (FROM); `match` also checks it names the columns (FROM only). */
  header: boolean | 'match';
  /** CSV only: quote and escape bytes (escape defaults to quote). */
  quote: string;
  escape: string;
  /** CSV TO: columns always quoted (`*` = every column). */
  forceQuote: string[] | '*';
  /** CSV FROM: columns whose unquoted null text is a value, and whose quoted null text is NULL. */
  forceNotNull: string[];
  forceNull: string[];
}

const syntax = (msg: string) => new PgError(SqlStates.syntax_error, msg);
const unsupported = (msg: string) => new PgError(SqlStates.feature_not_supported, msg);
const badValue = (msg: string) => new PgError(SqlStates.invalid_parameter_value, msg);

/** defGetString: an option's argument as text. */
function stringArg(name: string, arg: AstNode | undefined): string {
  if (!arg) throw syntax(`${name} requires a parameter`);
  if (arg.String) return (arg.String.sval as string | undefined) ?? '';
  if (arg.Integer) return String(arg.Integer.ival ?? 0);
  if (arg.Float) return String(arg.Float.fval);
  if (arg.Boolean) return arg.Boolean.boolval ? 'true' : 'false';
  throw syntax(`${name} requires a parameter`);
}

/** defGetBoolean: no argument is true; 0/1, true/false, on/off, yes/no (and their prefixes Postgres takes). */
function booleanArg(name: string, arg: AstNode | undefined): boolean {
  if (!arg) return true;
  if (arg.Boolean) return Boolean(arg.Boolean.boolval);
  if (arg.Integer) {
    const n = arg.Integer.ival ?? 0;
    if (n === 0 || n === 1) return n === 1;
  } else {
    const s = stringArg(name, arg).toLowerCase();
    if (['true', 'on'].includes(s)) return true;
    if (['false', 'off'].includes(s)) return false;
  }
  throw syntax(`${name} requires a Boolean value`);
}

/** HEADER takes a boolean or `match` (COPY FROM only). */
function headerArg(arg: AstNode | undefined, isFrom: boolean): boolean | 'match' {
  if (arg?.String && String(arg.String.sval).toLowerCase() === 'match') {
    if (!isFrom) throw unsupported('cannot use "match" with HEADER in COPY TO');
    return 'match';
  }
  if (arg && !arg.Boolean && !arg.Integer && !arg.String) throw syntax('header requires a Boolean value or "match"');
  try {
    return booleanArg('header', arg);
  } catch {
    throw syntax('header requires a Boolean value or "match"');
  }
}

function columnListArg(name: string, arg: AstNode | undefined, star: boolean): string[] | '*' {
  if (star && arg?.A_Star) return '*';
  if (arg?.List) return ((arg.List.items ?? []) as AstNode[]).map((n) => (n.String?.sval as string | undefined) ?? '');
  throw badValue(`argument to option "${name}" must be a list of column names`);
}

/** Encodings jammi can read: the one it stores (UTF8) and its plain-ASCII subset. */
const utf8Names = new Set(['utf8', 'utf-8', 'unicode', 'sql_ascii']);

/**
 * Read a CopyStmt's option list (both the `WITH (FORMAT csv, …)` form and the legacy
 * `CSV HEADER DELIMITER ';'` keywords, which the grammar turns into the same DefElems),
 * with Postgres's defaults and its error for every inconsistent combination.
 * @see https://www.postgresql.org/docs/15/sql-copy.html
 */
export function copyOptions(options: readonly AstNode[] | undefined, isFrom: boolean): CopyOptions {
  const seen = new Set<string>();
  let format: CopyFormat = 'text';
  let delimiter: string | undefined;
  let nullText: string | undefined;
  let header: boolean | 'match' = false;
  let quote: string | undefined;
  let escape: string | undefined;
  let forceQuote: string[] | '*' | undefined;
  let forceNotNull: string[] | undefined;
  let forceNull: string[] | undefined;
  for (const node of options ?? []) {
    const d = node.DefElem;
    if (!d) continue;
    const name = String(d.defname);
    const arg = d.arg as AstNode | undefined;
    if (seen.has(name)) throw syntax('conflicting or redundant options');
    seen.add(name);
    switch (name) {
      case 'format': {
        const f = stringArg(name, arg);
        if (f !== 'text' && f !== 'csv' && f !== 'binary') throw badValue(`COPY format "${f}" not recognized`);
        format = f;
        break;
      }
      case 'freeze':
        // Accepted as Postgres accepts it: a hint that changes nothing jammi can observe.
        booleanArg(name, arg);
        break;
      case 'delimiter':
        delimiter = stringArg(name, arg);
        break;
      case 'null':
        nullText = stringArg(name, arg);
        break;
      case 'header':
        header = headerArg(arg, isFrom);
        break;
      case 'quote':
        quote = stringArg(name, arg);
        break;
      case 'escape':
        escape = stringArg(name, arg);
        break;
      case 'force_quote':
        forceQuote = columnListArg(name, arg, true);
        break;
      case 'force_not_null':
        forceNotNull = columnListArg(name, arg, false) as string[];
        break;
      case 'force_null':
        forceNull = columnListArg(name, arg, false) as string[];
        break;
      case 'encoding': {
        const enc = stringArg(name, arg);
        if (!utf8Names.has(enc.toLowerCase())) throw unsupported(`COPY encoding "${enc}" is not supported: jammi reads and writes UTF8`);
        break;
      }
      default:
        throw syntax(`option "${name}" not recognized`);
    }
  }
  const binary = format === 'binary';
  const csv = format === 'csv';
  if (binary && delimiter !== undefined) throw syntax('cannot specify DELIMITER in BINARY mode');
  if (binary && nullText !== undefined) throw syntax('cannot specify NULL in BINARY mode');
  delimiter ??= csv ? ',' : '\t';
  nullText ??= csv ? '' : '\\N';
  if (Buffer.byteLength(delimiter) !== 1) throw unsupported('COPY delimiter must be a single one-byte character');
  if (delimiter === '\r' || delimiter === '\n') throw badValue('COPY delimiter cannot be newline or carriage return');
  if (/[\r\n]/.test(nullText)) throw badValue('COPY null representation cannot use newline or carriage return');
  if (!csv && '\\.abcdefghijklmnopqrstuvwxyz0123456789'.includes(delimiter)) throw badValue(`COPY delimiter cannot be "${delimiter}"`);
  if (binary && header) throw unsupported('cannot specify HEADER in BINARY mode');
  if (!csv && quote !== undefined) throw unsupported('COPY quote available only in CSV mode');
  quote ??= '"';
  if (csv && Buffer.byteLength(quote) !== 1) throw unsupported('COPY quote must be a single one-byte character');
  if (csv && delimiter === quote) throw badValue('COPY delimiter and quote must be different');
  if (!csv && escape !== undefined) throw unsupported('COPY escape available only in CSV mode');
  escape ??= quote;
  if (csv && Buffer.byteLength(escape) !== 1) throw unsupported('COPY escape must be a single one-byte character');
  if (!csv && forceQuote) throw unsupported('COPY force quote available only in CSV mode');
  if (forceQuote && isFrom) throw unsupported('COPY force quote only available using COPY TO');
  if (!csv && forceNotNull) throw unsupported('COPY force not null available only in CSV mode');
  if (forceNotNull && !isFrom) throw unsupported('COPY force not null only available using COPY FROM');
  if (!csv && forceNull) throw unsupported('COPY force null available only in CSV mode');
  if (forceNull && !isFrom) throw unsupported('COPY force null only available using COPY FROM');
  if (nullText.includes(delimiter)) throw unsupported('COPY delimiter must not appear in the NULL specification');
  if (csv && nullText.includes(quote)) throw unsupported('CSV quote character must not appear in the NULL specification');
  return { format, delimiter, null: nullText, header, quote, escape, forceQuote: forceQuote ?? [], forceNotNull: forceNotNull ?? [], forceNull: forceNull ?? [] };
}
