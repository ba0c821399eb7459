// The client's factory: builds the shared core once and wires each surface onto it. No request logic lives here.
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/lmstudio.js';
import { createChatSurface, type ChatSurface } from './chat.js';
import { createCore } from './core.js';
import { createEmbeddingsSurface, type EmbeddingsSurface } from './embeddings.js';
import { createModelsSurface, type ModelsSurface } from './models.js';
import type { LmStudioClientOptions } from './options.js';

export type { CallOptions, LmStudioClientOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './options.js';

/**
 * The LM Studio client: every surface (models, chat, embeddings, …) over one connection, one set of limits and
 * one API key. Each method rejects only with `LmStudioError`.
 */
export interface LmStudioClient extends ModelsSurface, ChatSurface, EmbeddingsSurface {
  /** The openapi-fetch client typed by generated/: any path of openapi/lmstudio.yaml, unwrapped. */
  readonly api: Client<paths>;
  /** The normalised server root. */
  readonly baseUrl: string;
}

export function createLmStudioClient(options: LmStudioClientOptions = {}): LmStudioClient {
  const core = createCore(options);
  return {
    api: core.api,
    baseUrl: core.root,
    ...createModelsSurface(core),
    ...createChatSurface(core),
    ...createEmbeddingsSurface(core),
  };
}
