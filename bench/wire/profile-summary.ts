// Summarise a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_CPU_PROF=dir on run.ts):
// the top functions by self time and by inclusive time, and time per area (jammi module,
// npm package, Node internals, native/GC, idle). Positions in dist/*.js are mapped back to
// src/*.ts through the compiled source maps.
//
//   npx tsx bench/wire/profile-summary.ts <file.cpuprofile> [top=25]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, table } from './lib.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  process.stderr.write('usage: npx tsx bench/wire/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(1);
}
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Time per sample: each sample's delta is the time since the previous one.
const selfMicros = new Map<number, number>();
prof.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let sm: SourceMap | null = null;
  try {
    const js = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (existsSync(js + '.map')) sm = new SourceMap(JSON.parse(readFileSync(js + '.map', 'utf8')));
  } catch {
    sm = null;
  }
  maps.set(url, sm);
  return sm;
}

/** "file:line" with 1-based lines, relative to the repo, mapped to TypeScript where possible. */
function location(cf: CallFrame): string {
  if (!cf.url) return '(native)';
  const sm = sourceMapFor(cf.url);
  if (sm) {
    const e = sm.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number };
    if (e?.originalSource) {
      const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : path.resolve(path.dirname(fileURLToPath(cf.url)), e.originalSource);
      return `${path.relative(repoRoot, src)}:${(e.originalLine ?? 0) + 1}`;
    }
  }
  const p = cf.url.startsWith('file://') ? path.relative(repoRoot, fileURLToPath(cf.url)) : cf.url;
  return `${p}:${cf.lineNumber + 1}`;
}

/** The area a frame belongs to: a jammi module directory, an npm package, node internals, or V8/native. */
function area(cf: CallFrame): string {
  const name = cf.functionName;
  if (!cf.url) {
    if (name === '(idle)') return '(idle)';
    if (name === '(garbage collector)') return '(gc)';
    if (name === '(program)') return '(program: native/V8 outside JS)';
    return '(native)';
  }
  if (cf.url.startsWith('node:')) return 'node internals';
  const p = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = p.slice(nm + 'node_modules/'.length).split('/');
    return 'npm ' + (parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  const rel = path.relative(repoRoot, p);
  const m = /^dist\/src\/([^/]+)/.exec(rel) ?? /^src\/([^/]+)/.exec(rel);
  return m ? `jammi ${m[1]}` : rel;
}

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const key = (cf: CallFrame) => `${cf.functionName || '(anonymous)'}\t${location(cf)}`;

const self = new Map<string, number>();
const areas = new Map<string, number>();
for (const [id, us] of selfMicros) {
  const cf = byId.get(id)!.callFrame;
  self.set(key(cf), (self.get(key(cf)) ?? 0) + us);
  areas.set(area(cf), (areas.get(area(cf)) ?? 0) + us);
}

// Inclusive time: charge each sample to every distinct function on its stack once.
const inclusive = new Map<string, number>();
for (const [id, us] of selfMicros) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}

const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
const idle = areas.get('(idle)') ?? 0;
const busy = total - idle;
const pctBusy = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
const rowsOf = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
  [...m.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => {
      const [fn, loc] = k.split('\t');
      return [fn, loc, pct(us), pctBusy(us)];
    });

process.stdout.write(`${file}\nsampled ${(total / 1e6).toFixed(2)} s, idle ${pct(idle)}; "% busy" excludes idle time\n\n`);
process.stdout.write('time by area (self time)\n');
process.stdout.write(
  table(
    ['area', '% total', '% busy'],
    [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([a, us]) => [a, pct(us), pctBusy(us)]),
  ) + '\n\n',
);
process.stdout.write(`top ${top} functions by self time\n`);
process.stdout.write(table(['function', 'location', '% total', '% busy'], rowsOf(self, top, (k) => !k.startsWith('(idle)'))) + '\n\n');
process.stdout.write(`top ${top} jammi functions by inclusive time\n`);
process.stdout.write(table(['function', 'location', '% total', '% busy'], rowsOf(inclusive, top, (k) => k.split('\t')[1].startsWith('src/'))) + '\n');
