// What planning a statement costs in jammi's SQL layer (parse, fifty-odd Postgres-semantics
// rewrites, deparse) when the plan cache misses, next to what the same statement costs
// DuckDB to prepare in-process (the rewritten SQL jammi sends, with jammi's compatibility
// functions installed) — the comparison, run in the same process:
//   npm run build && npx tsx bench/wire/plan-cost.ts
import { DuckDBInstance } from '@duckdb/node-api';
import { installPgFunctions } from '../../src/engine/pg-functions/index.js';
import { initParser, type NameResolver, parseStatements, planStatement } from '../../src/sql/index.js';
import { machineSummary, table } from './lib.js';

const resolver: NameResolver = { sourceTable: () => null, isSource: () => false, versionString: () => 'PostgreSQL 15.20', systemTable: () => null, writableTable: () => null };

const statements: Record<string, string> = {
  'one-row query (no rewrite)': 'SELECT x FROM (VALUES (1)) AS t(x)',
  'one-row query (rewritten)':
    "SELECT id, upper(s) AS name, length(s) AS len, s ~ 'a' AS has_a, n::numeric(10,2) AS amount, '\\x01ff'::bytea AS b, position('p' in s) AS p FROM (VALUES (1, 'alpha', 1.5)) AS t(id, s, n)",
  'BI aggregate': `SELECT city, date_trunc('month', started_at) AS m, count(*) AS n, sum(fare) AS revenue, avg(distance_km) AS km,
    sum(fare) / nullif(sum(distance_km), 0) AS per_km FROM trips WHERE started_at >= '2026-01-01' AND city ILIKE '%a%' GROUP BY 1, 2 ORDER BY 1, 2`,
};

/** Mean microseconds per call of `fn` over `n` calls, after a warm-up. */
async function micros(n: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t) / n) * 1000;
}

async function main(): Promise<void> {
  await initParser();
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  await installPgFunctions(duck);
  await duck.run('CREATE TABLE trips (city VARCHAR, started_at TIMESTAMP, fare DECIMAL(8,2), distance_km DECIMAL(6,2))');
  process.stdout.write(`machine: ${machineSummary()}\n`);
  const rows: string[][] = [];
  for (const [name, sql] of Object.entries(statements)) {
    const parse = await micros(2000, () => parseStatements(sql));
    const plan = await micros(2000, () => planStatement(parseStatements(sql)[0], { resolver }));
    const route = planStatement(parseStatements(sql)[0], { resolver });
    const duckSql = route.kind === 'duckdb' && typeof route.sql === 'string' ? route.sql : sql;
    const prepare = await micros(500, async () => (await duck.prepare(duckSql)).destroySync());
    rows.push([name, parse.toFixed(0), plan.toFixed(0), prepare.toFixed(0), (plan / prepare).toFixed(2)]);
  }
  process.stdout.write('\n' + table(['statement', 'parse µs', 'parse+plan µs', 'duckdb prepare µs', 'plan/prepare'], rows) + '\n');
}

await main();
