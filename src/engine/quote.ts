/** The one identifier quoter: always double-quotes, doubling embedded quotes (valid in Postgres and DuckDB). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A SQL string literal with embedded quotes doubled (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}
