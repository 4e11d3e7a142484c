/** Render rows as an aligned text table, like psql's default output. */
export function formatTable(columns: string[], rows: (string | null)[][]): string {
  const cells = rows.map((r) => r.map((v) => (v === null ? '' : v)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (vals: string[]) => ' ' + vals.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  const out = [line(columns.map((c, i) => c.padStart(Math.floor((widths[i] + c.length) / 2)).padEnd(widths[i]))), '-' + widths.map((w) => '-'.repeat(w)).join('-+-') + '-'];
  for (const r of cells) out.push(line(r));
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}
