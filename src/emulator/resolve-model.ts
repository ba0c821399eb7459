// Which loaded instance answers a request, by LM Studio's rules.
import type { Instance } from './catalogue.js';
import { isEmbedding } from './catalogue.js';
import { objectError, stringError, type Exchange, type Reply } from './exchange.js';
import type { EmulatedModel } from './types.js';
import { NO_MODELS_LOADED_MESSAGE } from './wire.js';

/**
 * LM Studio's rules: a loaded instance answers; a downloaded model loads just in time; an unknown id is served
 * by a loaded model (HTTP 200); with nothing loaded it is `model_not_found` (or "No models loaded").
 * Undefined when the exchange ended while a model was loading.
 */
export async function resolveModel(
  ex: Exchange,
  requested: string,
  kind: 'llm' | 'embedding',
  ttlSeconds: number | undefined,
): Promise<{ instance: Instance } | { reply: Reply } | undefined> {
  const { catalogue } = ex.emu;
  const wrongKind = (id: string): Reply =>
    kind === 'llm'
      ? stringError(400, `Model "${id}" is an embedding model and cannot be used for chat or text completions.`)
      : stringError(400, `Model "${id}" is not an embedding model. Please use an embedding model for embeddings.`);
  const matchesKind = (m: EmulatedModel) => isEmbedding(m) === (kind === 'embedding');
  if (catalogue.models.length === 0) {
    return { reply: objectError(400, { message: NO_MODELS_LOADED_MESSAGE, type: 'invalid_request_error', param: 'model', code: null }) };
  }
  const instance = catalogue.findInstance(requested);
  if (instance) return matchesKind(instance.model) ? { instance } : { reply: wrongKind(instance.id) };
  const model = catalogue.findModel(requested);
  if (model && !matchesKind(model)) return { reply: wrongKind(model.id) };
  if (model && catalogue.jit) {
    const loading = catalogue.ensureLoaded(model, () => ex.emu.globalSleep(ex.emu.options.jitLoadMs ?? 0), ttlSeconds);
    const loaded = await Promise.race([loading, ex.untilAborted().then(() => undefined)]);
    if (!loaded || ex.aborted) return undefined;
    return { instance: loaded };
  }
  const fallback = catalogue.loadedInstances().find((i) => matchesKind(i.model));
  if (fallback) return { instance: fallback };
  if (!catalogue.jit) {
    return { reply: objectError(400, { message: NO_MODELS_LOADED_MESSAGE, type: 'invalid_request_error', param: 'model', code: null }) };
  }
  const examples = catalogue.models.filter(matchesKind).slice(0, 3).map((m) => m.id);
  return {
    reply: objectError(400, {
      message: `Invalid model identifier "${requested}". Please specify a valid downloaded model (e.g., ${examples.join(', ')}).`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    }),
  };
}

/** A finite number, or undefined. */
export function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
