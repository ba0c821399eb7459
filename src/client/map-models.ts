// LM Studio's three model listings mapped to one `LmModel`. Every field is read as untrusted input: an entry that
// is not a model is a `bad-response` naming it, a field of the wrong type is left out, never a raw TypeError.
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { LmModel, LoadedInstance, ModelType } from '../domain/types.js';

type Schemas = components['schemas'];

/** `value` as a plain record, or undefined when it is not an object (null, a string, a list). */
function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Each entry of `list` as a record with a string id under `idKey`; anything else is a `bad-response`. */
function entries(list: readonly unknown[], idKey: string, path: string): { entry: Record<string, unknown>; id: string }[] {
  return list.map((item, index) => {
    const entry = record(item);
    const id = str(entry?.[idKey]);
    if (!entry || id === undefined || id === '') {
      throw new LmStudioError('bad-response', {
        message: `LM Studio answered ${path} with an entry that is not a model (entry ${index}: no "${idKey}").`,
      });
    }
    return { entry, id };
  });
}

/** `/api/v1/models` (LM Studio 0.4+): the richest surface; loaded context comes from the instances. */
export function modelsFromApiV1(list: Schemas['ModelListV1']): LmModel[] {
  return entries(list.models, 'key', '/api/v1/models').map(({ entry: m, id }) => {
    const capabilities = record(m.capabilities);
    const vision = capabilities?.vision;
    const type: ModelType = m.type === 'embedding' || m.type === 'embeddings' ? 'embedding' : m.type === 'llm' || m.type === 'vlm' ? (vision === true || m.type === 'vlm' ? 'vlm' : 'llm') : 'unknown';
    const instances: LoadedInstance[] = [];
    for (const item of Array.isArray(m.loaded_instances) ? (m.loaded_instances as unknown[]) : []) {
      const instance = record(item);
      const instanceId = str(instance?.id);
      if (instanceId === undefined) continue;
      const contextLength = num(record(instance?.config)?.context_length);
      instances.push(contextLength !== undefined ? { id: instanceId, contextLength } : { id: instanceId });
    }
    const model: LmModel = { id, type, loaded: instances.length > 0, instances };
    const contextLength = instances[0]?.contextLength;
    if (contextLength !== undefined) model.contextLength = contextLength;
    const maxContext = num(m.max_context_length);
    if (maxContext !== undefined) model.maxContextLength = maxContext;
    if (typeof capabilities?.trained_for_tool_use === 'boolean') model.toolUse = capabilities.trained_for_tool_use;
    else if (type === 'embedding') model.toolUse = false;
    if (typeof vision === 'boolean') model.vision = vision;
    const reasoning = record(capabilities?.reasoning);
    if (reasoning && Array.isArray(reasoning.allowed_options)) {
      const options = (reasoning.allowed_options as unknown[]).filter((o): o is string => typeof o === 'string');
      const fallback = str(reasoning.default);
      model.reasoning = fallback !== undefined ? { options, default: fallback } : { options };
    }
    const size = num(m.size_bytes);
    if (size !== undefined) model.sizeBytes = size;
    const quantization = str(record(m.quantization)?.name);
    if (quantization !== undefined) model.quantization = quantization;
    const publisher = str(m.publisher);
    if (publisher !== undefined) model.publisher = publisher;
    const displayName = str(m.display_name);
    if (displayName !== undefined) model.displayName = displayName;
    return model;
  });
}

/** `/api/v0/models` (LM Studio 0.3.6+): type, state and context lengths. */
export function modelsFromApiV0(list: Schemas['ModelListV0']): LmModel[] {
  return entries(list.data, 'id', '/api/v0/models').map(({ entry: m, id }) => {
    const type: ModelType = m.type === 'llm' || m.type === 'vlm' ? m.type : m.type === 'embeddings' || m.type === 'embedding' ? 'embedding' : 'unknown';
    const loaded = m.state === 'loaded';
    const model: LmModel = { id, type, loaded };
    const contextLength = num(m.loaded_context_length);
    if (contextLength !== undefined) model.contextLength = contextLength;
    const maxContext = num(m.max_context_length);
    if (maxContext !== undefined) model.maxContextLength = maxContext;
    if (Array.isArray(m.capabilities)) model.toolUse = m.capabilities.includes('tool_use');
    else if (type === 'embedding') model.toolUse = false;
    if (type === 'vlm') model.vision = true;
    const quantization = str(m.quantization);
    if (quantization !== undefined) model.quantization = quantization;
    const publisher = str(m.publisher);
    if (publisher !== undefined) model.publisher = publisher;
    if (loaded) model.instances = [contextLength !== undefined ? { id, contextLength } : { id }];
    return model;
  });
}

/** `/v1/models` (every version, and other OpenAI-compatible servers): ids only; embeddings guessed from the id. */
export function modelsFromOpenAi(list: Schemas['ModelList']): LmModel[] {
  return entries(list.data, 'id', '/v1/models').map(({ id }) => ({ id, type: looksLikeEmbedding(id) ? 'embedding' : 'unknown' }));
}

export function looksLikeEmbedding(id: string): boolean {
  return /embed|bge-|\bgte-|e5-|minilm/i.test(id);
}
