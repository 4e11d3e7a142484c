import type { ModelRecord, ModelsRepo } from '../catalog/index.js';
import { PgError, SqlStates } from '../errors/index.js';
import { type EmbeddingModel, type ModelInfo, type ModelProvider, modelProviders } from './embedding-model.types.js';
import { HASH_MODEL_NAME, HashEmbeddingModel } from './hash-model.js';
import { HttpEmbeddingModel } from './http-model.js';
import { parseHttpOptions } from './http-options.js';

/** Model names: what OpenAI and Ollama names look like (`text-embedding-3-small`, `nomic-embed-text:v1.5`). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$/;

const info = (r: ModelRecord): ModelInfo => ({
  name: r.name,
  provider: r.backend as ModelInfo['provider'],
  dimensions: r.dimensions,
  status: r.status === 'ready' ? 'ready' : 'registered',
  tenantId: r.tenantId,
});

/**
 * The embedding models: the catalog's `models` rows, and the live model objects behind them.
 * `hash-384` is built in: it is always available and listed (as a global row the registry
 * writes when missing), and its name cannot be registered again.
 */
export class ModelRegistry {
  private readonly hash = new HashEmbeddingModel();
  /** Live HTTP models by name, so a learnt dimension is kept between calls. */
  private readonly live = new Map<string, HttpEmbeddingModel>();

  constructor(private readonly repo: ModelsRepo) {
    if (!repo.existsGlobally(HASH_MODEL_NAME)) {
      repo.insert({ modelId: HASH_MODEL_NAME, name: HASH_MODEL_NAME, modelType: 'embedding', task: 'embedding', backend: 'builtin', source: null, dimensions: this.hash.dimensions, status: 'ready', metadata: {}, tenantId: null });
    }
  }

  /**
   * Register a model. Nothing is sent to the endpoint yet: an HTTP model's dimension is
   * `options.dimensions`, or learnt (and recorded) at its first answer.
   * Errors: 42602 bad name, 22023 unknown provider or bad options, 42710 the name is taken.
   */
  register(name: string, provider: string, options: Record<string, unknown>, tenant: string | null): ModelInfo {
    if (!NAME.test(name)) {
      throw new PgError(SqlStates.invalid_name, `invalid model name "${name}"`, { hint: 'A model name is 1 to 63 letters, digits, "_", ".", ":" or "-", starting with a letter or digit.' });
    }
    if (!(modelProviders as readonly string[]).includes(provider)) {
      throw new PgError(SqlStates.invalid_parameter_value, `unknown model provider "${provider}"`, { hint: `Providers: ${modelProviders.join(', ')}. The built-in ${HASH_MODEL_NAME} needs no registration.` });
    }
    const opts = parseHttpOptions(options);
    if (this.repo.existsGlobally(name)) throw new PgError(SqlStates.duplicate_object, `model "${name}" already exists`);
    const rec = this.repo.insert({
      modelId: name,
      name,
      modelType: 'embedding',
      task: 'embedding',
      backend: provider as ModelProvider,
      source: opts.url,
      dimensions: opts.dimensions ?? null,
      status: opts.dimensions === undefined ? 'registered' : 'ready',
      metadata: options,
      tenantId: tenant,
    });
    return info(rec);
  }

  /** The model named `name` as `tenant` sees it. 42704 when there is none. */
  get(name: string, tenant: string | null): EmbeddingModel {
    if (name === HASH_MODEL_NAME) return this.hash;
    const rec = this.repo.get(name, tenant);
    if (!rec) throw new PgError(SqlStates.undefined_object, `model "${name}" does not exist`, { hint: `Register it with jammi.register_model, or use the built-in ${HASH_MODEL_NAME}.` });
    let model = this.live.get(name);
    if (!model) {
      if (rec.backend !== 'http') throw new PgError(SqlStates.feature_not_supported, `model "${name}" uses provider "${rec.backend}", which this jammi does not support`);
      const learnt = rec.dimensions === null ? (d: number) => this.repo.setDimensions(name, d) : undefined;
      model = new HttpEmbeddingModel(name, { ...parseHttpOptions(rec.metadata), ...(rec.dimensions === null ? {} : { dimensions: rec.dimensions }) }, learnt);
      this.live.set(name, model);
    }
    return model;
  }

  /** A model's description, or null when `tenant` cannot see it. */
  describe(name: string, tenant: string | null): ModelInfo | null {
    const rec = this.repo.get(name, tenant);
    return rec ? info(rec) : null;
  }

  /** Every model `tenant` can see, hash-384 included. */
  list(tenant: string | null): ModelInfo[] {
    return this.repo.list(tenant).map(info);
  }
}
