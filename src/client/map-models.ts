import type { components } from '../../generated/lmstudio.js';
import type { LmModel, ModelType } from '../domain/types.js';

type Schemas = components['schemas'];

/** `/api/v1/models` (LM Studio 0.4+): the richest surface; loaded context comes from the instances. */
export function modelsFromApiV1(list: Schemas['ModelListV1']): LmModel[] {
  return list.models.map((m) => {
    const vision = m.capabilities?.vision;
    const type: ModelType = m.type === 'embedding' || m.type === 'embeddings' ? 'embedding' : m.type === 'llm' || m.type === 'vlm' ? (vision || m.type === 'vlm' ? 'vlm' : 'llm') : 'unknown';
    const instances = (m.loaded_instances ?? []).map((instance) => {
      const contextLength = instance.config?.context_length;
      return typeof contextLength === 'number' ? { id: instance.id, contextLength } : { id: instance.id };
    });
    const model: LmModel = { id: m.key, type, loaded: instances.length > 0, instances };
    const contextLength = instances[0]?.contextLength;
    if (contextLength !== undefined) model.contextLength = contextLength;
    if (typeof m.max_context_length === 'number') model.maxContextLength = m.max_context_length;
    if (typeof m.capabilities?.trained_for_tool_use === 'boolean') model.toolUse = m.capabilities.trained_for_tool_use;
    else if (type === 'embedding') model.toolUse = false;
    if (typeof vision === 'boolean') model.vision = vision;
    const reasoning = m.capabilities?.reasoning;
    if (reasoning && Array.isArray(reasoning.allowed_options)) {
      model.reasoning = reasoning.default !== undefined ? { options: reasoning.allowed_options, default: reasoning.default } : { options: reasoning.allowed_options };
    }
    if (typeof m.size_bytes === 'number') model.sizeBytes = m.size_bytes;
    if (m.quantization && typeof m.quantization.name === 'string') model.quantization = m.quantization.name;
    if (typeof m.publisher === 'string') model.publisher = m.publisher;
    if (typeof m.display_name === 'string') model.displayName = m.display_name;
    return model;
  });
}

/** `/api/v0/models` (LM Studio 0.3.6+): type, state and context lengths. */
export function modelsFromApiV0(list: Schemas['ModelListV0']): LmModel[] {
  return list.data.map((m) => {
    const type: ModelType = m.type === 'llm' || m.type === 'vlm' ? m.type : m.type === 'embeddings' || m.type === 'embedding' ? 'embedding' : 'unknown';
    const loaded = m.state === 'loaded';
    const model: LmModel = { id: m.id, type, loaded };
    if (typeof m.loaded_context_length === 'number') model.contextLength = m.loaded_context_length;
    if (typeof m.max_context_length === 'number') model.maxContextLength = m.max_context_length;
    if (Array.isArray(m.capabilities)) model.toolUse = m.capabilities.includes('tool_use');
    else if (type === 'embedding') model.toolUse = false;
    if (type === 'vlm') model.vision = true;
    if (typeof m.quantization === 'string') model.quantization = m.quantization;
    if (typeof m.publisher === 'string') model.publisher = m.publisher;
    if (loaded) model.instances = [model.contextLength !== undefined ? { id: m.id, contextLength: model.contextLength } : { id: m.id }];
    return model;
  });
}

/** `/v1/models` (every version, and other OpenAI-compatible servers): ids only; embeddings guessed from the id. */
export function modelsFromOpenAi(list: Schemas['ModelList']): LmModel[] {
  return list.data.map((m) => ({ id: m.id, type: looksLikeEmbedding(m.id) ? 'embedding' : 'unknown' }));
}

export function looksLikeEmbedding(id: string): boolean {
  return /embed|bge-|\bgte-|e5-|minilm/i.test(id);
}
