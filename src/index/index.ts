export type { Metric, SearchHit, SearchOptions, VectorEntry, VectorIndex } from './vector-index.types.js';
export { METRICS } from './vector-index.types.js';
export { VectorIndexError, SidecarError, type VectorIndexErrorCode, type SidecarErrorReason } from './errors.js';
export { ExactIndex, buildExactIndex, type ExactIndexOptions } from './exact-index.js';
export { HnswIndex, openHnswIndex, OVERSAMPLE_INITIAL, OVERSAMPLE_GROWTH, type OpenHnswOptions } from './hnsw-index.js';
export { buildHnswIndex, DEFAULT_HNSW, type BuildHnswOptions } from './hnsw-build.js';
export { INDEX_FILE, MANIFEST_FILE, FORMAT_VERSION, type HnswManifest } from './sidecar.js';
export type { HnswParams } from './usearch-binding.js';
export { mulberry32, gaussian, clusteredVectors, asAsync, type ClusteredSpec } from './synthetic.js';
