export type { EmbeddingModel, ModelInfo, ModelProvider } from './embedding-model.types.js';
export { modelProviders } from './embedding-model.types.js';
export { HASH_MODEL_NAME, HashEmbeddingModel, hashEmbed } from './hash-model.js';
export { HttpEmbeddingModel } from './http-model.js';
export { parseHttpOptions, endpointOf, type HttpModelOptions, type HttpFormat } from './http-options.js';
export { l2Normalize } from './normalize.js';
export { ModelRegistry } from './model-registry.js';
