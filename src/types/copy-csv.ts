/** CSV output options of one COPY TO. */
export interface CsvOutOptions {
  delimiter: string;
  quote: string;
  escape: string;
  null: string;
}

/**
 * CopyAttributeOutCSV: a value is quoted when asked to (FORCE_QUOTE), when it equals the NULL
 * text (so it reads back as a value), when it holds the delimiter, the quote, CR or LF, or
 * when it is `\.` alone in a one-column row; inside quotes the quote and escape bytes get
 * the escape byte before them.
 * @see https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.3
 */
export function copyCsvQuoter(o: CsvOutOptions, singleColumn: boolean): (s: string, force: boolean) => string {
  const esc = (c: string) => c.replace(/[\\\]^-]/g, '\\$&');
  const special = new RegExp(`[${esc(o.delimiter)}${esc(o.quote)}\\r\\n]`);
  const escaped = new RegExp(`[${esc(o.quote)}${esc(o.escape)}]`, 'g');
  return (s, force) => {
    const quote = force || s === o.null || (singleColumn && s === '\\.') || special.test(s);
    if (!quote) return s;
    return o.quote + s.replace(escaped, (c) => o.escape + c) + o.quote;
  };
}
