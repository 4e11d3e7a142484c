// The printed report of one size: build, memory, recall and throughput per arm and filter,
// the ratios the targets are stated in, and which targets are met.
import { table } from '../wire/lib.js';
import type { DataSpec } from './data.js';
import type { ArmResult, InProcessResult } from './inprocess.js';
import { mib, type Mapping, type ProcMemory } from './measure.js';
import type { WireResult } from './wire.js';

export interface SizeResult {
  spec: DataSpec;
  /** In-process exact search (JS brute force over the qualifying rows, one thread), q/s per filter. */
  truthExactQps: Record<string, number>;
  inProcess: InProcessResult;
  wire: WireResult;
}

const qps = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const fmt = (x: number) => (!Number.isFinite(x) ? '-' : x >= 10 ? x.toFixed(0) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
const memLine = (m: ProcMemory | null) => (m ? `${mib(m.rss)} / ${mib(m.anon)} / ${mib(m.file)} / ${mib(m.peak)}` : '-');

export function report(r: SizeResult): string {
  const { spec, inProcess: ip, wire: w } = r;
  const n = ip.threads;
  const out: string[] = [];
  out.push(`${spec.rows.toLocaleString('en')} × ${spec.dimensions} (${spec.clusters} clusters, spread ${spec.spread}, ${spec.queries} queries, k = 10)`);
  out.push(
    `build: usearch in-process ${ip.buildSeconds.toFixed(1)} s; jammi register_embeddings ${w.buildSeconds.toFixed(1)} s ` +
      `(${w.copySeconds === null ? '' : `copy into data.parquet ${w.copySeconds.toFixed(1)} s, then HNSW; `}add_source before it ${w.sourceSeconds.toFixed(2)} s); index file ${mib(w.indexBytes)} MiB (in-process ${mib(ip.indexBytes)} MiB)`,
  );
  const m = w.memory;
  out.push(`jammi server memory, MiB (VmRSS / RssAnon / RssFile / VmHWM): after add_source ${memLine(m.beforeBuild)}; after build ${memLine(m.afterBuild)}; after all ANN searches ${memLine(m.afterSearch)}`);
  if (m.afterBuild && m.afterSearch) {
    out.push(
      `  during the ANN searches: RssAnon ${signedMib(m.afterSearch.anon - m.afterBuild.anon)} MiB, RssFile ${signedMib(m.afterSearch.file - m.afterBuild.file)} MiB, ` +
        `next to an index of ${mib(w.indexBytes)} MiB (RssAnon also moves with DuckDB's and V8's own allocations; the mapping below is the direct evidence)`,
    );
  }
  out.push(`  index.usearch as mapped by the server: ${mapLine(w.indexMapping)}`);
  const im = ip.memory;
  if (im.afterBuild && im.afterOpen && im.afterSearch) {
    out.push(
      `in-process: openHnswIndex ${ip.openSeconds.toFixed(2)} s (checksum + view); open and all searches: RssAnon ${signedMib(im.afterSearch.anon - im.afterBuild.anon)} MiB, RssFile ${signedMib(im.afterSearch.file - im.afterBuild.file)} MiB; mapped: ${mapLine(ip.indexMapping)}`,
    );
  }
  out.push('');
  const rows: string[][] = [];
  const arm = (name: string, xs: ArmResult[]) => {
    for (const a of xs) rows.push([name, a.filter, a.recall.toFixed(4), String(a.recallQueries), qps(a.qps1), qps(a.qpsN)]);
  };
  arm('usearch in-process', ip.arms);
  for (const [f, q] of Object.entries(r.truthExactQps)) rows.push(['exact in-process (JS, 1 thread)', f, '1.0000', String(r.spec.queries), qps(q), '-']);
  arm('jammi ANN, wire', w.ann);
  arm('jammi exact, wire', w.exact);
  out.push(table(['arm', 'filter', 'recall@10', 'queries', 'q/s, 1', 'q/s, N'], rows));
  out.push(`(N: ${n} in-process search processes; ${w.clients} clients over the wire)`);
  out.push('');
  const ratioRows = w.ann.map((a, i) => {
    const base = ip.arms[i];
    const ex = w.exact[i];
    return [a.filter, fmt(ratio(a.qps1, base.qps1)), fmt(ratio(a.qpsN, base.qpsN)), fmt(ratio(a.qps1, ex.qps1)), fmt(ratio(a.qpsN, ex.qpsN))];
  });
  out.push(table(['filter', 'ANN wire / in-process, 1', 'ANN wire / in-process, N', 'ANN / exact wire, 1', 'ANN / exact wire, N'], ratioRows));
  out.push('');
  out.push(targets(r));
  return out.join('\n');
}

function mapLine(m: Mapping | null): string {
  return m ? `${mib(m.size)} MiB mapped, ${mib(m.rss)} MiB resident, ${mib(m.anonymous)} MiB private copies` : 'not mapped';
}

function signedMib(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;
}

/** One line per target of issue 5's "Speed" and whether this size meets it. */
function targets(r: SizeResult): string {
  const { inProcess: ip, wire: w } = r;
  const lines: string[] = [];
  const ok = (b: boolean) => (b ? 'met' : 'NOT met');
  const arms = [...ip.arms.map((a) => ({ ...a, arm: 'usearch in-process' })), ...w.ann.map((a) => ({ ...a, arm: 'jammi ANN' }))];
  const low = arms.filter((a) => a.recall < 0.95).map((a) => `${a.arm}, filter ${a.filter}: ${a.recall.toFixed(4)}`);
  lines.push(`target recall@10 ≥ 0.95 at every ANN arm and filter: ${ok(!low.length)} (${low.length ? low.join('; ') : `lowest ${Math.min(...arms.map((a) => a.recall)).toFixed(4)}`})`);
  const vsCeiling = w.ann.flatMap((a, i) => [ratio(a.qps1, ip.arms[i].qps1), ratio(a.qpsN, ip.arms[i].qpsN)]);
  lines.push(`target wire ANN ≥ 0.5× in-process: ${ok(vsCeiling.every((x) => x >= 0.5))} (lowest ${fmt(Math.min(...vsCeiling))}×)`);
  const vsExact = w.ann.flatMap((a, i) => [ratio(a.qps1, w.exact[i].qps1), ratio(a.qpsN, w.exact[i].qpsN)]);
  lines.push(`target wire ANN ≥ 20× wire exact: ${ok(vsExact.every((x) => x >= 20))} (lowest ${fmt(Math.min(...vsExact))}×)`);
  if (r.spec.rows === 100000 && r.spec.dimensions === 384) lines.push(`target 100k × 384 builds in under a minute: ${ok(w.buildSeconds < 60)} (jammi ${w.buildSeconds.toFixed(1)} s)`);
  const map = w.indexMapping;
  lines.push(
    `target index memory-mapped, not copied into the heap: ${ok(!!map && map.size >= w.indexBytes && map.anonymous < w.indexBytes / 10)} ` +
      `(server: ${mapLine(map)}; index file ${mib(w.indexBytes)} MiB)`,
  );
  if (w.busyBefore !== null) lines.push(`other CPU load before the wire measurements: up to ${(w.busyBefore * 100).toFixed(0)}%`);
  return lines.join('\n');
}
