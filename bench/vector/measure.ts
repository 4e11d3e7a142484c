// Measuring helpers for bench/vector: process memory from /proc, timed query loops.
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  /** Resident set, bytes (VmRSS). */
  rss: number;
  /** Resident anonymous memory (heap, native allocations), bytes. A copy of the index would show here. */
  anon: number;
  /** Resident file-backed pages (memory-mapped files such as a viewed index), bytes. */
  file: number;
  /** Peak resident set so far (VmHWM), bytes. */
  peak: number;
}

/** VmRSS / RssAnon / RssFile / VmHWM of a process from /proc/<pid>/status; null off Linux. */
export function procMemory(pid: number | 'self' = 'self'): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : NaN;
    };
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

export const mib = (bytes: number | null | undefined): string => (bytes == null || !Number.isFinite(bytes) ? '-' : `${(bytes / 2 ** 20).toFixed(0)}`);

export interface LoopResult {
  queries: number;
  seconds: number;
  qps: number;
  /** Mean latency per query as seen by one caller, ms. */
  meanMs: number;
}

/**
 * `workers` callers each run `once(worker, i)` for query numbers i = worker's offset, +1, …
 * until `seconds` have passed; each waits for its previous query. The total over all callers
 * divided by the wall time is the throughput.
 */
export async function timedLoop(workers: number, seconds: number, queryCount: number, once: (worker: number, i: number) => Promise<unknown>): Promise<LoopResult> {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let total = 0;
  let busyMs = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let i = Math.floor((w * queryCount) / workers);
      while (performance.now() < deadline) {
        const s = performance.now();
        await once(w, i % queryCount);
        busyMs += performance.now() - s;
        total++;
        i++;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  return { queries: total, seconds: wall, qps: total / wall, meanMs: total ? busyMs / total : NaN };
}

/** The synchronous version for in-process search on this thread. */
export function timedLoopSync(seconds: number, queryCount: number, once: (i: number) => unknown): LoopResult {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let total = 0;
  // Read the clock every 8 queries, so the clock itself is not part of a fast query's cost.
  while (performance.now() < deadline) {
    for (let j = 0; j < 8; j++) once((total + j) % queryCount);
    total += 8;
  }
  const wall = (performance.now() - t0) / 1000;
  return { queries: total, seconds: wall, qps: total / wall, meanMs: (wall * 1000) / total };
}

export interface Mapping {
  /** Bytes of address space mapped from the file (all its mappings). */
  size: number;
  /** Of those, bytes resident (page cache pages this process touched). */
  rss: number;
  /** Of those, private copies (copy-on-write pages): a file read into the heap would not be mapped at all. */
  anonymous: number;
}

/**
 * The mappings of files whose path ends with `suffix` in /proc/<pid>/smaps: the direct
 * evidence that an index is memory-mapped rather than read into the heap. Null off Linux or
 * when no such file is mapped.
 */
export function mappedFile(pid: number | 'self', suffix: string): Mapping | null {
  let smaps: string;
  try {
    smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  let found: Mapping | null = null;
  let inFile = false;
  for (const line of smaps.split('\n')) {
    // A mapping's header: "start-end perms offset dev inode [path]"; its fields follow as "Name: n kB".
    const header = /^[0-9a-f]+-[0-9a-f]+\s/.exec(line);
    if (header) {
      inFile = line.trimEnd().endsWith(suffix);
      if (inFile) found ??= { size: 0, rss: 0, anonymous: 0 };
      continue;
    }
    if (!inFile || !found) continue;
    const m = /^(Size|Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (m) found[m[1].toLowerCase() as keyof Mapping] += Number(m[2]) * 1024;
  }
  return found;
}
