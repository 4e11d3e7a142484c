/**
 * A text embedding model: turns texts into vectors of a fixed dimension.
 * Every implementation (the built-in hash model, the HTTP provider) runs the shared
 * conformance suite in `embedding-model.case.test.ts`.
 */
export interface EmbeddingModel {
  /** The name the model is registered under (`hash-384`, or a `jammi.register_model` name). */
  readonly name: string;
  /**
   * The length of every vector `embed` returns. A model whose dimension is learnt from its
   * first response (an HTTP model registered without `dimensions`) reports 0 until then.
   */
  readonly dimensions: number;
  /**
   * One L2-normalised vector per text, in the order of `texts`. Aborting `signal` stops the
   * work at once and rejects with 57014 (or with the signal's reason when that is a PgError).
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** The providers `jammi.register_model` accepts. */
export const modelProviders = ['http'] as const;
export type ModelProvider = (typeof modelProviders)[number];

/** A model as the registry describes it (the row `jammi.register_model` returns). */
export interface ModelInfo {
  name: string;
  /** `builtin` for hash-384, else the provider it was registered with. */
  provider: ModelProvider | 'builtin';
  /** Null while unknown (an HTTP model before its first answer, when not configured). */
  dimensions: number | null;
  /** `ready` once the dimension is known, `registered` before. */
  status: 'registered' | 'ready';
  tenantId: string | null;
}
