/**
 * The one place that imports usearch. Imported from a module file: usearch locates its native
 * build relative to the importing module, which fails under `node -e`.
 * @see https://github.com/unum-cloud/USearch/blob/main/javascript/usearch.ts
 */
import usearch from 'usearch';
import type { Metric } from './vector-index.types.js';

export const { Index, MetricKind, ScalarKind } = usearch;
export type UsearchIndex = InstanceType<typeof usearch.Index>;

/** The usearch version whose file format the sidecars hold (its major version is checked on view). */
export const USEARCH_VERSION = '2.25.3';

const KINDS: Record<Metric, (typeof MetricKind)[keyof typeof MetricKind]> = {
  cosine: MetricKind.Cos,
  l2sq: MetricKind.L2sq,
  ip: MetricKind.IP,
};

export interface HnswParams {
  dimensions: number;
  metric: Metric;
  /** Graph connectivity (HNSW M). */
  m: number;
  ef_construction: number;
  ef_search: number;
}

export function newUsearchIndex(p: HnswParams): UsearchIndex {
  return new Index({
    dimensions: p.dimensions,
    metric: KINDS[p.metric],
    quantization: ScalarKind.F32,
    connectivity: p.m,
    expansion_add: p.ef_construction,
    expansion_search: p.ef_search,
    multi: false,
  });
}
