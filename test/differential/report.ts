import type { Category } from './query.js';

/** How many of a category's queries ran and how many matched PostgreSQL exactly. */
export interface Tally {
  total: number;
  matched: number;
}

/** A fixed-width table of pass rates per category plus the overall rate. */
export function passRateReport(categories: readonly Category[], tallies: ReadonlyMap<string, Tally>): string {
  const lines = ['differential suite: queries identical to PostgreSQL 15, per category'];
  let total = 0;
  let matched = 0;
  for (const c of categories) {
    const t = tallies.get(c.name) ?? { total: 0, matched: 0 };
    total += t.total;
    matched += t.matched;
    lines.push(`  ${c.name.padEnd(12)} ${String(t.matched).padStart(4)}/${String(t.total).padEnd(4)} ${percent(t)}`);
  }
  lines.push(`  ${'all'.padEnd(12)} ${String(matched).padStart(4)}/${String(total).padEnd(4)} ${percent({ total, matched })}`);
  return lines.join('\n');
}

const percent = (t: Tally) => (t.total === 0 ? '   -' : `${((100 * t.matched) / t.total).toFixed(1).padStart(5)}%`);
