// The client's factory: builds the shared core once and wires each surface onto it. No request logic lives here.
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/lmstudio.js';
import { createChatSurface, type ChatSurface } from './chat.js';
import { createCore } from './core.js';
import { createDownloadSurface, type DownloadSurface } from './downloads.js';
import { createEmbeddingsSurface, type EmbeddingsSurface } from './embeddings.js';
import { createModelsSurface, type ModelsSurface } from './models.js';
import { createNativeChatSurface, type NativeChatSurface } from './native-chat.js';
import type { LmStudioClientOptions } from './options.js';
import { createResponsesSurface, type ResponsesSurface } from './responses.js';

export type { CallOptions, LmStudioClientOptions, LoadedModel, LoadModelOptions, ModelSurface, ServerInfo } from './options.js';

/**
 * The LM Studio client: every surface (models, chat, embeddings, …) over one connection, one set of limits and
 * one API key. Each method rejects only with `LmStudioError`.
 */
export interface LmStudioClient extends ModelsSurface, ChatSurface, EmbeddingsSurface, NativeChatSurface, DownloadSurface, ResponsesSurface {
  /** The openapi-fetch client typed by generated/: any path of openapi/lmstudio.yaml, unwrapped. */
  readonly api: Client<paths>;
  /** The normalised server root. */
  readonly baseUrl: string;
}

/**
 * Makes an LM Studio client. Nothing is sent until the first call; the client holds no timer or socket, so it
 * needs no closing. Defaults: server `http://localhost:1234` (a refused `localhost` is retried once on
 * `127.0.0.1`), API key from the `LM_API_TOKEN` environment variable where there is one, the global `fetch`, and
 * {@link DEFAULT_TIMEOUTS}.
 *
 * @param options - Server, key, fetch, headers, timeouts and size limits; see {@link LmStudioClientOptions}.
 * @returns The client: models, chat, streaming, structured output, tool loop, embeddings, load and unload.
 * @throws {@link LmStudioError} `bad-request` at once for an unusable option: a `baseUrl` that is not http(s) or
 *   does not parse, a header value with a line break, a size limit that is not a positive number.
 *
 * @example
 * ```ts
 * import { createLmStudioClient } from '@openorbit/ext-ai-lm-studio';
 *
 * const lm = createLmStudioClient({ baseUrl: 'http://127.0.0.1:1234', timeouts: { firstTokenMs: 30_000 } });
 * const answer = await lm.chat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(answer.content);
 * ```
 */
export function createLmStudioClient(options: LmStudioClientOptions = {}): LmStudioClient {
  const core = createCore(options);
  return {
    api: core.api,
    baseUrl: core.root,
    ...createModelsSurface(core),
    ...createChatSurface(core),
    ...createEmbeddingsSurface(core),
    ...createNativeChatSurface(core),
    ...createDownloadSurface(core),
    ...createResponsesSurface(core),
  };
}
