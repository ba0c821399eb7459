// The embeddings surface: `POST /v1/embeddings`.
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { EmbeddingRequest } from '../domain/types.js';
import { requireArray, type ClientCore } from './core.js';
import type { CallOptions } from './options.js';

type Schemas = components['schemas'];

export interface EmbeddingsSurface {
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<number[][]>;
}

export function createEmbeddingsSurface(core: ClientCore): EmbeddingsSurface {
  async function embed(request: EmbeddingRequest, call?: CallOptions): Promise<number[][]> {
    if (typeof request?.model !== 'string' || request.model === '') {
      throw new LmStudioError('bad-request', { message: 'The embedding request needs a model id.' });
    }
    const body = { model: request.model, input: request.input };
    const response = await core.json<Schemas['EmbeddingResponse']>(
      core.context('POST', '/v1/embeddings', request.model),
      core.totalDeadline(call),
      false,
      (baseUrl, signal) => core.api.POST('/v1/embeddings', { baseUrl, signal, body, parseAs: 'stream' }),
    );
    requireArray(response, 'data', '/v1/embeddings');
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vectors.some((v) => !Array.isArray(v))) {
      throw new LmStudioError('bad-response', { message: 'LM Studio answered /v1/embeddings without vectors.' });
    }
    return vectors;
  }

  return { embed };
}
