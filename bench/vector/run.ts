// Vector search: jammi's ANN and exact search over the wire next to usearch in-process (the
// ceiling), on seeded clustered synthetic vectors, unfiltered and with filters keeping 10%
// and 1% of the rows. All sizes in one run.
//
//   npm run build && npx tsx bench/vector/run.ts [--sizes 100000x384,1000000x128] [--queries 200] [--seconds 10]
//
// Options (all optional): --exact-seconds <s> (default min(seconds, 5)), --exact-queries <n>
// (recall queries for the exact arm, default 20), --recall-seconds <s> (a wire arm's recall
// pass stops after this long with at least 10 queries done, default 60), --clients <n> (default 8), --threads <n>
// (in-process callers, default: cores), --clusters <n> (default rows / 100), --spread <x>
// (default 0.3), --seed <n>, --m / --ef-construction / --ef-search (default 16 / 64 / 64, jammi's defaults),
// --json <file>, --keep (leave the temp directory). BENCH_WAIT_QUIET=<s> waits for the
// machine to be idle before each measurement (bench/wire/lib.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineSummary, requireBuiltCli } from '../wire/lib.js';
import { generate, groundTruth, type DataSpec } from './data.js';
import { runInProcess, type HnswConfig } from './inprocess.js';
import { writeParquet } from './parquet.js';
import { report, type SizeResult } from './report.js';
import { runWire } from './wire.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000x384,1000000x128' },
    queries: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    'exact-seconds': { type: 'string' },
    'exact-queries': { type: 'string', default: '20' },
    'recall-seconds': { type: 'string', default: '60' },
    clients: { type: 'string', default: '8' },
    threads: { type: 'string', default: String(os.availableParallelism()) },
    clusters: { type: 'string' },
    spread: { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '20261207' },
    m: { type: 'string', default: '16' },
    'ef-construction': { type: 'string', default: '64' },
    'ef-search': { type: 'string', default: '64' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const K = 10;
const seconds = Number(args.seconds);
const hnsw: HnswConfig = { m: Number(args.m), ef_construction: Number(args['ef-construction']), ef_search: Number(args['ef-search']) };
const log = (s: string) => process.stdout.write(`${s}\n`);

async function runSize(rows: number, dimensions: number, tmp: string): Promise<SizeResult> {
  const spec: DataSpec = {
    rows,
    dimensions,
    queries: Number(args.queries),
    clusters: args.clusters ? Number(args.clusters) : Math.max(1, Math.round(rows / 100)),
    spread: Number(args.spread),
    seed: Number(args.seed),
  };
  const dir = path.join(tmp, `${rows}x${dimensions}`);
  mkdirSync(dir, { recursive: true });
  log(`\n== ${rows.toLocaleString('en')} × ${dimensions}: ${spec.clusters} clusters, spread ${spec.spread}, ${spec.queries} held-out queries, seed ${spec.seed}`);
  let t0 = performance.now();
  const data = generate(spec);
  log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const parquet = path.join(dir, 'vecs.parquet');
  log(`  wrote ${parquet} in ${(await writeParquet(data, parquet)).toFixed(1)} s`);
  t0 = performance.now();
  const truth = groundTruth(data, K);
  log(`  exact ground truth (ExactIndex, JS) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const inProcess = await runInProcess(data, truth, hnsw, path.join(dir, 'inprocess-index'), { k: K, seconds, threads: Number(args.threads), log });
  const wire = await runWire(data, truth, parquet, dir, hnsw, {
    k: K,
    seconds,
    exactSeconds: args['exact-seconds'] ? Number(args['exact-seconds']) : Math.min(seconds, 5),
    exactQueries: Number(args['exact-queries']),
    recallSeconds: Number(args['recall-seconds']),
    clients: Number(args.clients),
    log,
  });
  rmSync(dir, { recursive: true, force: true });
  return { spec, truthExactQps: Object.fromEntries(truth.exactQps), inProcess, wire };
}

async function main(): Promise<void> {
  requireBuiltCli();
  const sizes = args.sizes.split(',').map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s.trim());
    if (!m) throw new Error(`--sizes: expected ROWSxDIMENSIONS, got ${s}`);
    return [Number(m[1]), Number(m[2])] as const;
  });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jammi-bench-vector-'));
  const started = new Date();
  log(`machine: ${machineSummary()}`);
  log(`date: ${started.toISOString()}; HNSW m=${hnsw.m} ef_construction=${hnsw.ef_construction} ef_search=${hnsw.ef_search}; k=${K}; ${seconds} s per ANN measurement`);
  log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results: SizeResult[] = [];
  try {
    for (const [rows, d] of sizes) results.push(await runSize(rows, d, tmp));
  } finally {
    if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  }
  for (const r of results) log(`\n${report(r)}`);
  log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ date: started.toISOString(), machine: machineSummary(), hnsw, k: K, seconds, results }, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
    log(`wrote ${args.json}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
