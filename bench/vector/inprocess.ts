// The ceiling arm: usearch in this process through src/index, the same build parameters and
// the same search code (HnswIndex, memory-mapped with usearch's view) that jammi uses, with
// no SQL, no wire and no client in between.
import { statSync } from 'node:fs';
import path from 'node:path';
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { INDEX_FILE, buildHnswIndex, openHnswIndex, type VectorEntry } from '../../src/index/index.js';
import { waitForQuiet } from '../wire/lib.js';
import { FILTERS, recall, row, type DataSet, type GroundTruth } from './data.js';
import type { WorkerInput } from './inprocess-worker.js';
import { mappedFile, procMemory, timedLoopSync, type Mapping, type ProcMemory } from './measure.js';

export interface HnswConfig {
  m: number;
  ef_construction: number;
  ef_search: number;
}

export interface ArmResult {
  filter: string;
  recall: number;
  /** Queries the recall is over (slow wire arms stop early, see --recall-seconds). */
  recallQueries: number;
  qps1: number;
  /** With N callers in parallel (in-process: `threads` child processes; wire: clients). */
  qpsN: number;
}

export interface InProcessResult {
  buildSeconds: number;
  indexBytes: number;
  /** This process's memory before the build, after it, after opening the sidecar and after all searches. */
  memory: { beforeBuild: ProcMemory | null; afterBuild: ProcMemory | null; afterOpen: ProcMemory | null; afterSearch: ProcMemory | null };
  /** This process's mappings of the index file after all searches. */
  indexMapping: Mapping | null;
  openSeconds: number;
  threads: number;
  arms: ArmResult[];
}

function* entries(data: DataSet): Generator<VectorEntry> {
  const d = data.spec.dimensions;
  for (let i = 0; i < data.spec.rows; i++) yield { key: BigInt(i), vector: row(data.block, d, i) };
}

export async function runInProcess(data: DataSet, truth: GroundTruth, hnsw: HnswConfig, dir: string, opts: { k: number; seconds: number; threads: number; log: (s: string) => void }): Promise<InProcessResult> {
  const d = data.spec.dimensions;
  const beforeBuild = procMemory();
  const t0 = performance.now();
  // batch_size 4096 (jammi's default is 512): usearch inserts each batch on all cores, and larger
  // batches keep them busy longer between JS turns. The graph's quality does not depend on it.
  await buildHnswIndex(dir, entries(data), { dimensions: d, metric: 'cosine', ...hnsw, batch_size: 4096 });
  const buildSeconds = (performance.now() - t0) / 1000;
  const afterBuild = procMemory();
  opts.log(`  in-process build: ${buildSeconds.toFixed(1)} s`);

  const t1 = performance.now();
  const index = await openHnswIndex(dir);
  const openSeconds = (performance.now() - t1) / 1000;
  const afterOpen = procMemory();
  const arms: ArmResult[] = [];
  let indexMapping: Mapping | null = null;
  try {
    for (const f of FILTERS) {
      const so = f.allow ? { allow: f.allow, selectivity: f.fraction } : undefined;
      const found: bigint[][] = [];
      for (let q = 0; q < data.spec.queries; q++) found.push(index.search(row(data.queries, d, q), opts.k, so).map((h) => h.key));
      const r = recall(found, truth.ids.get(f.name)!);
      await waitForQuiet();
      const one = timedLoopSync(opts.seconds, data.spec.queries, (q) => index.search(row(data.queries, d, q), opts.k, so));
      await waitForQuiet();
      const many = await parallelQps(dir, data, f.name, opts);
      arms.push({ filter: f.name, recall: r, recallQueries: found.length, qps1: one.qps, qpsN: many });
      opts.log(`  in-process, filter ${f.name}: recall@${opts.k} ${r.toFixed(4)}, ${one.qps.toFixed(0)} q/s on 1 thread, ${many.toFixed(0)} q/s on ${opts.threads}`);
    }
    indexMapping = mappedFile('self', `${path.sep}${INDEX_FILE}`);
  } finally {
    index.close();
  }
  const afterSearch = procMemory();
  return {
    buildSeconds,
    indexBytes: statSync(path.join(dir, INDEX_FILE)).size,
    memory: { beforeBuild, afterBuild, afterOpen, afterSearch },
    indexMapping,
    openSeconds,
    threads: opts.threads,
    arms,
  };
}

/** Queries per second with `threads` child processes, each viewing the sidecar and searching in a loop. */
async function parallelQps(dir: string, data: DataSet, filter: string, opts: { k: number; seconds: number; threads: number }): Promise<number> {
  const input: WorkerInput = { dir, queries: data.queries, dimensions: data.spec.dimensions, filter, seconds: opts.seconds, k: opts.k };
  // process.execArgv carries tsx's loader, so the children run the TypeScript module too.
  const workers = Array.from({ length: opts.threads }, () => fork(workerFile, [], { execArgv: process.execArgv, serialization: 'advanced', stdio: 'inherit' }));
  try {
    const ready = workers.map((w) => nextMessage(w));
    for (const w of workers) w.send(input);
    await Promise.all(ready);
    const done = workers.map((w) => nextMessage(w));
    const t0 = performance.now();
    for (const w of workers) w.send('go');
    const counts = await Promise.all(done);
    const wall = (performance.now() - t0) / 1000;
    return counts.reduce<number>((a, m) => a + (m as { queries: number }).queries, 0) / wall;
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
  }
}

const workerFile = fileURLToPath(new URL('./inprocess-worker.ts', import.meta.url));

function nextMessage(w: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`in-process search child exited with ${code}`));
    w.once('exit', onExit);
    w.once('message', (m) => {
      w.off('exit', onExit);
      resolve(m);
    });
  });
}
